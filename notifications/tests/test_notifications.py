"""Inbox, unread count, email preferences, deadline reminders, the audit-log pages and API."""

import datetime as dt

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, WorkItem
from core.workflow import transition
from notifications.models import Notification
from notifications.services import notify, preference_update
from testing.personas import PersonaTestCase


class NotifyTests(PersonaTestCase):
    def send(self, users):
        with self.captureOnCommitCallbacks(execute=True):
            return notify(recipients=users, kind="alert", title="GB/T 1-2020 即将被代替", url="/x/")

    def test_it_fills_the_inbox_and_emails_after_commit(self):
        self.send([self.enterprise_user, self.citizen])
        assert Notification.objects.count() == 2
        assert len(mail.outbox) == 2 and "即将被代替" in mail.outbox[0].subject
        assert Notification.objects.filter(emailed_at=None).count() == 0

    def test_a_line_break_in_user_text_never_reaches_the_email_headers(self):
        """Titles quote names users typed (organizations, display names): one line, always."""
        with self.captureOnCommitCallbacks(execute=True):
            notify(
                recipients=[self.enterprise_user, self.citizen],
                kind="membership",
                title="张三\r\nBcc: victim@example.invalid 申请加入某机构",
            )
        assert len(mail.outbox) == 2
        assert mail.outbox[0].subject.endswith("张三 Bcc: victim@example.invalid 申请加入某机构")
        assert Notification.objects.filter(emailed_at=None).count() == 0

    def test_a_muted_kind_stays_in_the_inbox_only(self):
        preference_update(
            user=self.enterprise_user, email_enabled=True, email_muted_kinds=["alert"]
        )
        self.send([self.enterprise_user])
        assert Notification.objects.count() == 1 and not mail.outbox
        assert AuditEvent.objects.filter(action="notification.preferences").exists()

    def test_the_header_shows_the_unread_count_and_reading_clears_it(self):
        self.send([self.enterprise_user])
        self.login(self.enterprise_user)
        assert "data-unread-count>1<" in self.client.get("/").content.decode()
        self.client.post(reverse("notifications:mark_read"))
        assert "data-unread-count" not in self.client.get("/").content.decode()

    def test_nobody_reads_another_users_notification(self):
        self.send([self.enterprise_user])
        self.login(self.other_enterprise_user)
        self.client.post(reverse("notifications:mark_read"))
        assert Notification.objects.get().read_at is None


class ReminderTests(PersonaTestCase):
    def test_it_reminds_the_responsible_officers_once_a_day(self):
        transition(obj=self.organization, action="submit", actor=self.enterprise_user)
        WorkItem.objects.open().about(self.organization).update(
            due=timezone.localdate() - dt.timedelta(days=1)
        )
        Notification.objects.all().delete()
        call_command("send_deadline_reminders")
        reminders = Notification.objects.filter(kind="deadline")
        assert set(reminders.values_list("recipient__username", flat=True)) == {"county", "city"}
        assert reminders.first().title.startswith("已逾期")
        call_command("send_deadline_reminders")
        assert Notification.objects.filter(kind="deadline").count() == 2


class WorkspaceTests(PersonaTestCase):
    def test_the_county_officer_sees_the_waiting_organization_with_its_deadline(self):
        transition(obj=self.organization, action="submit", actor=self.enterprise_user)
        self.login(self.county_officer)
        body = self.client.get(reverse("workspace:home")).content.decode()
        assert "机构认证" in body and "待审核 1" in body and self.organization.name in body
        self.login(self.other_county_officer)
        body = self.client.get(reverse("workspace:home")).content.decode()
        assert self.organization.name not in body and "目前没有等待您办理的事项" in body


class AuditPageTests(PersonaTestCase):
    def test_the_bureau_filters_and_exports_the_log(self):
        transition(obj=self.organization, action="submit", actor=self.enterprise_user)
        self.login(self.city_officer)
        body = self.client.get(
            reverse("audit:list"), {"action": "organization_verification"}
        ).content.decode()
        assert "organization_verification.submit" in body and "role.sync" not in body
        today = timezone.localdate().isoformat()
        response = self.client.get(
            reverse("audit:export"), {"date_from": today, "actor": "enterprise"}
        )
        assert response.status_code == 200 and response.content[:2] == b"PK"

    def test_the_api_lists_and_never_changes_the_log(self):
        self.login(self.administrator)
        assert self.client.get("/api/v1/audit-events/").json()["count"] >= 1
        event = AuditEvent.objects.first()
        assert self.client.delete(f"/api/v1/audit-events/{event.pk}/").status_code == 405


class WorkflowApiTests(PersonaTestCase):
    def test_actions_come_from_the_table_and_a_stale_action_is_a_conflict(self):
        transition(obj=self.organization, action="submit", actor=self.enterprise_user)
        self.login(self.county_officer)
        url = f"/api/v1/organizations/{self.organization.pk}/"
        assert [a["key"] for a in self.client.get(url).json()["actions"]] == ["verify", "return"]
        response = self.client.post(
            url + "transition/", {"action": "return"}, content_type="application/json"
        )
        assert response.status_code == 400 and "opinion" in response.json()["error"]["fields"]
        assert (
            self.client.post(
                url + "transition/", {"action": "verify"}, content_type="application/json"
            ).status_code
            == 201
        )
        response = self.client.post(
            url + "transition/", {"action": "verify"}, content_type="application/json"
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "invalid_transition"
        assert len(self.client.get(url + "history/").json()) == 2
