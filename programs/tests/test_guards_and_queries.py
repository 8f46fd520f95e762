"""Guards the engine will use, and pinned query counts of the list pages."""

import datetime as dt
from decimal import Decimal

from programs.guards import (
    application_allocated,
    application_fully_paid,
    application_has_eligible_items,
    pilot_has_achievements,
)
from programs.models import PilotProject
from programs.services import application_submit, payment_record
from programs.tests.helpers import make_drafted, make_policy, set_state, verify
from testing.personas import PersonaTestCase


class GuardTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization)
        cls.policy = make_policy()
        make_drafted("GB/T 41001-2024", [cls.organization])

    def submit(self, *codes):
        return application_submit(
            policy=self.policy, organization=self.organization, codes=codes,
            actor=self.enterprise_user,
        )  # fmt: skip

    def test_guards_explain_what_is_missing(self):
        assert "均不符合" in application_has_eligible_items(self.submit("GB/T 9-2024"))
        application = self.submit("GB/T 41001-2024")
        assert application_has_eligible_items(application) is None
        assert application_allocated(application) == "尚未保存分配方案。"
        set_state(application, "approved")
        assert "已登记拨付 0.00 元" in application_fully_paid(application)
        payment_record(
            application=application, paid_on=dt.date(2025, 9, 1), amount=Decimal("500000.00"),
            reference="R", actor=self.city_officer,
        )  # fmt: skip
        assert application_fully_paid(application) is None
        pilot = PilotProject(achievements="  ")
        assert pilot_has_achievements(pilot) == "请先填写建设成效。"


# Session, user with their roles, memberships (one query for the acting one and the scope keys); the queues
# (no oversight query for a role that oversees nothing); the programs' records and what they wait
# for (one query for applications and pilots together); the latest notifications and the unread
# count together (one query).
QUERIES_ENTERPRISE_WORKSPACE = 11
QUERIES_OFFICER_WORKSPACE = 8


class QueryCountTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization)
        cls.policy = make_policy(cap=None)
        for n in range(5):
            make_drafted(f"GB/T 4100{n}-2024", [cls.organization])

    def test_the_application_list_reads_a_fixed_number_of_queries(self):
        self.login(self.city_officer)
        application_submit(
            policy=self.policy, organization=self.organization, codes=["GB/T 41000-2024"],
            actor=self.enterprise_user,
        )  # fmt: skip
        self.client.get("/subsidies/applications/")  # warm caches (session, roles)
        with self.assertNumQueries(6) as first:
            self.client.get("/subsidies/applications/")
        for n in range(1, 5):
            application_submit(
                policy=self.policy, organization=self.organization,
                codes=[f"GB/T 4100{n}-2024"], actor=self.enterprise_user,
            )  # fmt: skip
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get("/subsidies/applications/")

    def add_pilot(self, n):
        PilotProject.objects.create(
            title=f"试点{n}", level="municipal", domain="industry",
            organization=self.organization, county=self.county, objectives="目标",
            period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 1, 1),
            state="building",
        )  # fmt: skip

    def test_the_pilot_list_reads_a_fixed_number_of_queries(self):
        self.add_pilot(0)
        self.client.get("/pilots/")
        with self.assertNumQueries(2) as first:
            self.client.get("/pilots/")
        for n in range(1, 6):
            self.add_pilot(n)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get("/pilots/")

    def submit_application(self, n):
        application_submit(
            policy=self.policy, organization=self.organization,
            codes=[f"GB/T 4100{n}-2024"], actor=self.enterprise_user,
        )  # fmt: skip

    def test_the_enterprise_workspace_reads_a_fixed_number_of_queries(self):
        def add(n):
            self.submit_application(n)
            self.add_pilot(n)

        self.login(self.enterprise_user)
        add(0)
        self.client.get("/workspace/")  # warm caches (session, roles)
        with self.assertNumQueries(QUERIES_ENTERPRISE_WORKSPACE) as first:
            response = self.client.get("/workspace/")
        assert "试点0" in response.content.decode()
        for n in range(1, 3):
            add(n)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get("/workspace/")
        assert "试点2" in response.content.decode()

    def test_the_officers_workspace_reads_the_same_queries_at_1_and_3_applications(self):
        # An application is named by its policy and organization: the queue reads them with it.
        self.login(self.county_officer)
        self.submit_application(0)
        self.client.get("/workspace/")  # warm caches (session, roles)
        with self.assertNumQueries(QUERIES_OFFICER_WORKSPACE) as first:
            response = self.client.get("/workspace/")
        assert "资助申报·" in response.content.decode()
        for n in range(1, 3):
            self.submit_application(n)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get("/workspace/")
        assert response.content.decode().count("资助申报·") >= 3
