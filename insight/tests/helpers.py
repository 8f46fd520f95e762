"""A small city for the statistics tests: standards drafted by local and outside organizations,
a functional area, clusters, local-standard and provincial projects, pilots and payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from catalog.choices import DraftingRole
from catalog.models import Standard, StandardDraftingOrganization
from catalog.tests.factories import make_standard
from core.models import StatusChange
from directory.models import Organization
from drafting.models import LocalStandardProject
from programs.models import PilotProject, SubsidyApplication, SubsidyPayment, SubsidyPolicy
from provincial.models import ProvincialProject
from reference.models import IndustryCluster, Region, RegionLevel
from testing.personas import PersonaTestCase

LOCAL = "3708"


def unit(standard, position, organization=None, *, role=DraftingRole.PARTICIPANT, name=""):
    return StandardDraftingOrganization.objects.create(
        standard=standard,
        position=position,
        name=name or (organization.name if organization else "外地单位"),
        organization=organization,
        role=role,
    )


class CityTestCase(PersonaTestCase):
    """PersonaTestCase plus the dataset every figure is checked against."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.area = Region.objects.create(
            code="3708F01",
            name="太白湖新区",
            level=RegionLevel.COUNTY,
            parent=cls.city,
            is_functional_area=True,
        )
        other_city = Region.objects.create(
            code="3701", name="济南市", level=RegionLevel.CITY, parent=cls.province
        )
        outside_county = Region.objects.create(
            code="370102", name="历下区", level=RegionLevel.COUNTY, parent=other_city
        )
        cls.area_org = Organization.objects.create(name="太白湖示范科技有限公司", region=cls.area)
        cls.outsider = Organization.objects.create(name="济南外地有限公司", region=outside_county)
        cls.cluster = IndustryCluster.objects.create(code="C1", name="高端装备", order=1)
        cls.other_cluster = IndustryCluster.objects.create(code="C2", name="新能源", order=2)
        cls.organization.clusters.add(cls.cluster, cls.other_cluster)
        cls.area_org.clusters.add(cls.other_cluster)

        org, other, area, outsider = (
            cls.organization,
            cls.other_organization,
            cls.area_org,
            cls.outsider,
        )
        d = dt.date
        # led by org (first), other joins
        s1 = make_standard("GB/T 30001-2021", kind="national", issue_date=d(2021, 3, 1))
        unit(s1, 1, org)
        unit(s1, 2, other)
        # outsider first, org marked lead at position 2: led by org
        s2 = make_standard("JB/T 30002-2022", kind="industry", issue_date=d(2022, 5, 1))
        unit(s2, 1, outsider)
        unit(s2, 2, org, role=DraftingRole.LEAD)
        # outsider leads, area org joins
        s3 = make_standard("DB37/T 30003-2022", kind="provincial", issue_date=d(2022, 6, 1))
        unit(s3, 1, outsider)
        unit(s3, 2, area)
        # municipal, led by area org, joined by org; not public
        s4 = make_standard(
            "DB3708/T 30004-2023", kind="municipal", issue_date=d(2023, 1, 1), is_public=False
        )
        unit(s4, 1, area)
        unit(s4, 2, org)
        # group standard without date, joined by other (no organization link for the first unit)
        s5 = make_standard("T/JN 30005-2023", kind="group", issue_date=None)
        unit(s5, 1, None, name="未关联单位")
        unit(s5, 2, other)
        # enterprise standards self-declared
        s6 = make_standard("Q/JNA 001-2023", kind="enterprise", issue_date=d(2023, 7, 1))
        unit(s6, 1, org)
        s7 = make_standard("Q/JNB 002-2024", kind="enterprise", issue_date=d(2024, 7, 1))
        unit(s7, 1, area)
        s8 = make_standard("Q/JNC 003-2024", kind="enterprise", issue_date=d(2024, 8, 1))
        unit(s8, 1, outsider)
        # abolished national, nobody local
        make_standard("GB/T 30009-2000", kind="national", status="abolished")

        now = timezone.now()
        project_type = ContentType.objects.get_for_model(LocalStandardProject)

        def project(title, state, *, plan, organization, year, days_in_state, history=()):
            p = LocalStandardProject.objects.create(
                title=title,
                sponsor=cls.city_officer,
                sponsor_department="市农业农村局",
                organization=organization,
                scope="范围",
                reason="理由",
                main_content="内容",
                year=year,
                plan_number=plan,
                state=state,
                state_changed_at=now - dt.timedelta(days=days_in_state),
            )
            for to_state, days_ago in history:
                StatusChange.objects.create(
                    process="local_standard",
                    action="test",
                    to_state=to_state,
                    content_type=project_type,
                    object_id=str(p.pk),
                    at=now - dt.timedelta(days=days_ago),
                )
            return p

        project(
            "甲项目",
            "comment",
            plan="2025-001",
            organization=org,
            year=2025,
            days_in_state=10,
            history=[("draft", 100), ("submitted", 90), ("comment", 10)],
        )
        project(
            "乙项目",
            "comment",
            plan="2025-002",
            organization=area,
            year=2025,
            days_in_state=30,
            history=[("draft", 60), ("submitted", 55), ("comment", 30)],
        )
        project(
            "丙项目",
            "submitted",
            plan="",
            organization=other,
            year=2026,
            days_in_state=3,
            history=[("draft", 7), ("submitted", 3)],
        )
        for plan, stage, county, year in (
            ("DB37-2025-01", "drafting", cls.county, 2025),
            ("DB37-2025-02", "published", cls.area, 2025),
            ("DB37-2026-01", "drafting", None, 2026),
        ):
            ProvincialProject.objects.create(
                title=plan, plan_number=plan, year=year, stage=stage, county=county
            )
        for title, level, state, organization, county, start in (
            ("试点一", "national", "building", org, cls.county, d(2024, 1, 1)),
            ("试点二", "provincial", "building", area, cls.area, d(2025, 1, 1)),
            ("试点三", "municipal", "applied", other, cls.other_county, d(2025, 3, 1)),
            ("试点四", "municipal", "passed", org, cls.county, d(2022, 1, 1)),
        ):
            PilotProject.objects.create(
                title=title,
                level=level,
                domain="industry",
                organization=organization,
                county=county,
                objectives="目标",
                period_start=start,
                period_end=start + dt.timedelta(days=700),
                state=state,
            )
        for year, budget in ((2025, Decimal("100000.00")), (2026, Decimal("50000.00"))):
            SubsidyPolicy.objects.create(
                year=year,
                title=f"{year}年资助政策",
                budget=budget,
                window_start=d(year - 1, 1, 1),
                window_end=d(year - 1, 12, 31),
            )
        policy = SubsidyPolicy.objects.get(year=2025)
        for organization, amounts in ((org, ["1000.10", "2000.25"]), (other, ["333.33"])):
            application = SubsidyApplication.objects.create(
                policy=policy, organization=organization, state="paid"
            )
            for i, amount in enumerate(amounts):
                SubsidyPayment.objects.create(
                    application=application,
                    paid_on=d(2025, 6, i + 1),
                    amount=Decimal(amount),
                    reference=f"PZ-{organization.pk}-{i}",
                )


def direct_standards(scope: str, *, led: bool = False, **filters) -> int:
    """Standards with a local drafting unit (leading it, if `led`), counted straight."""
    qs = Standard.objects.all() if scope == "bureau" else Standard.objects.filter(is_public=True)
    unit_q = Q(drafting_units__organization__region__code__startswith=LOCAL)
    for key, value in filters.items():
        if key.startswith("unit__"):
            unit_q &= Q(**{"drafting_units__" + key.removeprefix("unit__"): value})
        else:
            qs = qs.filter(**{key: value})
    if led:
        unit_q &= Q(drafting_units__position=1) | Q(drafting_units__role=DraftingRole.LEAD)
    return qs.filter(unit_q).distinct().count()
