"""The catalog's parts of other apps' pages (see `core.sections`)."""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string

from catalog.choices import DraftingRole
from catalog.models import SCOPE_ALL, Standard, StandardDraftingOrganization, search_scopes

# The organization page shows the latest few; the profile (profiles app) pages through them all.
SHOWN = 10
# Led: the first drafting unit or one named 主要起草单位 (profiles.selectors.LED_Q agrees).
LED = Q(position=1) | Q(role=DraftingRole.LEAD)


def organization_standards(*, organization, user) -> dict[str, list[Standard]]:
    """The latest standards the organization led (主要起草单位) or joined, among those the user
    may see, and how many there are of each (`led_count`, `joined_count`)."""
    links = StandardDraftingOrganization.objects.filter(organization=organization)
    if SCOPE_ALL not in search_scopes(user):  # a join on the flag, not an IN over the catalog
        links = links.filter(standard__is_public=True)
    result: dict = {}
    for key, part in (
        ("led", links.filter(LED)),
        ("joined", links.exclude(LED)),
    ):
        result[key] = [
            link.standard
            for link in part.select_related("standard").order_by(
                "-standard__issue_date", "standard__code_key"
            )[:SHOWN]
        ]
        result[f"{key}_count"] = part.count()
    return result


def organization_detail_section(request, organization) -> str:
    standards = organization_standards(organization=organization, user=request.user)
    return render_to_string(
        "catalog/includes/organization_standards.html", {"standards": standards}, request
    )
