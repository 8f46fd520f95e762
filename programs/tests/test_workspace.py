"""Workspaces by role: the enterprise's calls, applications (with what each waits for) and
payments; the officers' counts by stage; the city's budget per program and year; public notices."""

from decimal import Decimal

from django.utils import timezone

from core.workflow import transition
from programs import services
from programs.tests.helpers import make_drafted, make_policy, verify
from testing.personas import PersonaTestCase


class WorkspaceTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy(budget="900000.00")
        make_drafted("GB/T 41001-2024", [cls.organization])
        make_drafted("GB/T 41002-2024", [cls.other_organization])
        cls.application = services.application_submit(
            policy=cls.policy, organization=cls.organization, codes=["GB/T 41001-2024"],
            actor=cls.enterprise_user,
        )  # fmt: skip
        cls.other = services.application_submit(
            policy=cls.policy, organization=cls.other_organization, codes=["GB/T 41002-2024"],
            actor=cls.other_enterprise_user,
        )  # fmt: skip

    def test_it_shows_the_enterprise_its_calls_applications_waits_and_payments(self):
        self.login(self.enterprise_user)
        page = self.client.get("/workspace/").content.decode()
        assert "2025年度征集通知" in page and "申报资助" in page
        assert self.application.get_absolute_url() in page
        assert self.other.get_absolute_url() not in page
        assert "县级初审（县(市、区)市场监管局" in page
        assert "暂无拨付记录" in page

    def test_it_shows_the_county_its_county_only_and_its_queue(self):
        self.login(self.county_officer)
        page = self.client.get("/workspace/").content.decode()
        assert "资助申报各环节" in page
        assert "待县级初审</span> 1" in page  # its county's one, not the other county's
        assert self.application.get_absolute_url() in page  # the queue (work item)
        assert "预算使用" not in page

    def test_it_shows_the_city_counts_budget_and_the_report(self):
        for app in (self.application, self.other):
            county = self.county_officer if app == self.application else self.other_county_officer
            transition(obj=app, action="county_check", actor=county)
        self.login(self.city_officer)
        page = self.client.get("/workspace/").content.decode()
        assert "待市级审核</span> 2" in page
        assert "预算使用" in page and "¥900,000.00" in page
        assert "/subsidies/report/?year=2025" in page

    def test_award_notices_are_public_during_and_after_their_period(self):
        from publicity.services import notice_publish

        notice_publish(
            obj=self.policy, title="2025年度拟资助名单公示", body="正文",
            starts_on=timezone.localdate(), days=5, actor=self.city_officer,
        )  # fmt: skip
        page = self.client.get("/subsidies/notices/").content.decode()
        assert "2025年度拟资助名单公示" in page
        home = self.client.get("/").content.decode()
        assert "/subsidies/notices/" in home and "/reform/" in home  # footer and main menus

    def test_the_budget_left_counts_grants_from_publicity_on(self):
        from programs.selectors import budget_use

        assert budget_use(self.policy)["left"] == Decimal("900000.00")


class WorkspaceQueryTests(PersonaTestCase):
    """The enterprise's programs section costs the same number of queries for 1 or 5 records."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization)
        cls.policy = make_policy()
        make_drafted("GB/T 41001-2024", [cls.organization])

    def submit(self):
        services.application_submit(
            policy=self.policy, organization=self.organization, codes=["GB/T 41001-2024"],
            actor=self.enterprise_user,
        )  # fmt: skip

    def count(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from programs.selectors import workspace_for

        with CaptureQueriesContext(connection) as queries:
            workspace_for(self.enterprise_user)
        return len(queries)

    def test_it_does_not_query_per_application(self):
        self.submit()
        self.count()  # warm the content-type cache
        one = self.count()
        for _ in range(4):
            self.submit()
        assert self.count() == one
