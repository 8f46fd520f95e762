"""Builders shared by the profiles' tests."""

import datetime as dt
from decimal import Decimal

from catalog.models import StandardDraftingOrganization
from catalog.tests.factories import make_standard
from directory.models import Organization


def verify(*organizations: Organization) -> None:
    Organization.objects.filter(pk__in=[o.pk for o in organizations]).update(
        verification_state="verified"
    )


def drafted(organization, code, title="示例标准", position=1, **fields):
    standard = make_standard(code, title, **fields)
    StandardDraftingOrganization.objects.create(
        standard=standard,
        position=position,
        name=organization.name,
        organization=organization,
        match="name",
    )
    return standard


def pilot(organization, title, state):
    from programs.models import PilotProject

    return PilotProject.objects.create(
        title=title,
        level="municipal",
        domain="industry",
        organization=organization,
        county=organization.region,
        objectives="目标",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
        state=state,
    )


def award(organization, year, state, total="100000.00"):
    from programs.models import SubsidyApplication, SubsidyPolicy

    policy, _ = SubsidyPolicy.objects.get_or_create(
        year=year,
        defaults={
            "title": f"{year}年资助奖励",
            "budget": Decimal("1000000.00"),
            "window_start": dt.date(year - 1, 1, 1),
            "window_end": dt.date(year - 1, 12, 31),
        },
    )
    return SubsidyApplication.objects.create(
        policy=policy, organization=organization, state=state, total=Decimal(total)
    )
