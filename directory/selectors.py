"""Reads of the directory, always scoped to the user."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from catalog.choices import DraftingRole
from catalog.models import Standard, StandardDraftingOrganization
from directory.choices import MembershipState
from directory.models import Expert, Organization


def organizations_visible_to(user) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).select_related("region", "industry")


def organization_standards(*, organization: Organization, user) -> dict[str, list[Standard]]:
    """Standards the organization led (主要起草单位) or joined, among those the user may see."""
    links = (
        StandardDraftingOrganization.objects.filter(
            organization=organization, standard__in=Standard.objects.visible_to(user)
        )
        .select_related("standard")
        .order_by("-standard__issue_date", "standard__code_key")
    )
    result: dict[str, list[Standard]] = {"led": [], "joined": []}
    for link in links:
        result["led" if link.role == DraftingRole.LEAD else "joined"].append(link.standard)
    return result


def experts_eligible_for(organization: Organization | None) -> QuerySet[Expert]:
    """Experts who may review the organization's work: active and available, not employed by it,
    with no declared conflict with it."""
    qs = Expert.objects.filter(is_active=True, is_available=True)
    if organization is None:
        return qs
    return qs.exclude(
        Q(employer=organization)
        | Q(user__organization=organization)
        | Q(conflicts__organization=organization)
    ).distinct()


def memberships_pending(organization: Organization):
    return organization.memberships.filter(state=MembershipState.PENDING).select_related("user")
