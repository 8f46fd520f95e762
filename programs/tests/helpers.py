"""Builders for programs tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from calls.models import Call
from catalog.models import StandardDraftingOrganization
from catalog.tests.factories import make_standard
from directory.choices import VerificationState
from directory.models import Organization
from programs.choices import AwardKind, AwardRole, SubsidyState
from programs.models import SubsidyApplication, SubsidyPolicy, SubsidyRate

RATES = {
    (AwardKind.NATIONAL, AwardRole.LEAD): Decimal("500000.00"),
    (AwardKind.NATIONAL, AwardRole.PARTICIPATE): Decimal("100000.00"),
    (AwardKind.INDUSTRY, AwardRole.LEAD): Decimal("300000.00"),
    (AwardKind.INDUSTRY, AwardRole.PARTICIPATE): Decimal("50000.00"),
    (AwardKind.GROUP, AwardRole.LEAD): Decimal("50000.00"),
    (AwardKind.UPGRADED, AwardRole.LEAD): Decimal("600000.00"),
    (AwardKind.FORERUNNER, AwardRole.LEAD): Decimal("200000.00"),
}


def make_call(program="subsidy", year=2025, *, open_now=True) -> Call:
    """A call whose window contains now (or ended yesterday)."""
    now = timezone.now()
    opens = now - dt.timedelta(days=30)
    closes = now + dt.timedelta(days=30) if open_now else now - dt.timedelta(days=1)
    return Call.objects.create(
        program=program, year=year, title=f"{year}年度征集通知", opens_at=opens, closes_at=closes
    )


def make_policy(year=2025, budget="2000000.00", cap="800000.00", **fields) -> SubsidyPolicy:
    fields.setdefault("call", make_call("subsidy", year))
    policy = SubsidyPolicy.objects.create(
        year=year,
        title=f"{year}年度标准化资助奖励",
        budget=Decimal(budget),
        enterprise_cap=Decimal(cap) if cap is not None else None,
        window_start=dt.date(year - 1, 1, 1),
        window_end=dt.date(year - 1, 12, 31),
        **fields,
    )
    SubsidyRate.objects.bulk_create(
        SubsidyRate(policy=policy, kind=k, role=r, amount=a) for (k, r), a in RATES.items()
    )
    return policy


def make_drafted(code, units, issue_date=dt.date(2024, 6, 1), title="示例标准", **fields):
    """A standard with drafting units: each a name or an Organization, in order."""
    standard = make_standard(code, title, issue_date=issue_date, **fields)
    for position, unit in enumerate(units, start=1):
        org = unit if isinstance(unit, Organization) else None
        StandardDraftingOrganization.objects.create(
            standard=standard, position=position, name=org.name if org else unit, organization=org
        )
    return standard


def verify(*organizations):
    for org in organizations:
        Organization.objects.filter(pk=org.pk).update(verification_state=VerificationState.VERIFIED)
        org.refresh_from_db()


def set_state(application, state: str) -> SubsidyApplication:
    """Until the process is declared on the engine, tests move records directly."""
    SubsidyApplication.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


APPROVED = SubsidyState.APPROVED
