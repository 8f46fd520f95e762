"""Reads of the directory, always scoped to the user."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.compiled_queries import compiled_query
from directory.choices import MembershipRole, MembershipState
from directory.models import Expert, Membership, Organization


def organizations_visible_to(user) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).select_related("region", "industry")


def active_memberships(user) -> QuerySet[Membership]:
    """The user's active memberships, oldest first (`active_membership_list` puts the ones they
    administer first)."""
    return _active_memberships_of_id(user.pk)


def _active_memberships_of_id(user_id) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user_id, state=MembershipState.ACTIVE)
        .select_related("organization", "organization__region")
        .order_by("created_at", "pk")
    )


# Every signed-in page reads them: the SQL compiled once per process.
_active_membership_rows = compiled_query(int)(_active_memberships_of_id)


def organization_of(user) -> Organization | None:
    """The organization a user acts for: the one source of truth is their active membership
    (one they administer first). None for anonymous users and people without one. Cached on the
    user object for the request."""
    membership = acting_membership(user)
    return membership.organization if membership else None


def acting_membership(user) -> Membership | None:
    """The active membership `organization_of` reads, cached on the user object for the request
    (its role answers "does the user administer their own organization" without a query)."""
    memberships = active_membership_list(user)
    return memberships[0] if memberships else None


def active_membership_list(user) -> list[Membership]:
    """`active_memberships(user)` read once per request (cached on the user object), the ones
    they administer first: the acting membership is its first, the workflow's scope keys are read
    from all of them. Sorted here, not in SQL: a person has one or two memberships, and the
    ordering expression cost more to compile than the query took (every signed-in page reads it)."""
    if user is None or not user.is_authenticated:
        return []
    if not hasattr(user, "_active_memberships"):
        memberships = _active_membership_rows(user.pk)
        user._active_memberships = sorted(memberships, key=lambda m: m.role != MembershipRole.ADMIN)
    return user._active_memberships


def administers_own_organization(user) -> bool:
    """Whether the user is an active administrator of the organization they act for: the same
    answer as `is_org_admin(user, user.organization)` (one membership per user and organization)."""
    membership = acting_membership(user)
    return membership is not None and membership.role == MembershipRole.ADMIN


def experts_eligible_for(organization: Organization | None) -> QuerySet[Expert]:
    """Experts who may review the organization's work: active and available, not employed by it
    nor a member of it, with no declared conflict with it."""
    qs = Expert.objects.filter(is_active=True, is_available=True)
    if organization is None:
        return qs
    members = Membership.objects.filter(organization=organization, state=MembershipState.ACTIVE)
    return qs.exclude(
        Q(employer=organization)
        | Q(user__in=members.values("user"))
        | Q(conflicts__organization=organization)
    ).distinct()


def memberships_pending(organization: Organization):
    return organization.memberships.filter(state=MembershipState.PENDING).select_related("user")
