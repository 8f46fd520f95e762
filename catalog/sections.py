"""The catalog's parts of other apps' pages (see `core.sections`)."""

from __future__ import annotations

from django.template.loader import render_to_string

from catalog.choices import DraftingRole
from catalog.models import Standard, StandardDraftingOrganization


def organization_standards(*, organization, user) -> dict[str, list[Standard]]:
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


def organization_detail_section(request, organization) -> str:
    standards = organization_standards(organization=organization, user=request.user)
    return render_to_string(
        "catalog/includes/organization_standards.html", {"standards": standards}, request
    )
