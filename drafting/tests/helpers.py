"""The cast of a local standard project in the tests: personas, a 2026 call, two experts of the
pool with accounts, a score sheet (立项审查)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from accounts.roles import Role
from calls.services import call_create
from directory.models import Expert, Organization
from drafting import steps
from reviews.services import sheet_create

TODAY = dt.date(2026, 3, 2)  # a Monday, inside the call window


class ProjectCast:
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.expert2 = cls.make_user("expert2", Role.EXPERT)
        institute = Organization.objects.create(name="济宁市标准化研究院", region=cls.county)
        cls.experts = [
            Expert.objects.create(name="孙专家", user=cls.expert, employer=institute),
            Expert.objects.create(name="钱专家", user=cls.expert2),
        ]
        with steps.on(TODAY - dt.timedelta(days=20)):
            cls.call = call_create(
                program="local_standard",
                year=2026,
                title="2026年济宁市地方标准立项征集",
                opens_at=timezone.make_aware(dt.datetime(2026, 2, 1)),
                closes_at=timezone.make_aware(dt.datetime(2026, 4, 1)),
                actor=cls.city_officer,
            )
        cls.sheet = sheet_create(
            name="地方标准立项评审表",
            program="local_standard",
            pass_mark=Decimal("60"),
            criteria=[
                {"label": "立项必要性", "max_points": "40"},
                {"label": "技术可行性", "max_points": "60"},
            ],
            actor=cls.city_officer,
        )
        cls.cast = steps.Cast(
            sponsor=cls.sector_officer,
            drafter=cls.enterprise_user,
            county=cls.county_officer,
            city=cls.city_officer,
            experts=cls.experts,
            sheet=cls.sheet,
        )

    def apply(self, title="公务用车平台建设与管理规范", day=TODAY, **fields):
        return steps.apply(
            self.cast,
            day,
            call=self.call,
            title=title,
            units=[
                {
                    "name": self.organization.name,
                    "contact_person": "张工",
                    "contact_phone": "0537-1",
                },
                {"name": "济宁市标准化研究院"},
            ],
            **fields,
        )
