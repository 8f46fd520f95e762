"""What the score reads about an organization, gathered from the catalog and the programs into
the plain `scoring.Facts` (a handful of queries per organization, none per standard)."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from catalog.models import Standard, StandardDraftingOrganization
from directory.choices import VerificationState
from directory.models import CommitteeMember, Organization, Specialist
from profiles.scoring import Facts, StandardFact
from profiles.selectors import LED_Q

# Recognized achievements only: a pilot once accepted for build-out, an award once approved.
AWARD_STATES = ("approved", "paid", "evaluated", "archived")


def facts_of(organization: Organization, *, year: int | None = None) -> Facts:
    from programs.choices import PILOT_PUBLIC_STATES
    from programs.models import Forerunner, PilotProject, SubsidyApplication

    year = year or timezone.localdate().year
    links = StandardDraftingOrganization.objects.filter(
        organization=organization, standard__is_public=True
    )
    rows = list(
        links.values_list(
            "standard_id", "standard__code", "standard__title", "standard__kind",
            "standard__issue_date", "position", "role",
        ).order_by("standard_id", "position")
    )  # fmt: skip
    lead_ids = set(links.filter(LED_Q).values_list("standard_id", flat=True))
    ics = defaultdict(set)
    through = Standard.ics.through
    for standard_id, code in through.objects.filter(
        standard_id__in=links.values("standard_id")
    ).values_list("standard_id", "icsclass_id"):
        ics[standard_id].add(code.split(".")[0])
    seen: set[int] = set()
    standards = []
    for standard_id, code, title, kind, issued, _position, _role in rows:
        if standard_id in seen:  # one line per standard, its best role
            continue
        seen.add(standard_id)
        standards.append(
            StandardFact(
                code=code,
                title=title,
                kind=kind,
                role="lead" if standard_id in lead_ids else "participant",
                year=issued.year if issued else None,
                ics_fields=tuple(sorted(ics[standard_id])),
            )
        )
    return Facts(
        year=year,
        standards=tuple(standards),
        pilots=tuple(
            PilotProject.objects.filter(
                organization=organization, state__in=PILOT_PUBLIC_STATES
            ).values_list("title", flat=True)
        ),
        awards=tuple(
            f"{y}年资助奖励"
            for y in SubsidyApplication.objects.filter(
                organization=organization, state__in=AWARD_STATES
            ).values_list("policy__year", flat=True)
        ),
        forerunners=tuple(
            f"{y}年 {field}"
            for y, field in Forerunner.objects.filter(organization=organization).values_list(
                "year", "field"
            )
        ),
        specialists=Specialist.objects.filter(
            organization=organization, state=VerificationState.VERIFIED
        ).count(),
        committees=tuple(
            f"{code} {name}"
            for code, name in CommitteeMember.objects.filter(organization=organization).values_list(
                "committee__code", "name"
            )
        ),
    )
