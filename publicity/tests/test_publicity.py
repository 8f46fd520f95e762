"""Publicity with objections: the period in Shanghai days, objections by anyone while it is open
(refused after, nothing stored), the bureau's answers told to the objector, guards, pages, API."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from core.models import AuditEvent
from notifications.models import Notification
from publicity.guards import all_objections_answered, publicity_ended
from publicity.models import Notice, Objection
from publicity.services import notice_publish, objection_answer, objection_submit, period_end
from testing.personas import PersonaTestCase

MONDAY = dt.date(2026, 11, 30)


def at(day: dt.date, hour: int, minute: int = 0, second: int = 0):
    """An aware datetime in Asia/Shanghai."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


OBJECTION = {"name": "王五", "contact": "13800000000", "content": "该项目已在别处立项。"}


class PublicityTestCase(PersonaTestCase):
    def publish(self, **overrides):
        values = {
            "obj": self.organization,
            "title": "2026年度标准化资助奖励拟资助名单公示",
            "body": "现将拟资助名单予以公示。",
            "starts_on": timezone.localdate(),
            "days": 5,
            "columns": ["单位", "标准", "金额（元）"],
            "rows": [["济宁甲机械有限公司", "GB/T 1-2020", Decimal("300000.00")]],
            "actor": self.city_officer,
        }
        values.update(overrides)
        return notice_publish(**values)


class PeriodTests(PublicityTestCase):
    def test_working_days_count_the_first_day_and_skip_weekends(self):
        assert period_end(MONDAY, 5, working_days=True) == dt.date(2026, 12, 4)
        assert period_end(MONDAY, 7, working_days=True) == dt.date(2026, 12, 8)
        saturday = dt.date(2026, 12, 5)
        assert period_end(saturday, 1, working_days=True) == dt.date(2026, 12, 7)
        assert period_end(MONDAY, 30, working_days=False) == dt.date(2026, 12, 29)

    @override_settings(WORKFLOW_HOLIDAYS=["2026-12-02"])
    def test_configured_holidays_are_skipped(self):
        assert period_end(MONDAY, 5, working_days=True) == dt.date(2026, 12, 7)

    def test_objections_close_at_shanghai_midnight_after_the_last_day(self):
        notice = self.publish(starts_on=MONDAY)
        assert notice.ends_on == dt.date(2026, 12, 4)
        with frozen(at(MONDAY, 0) - dt.timedelta(seconds=1)):
            with self.assertRaises(ValidationError) as ctx:
                objection_submit(notice=notice, **OBJECTION)
            assert "开始" in ctx.exception.messages[0]
        with frozen(at(dt.date(2026, 12, 4), 23, 59, 59)):
            objection_submit(notice=notice, **OBJECTION)
        # 00:00 on Saturday in Shanghai is 16:00 UTC on Friday.
        with frozen(dt.datetime(2026, 12, 4, 16, 0, tzinfo=dt.UTC)):
            with self.assertRaises(ValidationError) as ctx:
                objection_submit(notice=notice, **OBJECTION)
            assert ctx.exception.messages == ["公示期已于2026年12月04日结束，不再受理异议"]
        assert Objection.objects.count() == 1


class NoticeServiceTests(PublicityTestCase):
    def test_it_publishes_with_rows_and_an_audit_row(self):
        notice = self.publish()
        notice.refresh_from_db()
        assert notice.rows == [["济宁甲机械有限公司", "GB/T 1-2020", "300000.00"]]
        assert notice.issuer  # the bureau's name from settings.SITE
        assert notice.subject == self.organization
        event = AuditEvent.objects.get(action="publicity.publish")
        assert event.object_id == str(notice.pk)

    def test_only_the_bureau_publishes(self):
        for user in (None, self.enterprise_user, self.county_officer, self.expert):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                self.publish(actor=user)
        assert not Notice.objects.exists()

    def test_invalid_input_is_refused_and_nothing_stored(self):
        with self.assertRaises(ValidationError) as ctx:
            self.publish(title="", days=0, rows=[["只有一列"]])
        assert set(ctx.exception.message_dict) == {"title", "days", "rows"}
        assert not Notice.objects.exists()
        assert not AuditEvent.objects.filter(action="publicity.publish").exists()


class ObjectionTests(PublicityTestCase):
    def test_anyone_may_object_while_open_with_a_receipt_and_audit(self):
        notice = self.publish()
        objection = objection_submit(notice=notice, **OBJECTION)
        assert objection.receipt.startswith("YY")
        assert objection.submitted_by is None
        event = AuditEvent.objects.get(action="publicity.objection")
        assert event.actor is None
        assert event.actor_label == "王五（未登录）"
        # The publisher hears of it.
        assert Notification.objects.filter(recipient=self.city_officer).exists()

    def test_missing_fields_are_refused(self):
        notice = self.publish()
        with self.assertRaises(ValidationError) as ctx:
            objection_submit(notice=notice, name=" ", contact="", content="x")
        assert set(ctx.exception.message_dict) == {"name", "contact"}
        assert not Objection.objects.exists()

    def test_the_bureau_answers_and_a_signed_in_objector_is_notified(self):
        notice = self.publish()
        objection = objection_submit(notice=notice, user=self.enterprise_user, **OBJECTION)
        assert all_objections_answered(self.organization) == "还有 1 条公示异议尚未答复"
        objection_answer(objection=objection, answer="经核查，不属实。", actor=self.city_officer)
        objection.refresh_from_db()
        assert objection.answered_by == self.city_officer
        assert all_objections_answered(self.organization) is None
        assert Notification.objects.filter(
            recipient=self.enterprise_user, title__contains="异议已答复"
        ).exists()
        assert AuditEvent.objects.filter(action="publicity.objection_answer").exists()

    def test_an_anonymous_objector_with_an_email_gets_the_answer_by_email(self):
        objection = objection_submit(
            notice=self.publish(), email="wang@example.invalid", **OBJECTION
        )
        with self.captureOnCommitCallbacks(execute=True):
            objection_answer(objection=objection, answer="已核实。", actor=self.city_officer)
        assert [m.to for m in mail.outbox] == [["wang@example.invalid"]]
        assert "已核实" in mail.outbox[0].body

    def test_only_the_bureau_answers_once_with_text(self):
        objection = objection_submit(notice=self.publish(), **OBJECTION)
        for user in (self.enterprise_user, self.county_officer):
            with self.assertRaises(PermissionDenied):
                objection_answer(objection=objection, answer="x", actor=user)
        with self.assertRaises(ValidationError):
            objection_answer(objection=objection, answer=" ", actor=self.city_officer)
        objection.refresh_from_db()
        assert objection.answered_at is None
        objection_answer(objection=objection, answer="好", actor=self.city_officer)
        with self.assertRaises(ValidationError):
            objection_answer(objection=objection, answer="再答", actor=self.city_officer)
        objection.refresh_from_db()
        assert objection.answer == "好"

    def test_objections_are_seen_by_the_bureau_and_their_author_only(self):
        notice = self.publish()
        mine = objection_submit(notice=notice, user=self.enterprise_user, **OBJECTION)
        objection_submit(notice=notice, **OBJECTION)
        assert list(Objection.objects.visible_to(self.enterprise_user)) == [mine]
        assert Objection.objects.visible_to(self.other_enterprise_user).count() == 0
        assert Objection.objects.visible_to(None).count() == 0
        assert Objection.objects.visible_to(self.city_officer).count() == 2


class GuardTests(PublicityTestCase):
    def test_publicity_ended_follows_the_latest_notice(self):
        assert publicity_ended(self.organization) == "尚未发布公示"
        self.publish(starts_on=MONDAY)
        assert publicity_ended(self.organization, today=dt.date(2026, 12, 4)) == (
            "公示期至2026年12月04日结束"
        )
        assert publicity_ended(self.organization, today=dt.date(2026, 12, 5)) is None
        assert publicity_ended(self.other_organization) == "尚未发布公示"


class PageTests(PublicityTestCase):
    def test_the_public_list_shows_current_notices_not_scheduled_ones(self):
        current = self.publish()
        self.publish(title="下周的公示", starts_on=timezone.localdate() + dt.timedelta(days=7))
        self.publish(title="往期的公示", starts_on=timezone.localdate() - dt.timedelta(days=40))
        response = self.client.get("/publicity/")
        assert list(response.context["current"]) == [current]
        body = response.content.decode()
        assert "下周的公示" not in body
        assert "往期的公示" in body

    def test_an_anonymous_visitor_objects_on_the_notice_page(self):
        notice = self.publish()
        page = self.client.get(f"/publicity/{notice.pk}/")
        body = page.content.decode()
        assert "济宁甲机械有限公司" in body and "300000.00" in body
        assert 'name="website"' in body
        response = self.client.post(
            f"/publicity/{notice.pk}/", {**OBJECTION, "website": ""}, follow=True
        )
        objection = Objection.objects.get()
        assert objection.receipt in response.content.decode()

    def test_the_honeypot_stores_nothing(self):
        notice = self.publish()
        response = self.client.post(
            f"/publicity/{notice.pk}/", {**OBJECTION, "website": "http://spam"}
        )
        assert response.status_code == 400
        assert not Objection.objects.exists()

    def test_after_the_period_the_page_refuses_and_stores_nothing(self):
        notice = self.publish(starts_on=timezone.localdate() - dt.timedelta(days=40))
        response = self.client.post(f"/publicity/{notice.pk}/", OBJECTION)
        assert response.status_code == 400
        assert "不再受理异议" in response.content.decode()
        assert not Objection.objects.exists()

    @override_settings(POST_RATE_LIMITS={"objection": (2, 3600)})
    def test_objections_are_rate_limited(self):
        from django.core.cache import cache

        cache.clear()
        notice = self.publish()
        codes = [
            self.client.post(f"/publicity/{notice.pk}/", OBJECTION).status_code for _ in range(3)
        ]
        assert codes == [302, 302, 429]
        assert Objection.objects.count() == 2
        cache.clear()

    def test_the_bureau_answers_on_its_page_others_may_not(self):
        objection = objection_submit(notice=self.publish(), **OBJECTION)
        for user in (self.enterprise_user, self.county_officer):
            self.login(user)
            assert self.client.get("/publicity/objections/").status_code == 403
            assert (
                self.client.post(
                    f"/publicity/objections/{objection.pk}/answer/", {"answer": "x"}
                ).status_code
                == 403
            )
        self.login(self.city_officer)
        assert objection.receipt in self.client.get("/publicity/objections/").content.decode()
        self.client.post(f"/publicity/objections/{objection.pk}/answer/", {"answer": "已核实"})
        objection.refresh_from_db()
        assert objection.answer == "已核实"

    def test_the_objection_queue_pins_its_query_count(self):
        notice = self.publish()
        for _ in range(5):
            objection_submit(notice=notice, **OBJECTION)
        self.login(self.city_officer)
        self.client.get("/publicity/objections/")
        with self.assertNumQueries(5):  # session, user with roles, unread count, count, page
            self.client.get("/publicity/objections/")


class ApiTests(PublicityTestCase):
    def test_notices_are_public(self):
        notice = self.publish()
        data = self.client.get("/api/v1/publicity/").json()
        assert [n["id"] for n in data["results"]] == [notice.pk]
        detail = self.client.get(f"/api/v1/publicity/{notice.pk}/").json()
        assert detail["state"] == "open"
        assert detail["rows"] == [["济宁甲机械有限公司", "GB/T 1-2020", "300000.00"]]

    def test_an_objection_gets_201_and_a_receipt(self):
        notice = self.publish()
        response = self.client.post(
            f"/api/v1/publicity/{notice.pk}/objections/", OBJECTION, content_type="application/json"
        )
        assert response.status_code == 201
        assert response.json()["receipt"] == Objection.objects.get().receipt

    def test_after_the_period_a_409_and_nothing_stored(self):
        notice = self.publish(starts_on=timezone.localdate() - dt.timedelta(days=40))
        response = self.client.post(
            f"/api/v1/publicity/{notice.pk}/objections/", OBJECTION, content_type="application/json"
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "closed"
        assert not Objection.objects.exists()

    def test_invalid_input_is_a_structured_400(self):
        notice = self.publish()
        response = self.client.post(
            f"/api/v1/publicity/{notice.pk}/objections/",
            {"name": "x"},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"contact", "content"}
        assert not Objection.objects.exists()

    def test_a_scheduled_notice_is_not_public(self):
        notice = self.publish(starts_on=timezone.localdate() + dt.timedelta(days=3))
        assert self.client.get(f"/api/v1/publicity/{notice.pk}/").status_code == 404
        self.login(self.city_officer)
        assert self.client.get(f"/api/v1/publicity/{notice.pk}/").json()["state"] == "upcoming"
