"""The workspace: what waits for the user, across every registered process."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from core.workflow import transition
from directory.models import Organization
from notifications.models import Notification
from testing.personas import PersonaTestCase
from workspace.selectors import oversight_for, queues_for


class QueueTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for organization, admin in (
            (cls.organization, cls.enterprise_user),
            (cls.other_organization, cls.other_enterprise_user),
        ):
            transition(obj=organization, action="submit", actor=admin)
        transition(obj=cls.other_organization, action="verify", actor=cls.other_county_officer)

    def queued(self, user):
        return {item.obj for queue in queues_for(user) for item in queue.items}

    def test_it_lists_what_waits_for_the_officer_not_what_is_done(self):
        # The city bureau may revoke a verification at any time; that is not work waiting.
        assert self.queued(self.county_officer) == {self.organization}
        assert self.queued(self.other_county_officer) == set()

    def test_the_city_sees_the_county_queue_as_oversight_not_as_its_own(self):
        assert self.queued(self.city_officer) == set()
        overseen = {item.obj for queue in oversight_for(self.city_officer) for item in queue.items}
        assert overseen == {self.organization}
        assert oversight_for(self.county_officer) == []
        self.login(self.city_officer)
        body = self.client.get("/workspace/").content.decode()
        assert "各县待办（督办）" in body and self.organization.name in body

    def test_an_organization_without_county_waits_for_the_city_itself(self):
        lone = Organization.objects.create(name="无区县机构", uscc="91370800MA3C00001X")
        admin = self.make_user("lone_admin", Role.ENTERPRISE, lone)
        transition(obj=lone, action="submit", actor=admin)
        assert lone in self.queued(self.city_officer)
        assert lone not in self.queued(self.county_officer)

    def test_the_task_notification_is_done_when_the_item_is_handled(self):
        with self.captureOnCommitCallbacks(execute=True):
            transition(
                obj=self.organization,
                action="return",
                actor=self.county_officer,
                opinion="请补充营业执照",
            )
        # The applicant is told, and their notification is a task until they resubmit.
        told = Notification.objects.get(recipient=self.enterprise_user, kind="workflow")
        assert told.read_at is None
        with self.captureOnCommitCallbacks(execute=True):
            transition(obj=self.organization, action="resubmit", actor=self.enterprise_user)
        told.refresh_from_db()
        assert told.read_at is not None
        # The officers' notifications about the resubmission stay until they handle it.
        officer_note = Notification.objects.get(recipient=self.county_officer, read_at=None)
        with self.captureOnCommitCallbacks(execute=True):
            transition(obj=self.organization, action="verify", actor=self.county_officer)
        officer_note.refresh_from_db()
        assert officer_note.read_at is not None

    def test_the_page_shows_the_queue(self):
        self.login(self.county_officer)
        response = self.client.get("/workspace/")
        assert self.organization.name in response.content.decode()


class QueueQueryCountTests(PersonaTestCase):
    """The county officer's workspace reads work items: a constant number of queries."""

    def add_waiting(self, count):
        for _ in range(count):
            n = Organization.objects.count()
            org = Organization.objects.create(
                name=f"任城测试机构{n:03d}", uscc=f"9137081100000{n:04d}X", region=self.county
            )
            admin = self.make_user(f"admin{n}", Role.ENTERPRISE, org)
            transition(obj=org, action="submit", actor=admin)

    def page_queries(self):
        self.login(self.county_officer)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/workspace/")
        assert response.status_code == 200
        return len(queries)

    def test_it_runs_the_same_number_of_queries_at_1_21_and_100_items(self):
        self.add_waiting(1)
        at_1 = self.page_queries()
        self.add_waiting(20)
        at_21 = self.page_queries()
        self.add_waiting(79)
        at_100 = self.page_queries()
        assert at_1 == at_21 == at_100, (at_1, at_21, at_100)
        assert len(queues_for(self.county_officer)[0].items) == 100


class DeadlineSettingPageTests(PersonaTestCase):
    def test_the_city_sets_a_stage_deadline_from_its_workspace(self):
        from core.models import AuditEvent, StageDeadlineSetting

        self.login(self.city_officer)
        assert "/workspace/deadlines/" in self.client.get("/workspace/").content.decode()
        page = self.client.get("/workspace/deadlines/").content.decode()
        assert "机构认证" in page and "5 个工作日" in page
        self.client.post(
            "/workspace/deadlines/",
            {"process": "organization_verification", "state": "submitted", "days": "7"},
        )
        setting = StageDeadlineSetting.objects.get()
        assert (setting.days, setting.working) == (7, False)
        assert AuditEvent.objects.filter(action="workflow.deadline_setting").exists()

    def test_invalid_input_changes_nothing(self):
        from core.models import StageDeadlineSetting

        self.login(self.city_officer)
        for data in (
            {"process": "organization_verification", "state": "submitted", "days": "-1"},
            {"process": "nope", "state": "submitted", "days": "3"},
            {"process": "organization_verification", "state": "verified", "days": "3"},
        ):
            self.client.post("/workspace/deadlines/", data)
        assert not StageDeadlineSetting.objects.exists()

    def test_the_county_has_no_link_and_no_access(self):
        self.login(self.county_officer)
        assert "/workspace/deadlines/" not in self.client.get("/workspace/").content.decode()
        assert self.client.get("/workspace/deadlines/").status_code == 403


class OrganizationProfileCardTests(PersonaTestCase):
    def test_the_enterprise_sees_its_own_stored_score_and_a_link_to_its_profile(self):
        from django.template.defaultfilters import floatformat

        from profiles.services import organization_score_refresh

        self.login(self.enterprise_user)
        body = self.client.get("/workspace/").content.decode()
        assert "得分尚未计算" in body
        assert f"/organizations/{self.organization.pk}/profile/" in body

        stored = organization_score_refresh(organization=self.organization)
        other = organization_score_refresh(organization=self.other_organization)
        other.total = 987.65
        other.save(update_fields=["total"])
        body = self.client.get("/workspace/").content.decode()
        assert "得分尚未计算" not in body
        card = body.split('id="org-profile"', 1)[1].split("</p>", 1)[0]
        assert f"<strong>{floatformat(stored.total, '-2')}</strong>" in card
        assert f"主导制定 {stored.led_count} 项" in card
        assert "987.65" not in body  # another organization's score is never shown

    def test_an_officer_without_an_organization_gets_no_card(self):
        self.login(self.city_officer)
        body = self.client.get("/workspace/").content.decode()
        assert 'id="org-profile"' not in body


class WorkspaceNotificationTests(PersonaTestCase):
    """The workspace reads its latest notifications and the header's unread count together."""

    def add(self, user, count, *, read=False):
        for i in range(count):
            Notification.objects.create(
                recipient=user,
                kind="alert",
                title=f"{'已读' if read else '未读'}通知{i}",
                read_at=timezone.now() if read else None,
            )

    def test_the_badge_counts_every_unread_notification_not_only_the_five_shown(self):
        self.add(self.enterprise_user, 7)
        self.add(self.enterprise_user, 3, read=True)
        self.add(self.other_enterprise_user, 4)  # another user's never count
        self.login(self.enterprise_user)
        html = self.client.get("/workspace/").content.decode()
        assert "data-unread-count>7<" in html
        assert html.split('id="notice-heading"')[1].split("</ul>")[0].count("<li>") == 5

    def test_no_badge_when_everything_is_read_and_none_without_notifications(self):
        self.login(self.enterprise_user)
        html = self.client.get("/workspace/").content.decode()
        assert "data-unread-count" not in html and "暂无通知" in html
        self.add(self.enterprise_user, 6, read=True)
        html = self.client.get("/workspace/").content.decode()
        assert "data-unread-count" not in html and "已读通知5" in html


class CompiledReadsTests(PersonaTestCase):
    def test_the_reads_every_visit_makes_are_not_compiled_again(self):
        from unittest import mock

        from django.db.models.sql.compiler import SQLCompiler

        self.login(self.enterprise_user)
        self.client.get("/workspace/")  # compiles them once in this process, if not done yet
        compiled = []
        as_sql = SQLCompiler.as_sql

        def counting(compiler, *args, **kwargs):
            compiled.append(compiler.query.model._meta.db_table)
            return as_sql(compiler, *args, **kwargs)

        with mock.patch.object(SQLCompiler, "as_sql", counting):
            response = self.client.get("/workspace/")
            Notification.objects.count()  # an ordinary queryset is compiled, and seen here
        self.assertContains(response, self.organization.name)
        # The session, the user, the memberships, the notifications, the queue, the score and
        # the programs card: every one of the page's reads was compiled at the first visit.
        self.assertEqual(compiled, ["notifications_notification"])


class NavigationTests(PersonaTestCase):
    """The main navigation, drawn for phones and for desktops, shows each role its own entries."""

    def nav(self, user, url):
        self.login(user)
        html = self.client.get(url).content.decode()
        return html.split('aria-label="主导航"')[1].split("</nav>")[0]

    def test_the_city_sees_its_deadline_page_in_both_menus_marked_current_there(self):
        nav = self.nav(self.city_officer, "/workspace/deadlines/")
        assert (
            nav.count('<a href="/workspace/deadlines/" aria-current="page">环节办理期限</a>') == 2
        )
        assert nav.count("业务管理") == 2
        assert nav.count('<a href="/standards/">标准查询</a>') == 2

    def test_the_enterprise_gets_the_main_menu_without_the_citys_entries(self):
        nav = self.nav(self.enterprise_user, "/workspace/")
        assert "环节办理期限" not in nav
        assert nav.count('<a href="/standards/">标准查询</a>') == 2
        assert "aria-current" not in nav  # the workspace is in the user menu, not here
