"""Calls with windows: services (bureau only, validated, audited), the guard at Asia/Shanghai
midnight, scoped lists, pages and the API."""

import datetime as dt
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from calls.choices import CallState
from calls.forms import local_midnight
from calls.guards import call_window_open
from calls.models import Call
from calls.programs import program_label, register_program
from calls.selectors import calls_visible_to, open_calls
from calls.services import call_close, call_create, call_update
from core.models import AuditEvent
from testing.personas import PersonaTestCase

SHANGHAI_DAY = dt.date(2026, 12, 10)


def window(first: dt.date, last: dt.date) -> dict:
    return {
        "opens_at": local_midnight(first),
        "closes_at": local_midnight(last + dt.timedelta(days=1)),
    }


class CallTestCase(PersonaTestCase):
    def make_call(self, **overrides):
        today = timezone.localdate()
        values = {
            "program": "local_standard",
            "year": today.year,
            "title": "2027年度济宁市地方标准立项征集",
            "guidance": "<p>请按要求申报</p>",
            "eligibility": "在济宁市注册的企事业单位",
            **window(today - dt.timedelta(days=3), today + dt.timedelta(days=9)),
            "actor": self.city_officer,
        }
        values.update(overrides)
        return call_create(**values)


class CallServiceTests(CallTestCase):
    def test_it_creates_a_call_with_an_audit_row(self):
        call = self.make_call()
        assert call.state == CallState.OPEN
        assert call.days_left == 10
        event = AuditEvent.objects.get(action="call.create")
        assert event.object_id == str(call.pk)
        assert event.actor == self.city_officer

    def test_it_sanitizes_the_guidance_with_the_allow_list(self):
        call = self.make_call(
            guidance='<p onclick="x()">指南<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">链接</a><a href="https://example.cn/">官网</a>'
            '<span style="color:red">红</span>'
        )
        call.refresh_from_db()
        assert "script" not in call.guidance
        assert "onclick" not in call.guidance
        assert "javascript" not in call.guidance
        assert "style" not in call.guidance
        assert 'href="https://example.cn/"' in call.guidance
        assert "<p>指南" in call.guidance

    def test_it_refuses_anyone_but_the_bureau(self):
        for user in (None, self.citizen, self.enterprise_user, self.county_officer, self.expert):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                self.make_call(actor=user)
        assert not Call.objects.exists()
        assert not AuditEvent.objects.filter(action="call.create").exists()

    def test_it_refuses_invalid_input_and_stores_nothing(self):
        today = timezone.localdate()
        with self.assertRaises(ValidationError) as ctx:
            self.make_call(
                title=" ",
                program="no_such_program",
                opens_at=local_midnight(today),
                closes_at=local_midnight(today),
            )
        errors = ctx.exception.message_dict
        assert set(errors) == {"title", "program", "closes_at"}
        assert errors["closes_at"] == ["截止时间应晚于开始时间"]
        assert not Call.objects.exists()

    def test_programs_are_a_registry_processes_fill(self):
        register_program("forerunner_test", "领跑者测试")
        call = self.make_call(program="forerunner_test")
        assert call.program_label == "领跑者测试"
        assert program_label("local_standard") == "地方标准立项"

    def test_it_updates_and_audits_the_changed_fields(self):
        call = self.make_call()
        call_update(call=call, title="新标题", actor=self.city_officer)
        call.refresh_from_db()
        assert call.title == "新标题"
        event = AuditEvent.objects.get(action="call.update")
        assert event.changes["fields"]["title"][1] == "新标题"

    def test_it_refuses_an_update_by_another_role_nothing_changed(self):
        call = self.make_call()
        with self.assertRaises(PermissionDenied):
            call_update(call=call, title="改", actor=self.enterprise_user)
        call.refresh_from_db()
        assert call.title != "改"

    def test_it_closes_early_and_withdraws(self):
        call = self.make_call()
        call_close(call=call, reason="名额已满", actor=self.city_officer)
        call.refresh_from_db()
        assert call.state == CallState.CLOSED
        assert call_window_open(call) == "该征集已提前关闭"
        assert AuditEvent.objects.filter(action="call.close", object_id=str(call.pk)).exists()
        with self.assertRaises(ValidationError):
            call_close(call=call, actor=self.city_officer)
        with self.assertRaises(ValidationError):
            call_update(call=call, title="改", actor=self.city_officer)

    def test_withdrawing_needs_a_reason_and_hides_the_call(self):
        call = self.make_call()
        with self.assertRaises(ValidationError):
            call_close(call=call, withdraw=True, actor=self.city_officer)
        call.refresh_from_db()
        assert call.state == CallState.OPEN
        call_close(call=call, withdraw=True, reason="通知有误", actor=self.city_officer)
        assert list(calls_visible_to(self.citizen)) == []
        assert list(calls_visible_to(None)) == []
        assert list(calls_visible_to(self.city_officer)) == [call]
        assert call_window_open(Call.objects.get()) == "该征集通知已撤回"


class WindowBoundaryTests(CallTestCase):
    """The window opens at 00:00 of its first day and closes at 24:00 of its last, Shanghai time."""

    def at(self, day: dt.date, hour: int, minute: int = 0, second: int = 0):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute, second)))

    def test_the_guard_follows_asia_shanghai_midnight(self):
        call = self.make_call(**window(dt.date(2026, 12, 1), SHANGHAI_DAY))
        before = self.at(dt.date(2026, 11, 30), 23, 59, 59)
        assert call_window_open(call, before) == "征集尚未开始，2026年12月01日起接受申报"
        assert call_window_open(call, self.at(dt.date(2026, 12, 1), 0)) is None
        assert call_window_open(call, self.at(SHANGHAI_DAY, 23, 59, 59)) is None
        closed = call_window_open(call, self.at(SHANGHAI_DAY + dt.timedelta(days=1), 0))
        assert closed == "征集已于2026年12月10日截止"
        # 00:00 in Shanghai is 16:00 UTC the day before.
        utc_close = dt.datetime(2026, 12, 10, 16, 0, tzinfo=dt.UTC)
        assert call.closes_at == utc_close
        assert call_window_open(call, utc_close - dt.timedelta(seconds=1)) is None
        assert call_window_open(call, utc_close) is not None
        assert call.last_day == SHANGHAI_DAY

    def test_state_filter_and_open_calls_use_the_same_window(self):
        call = self.make_call(**window(dt.date(2026, 12, 1), SHANGHAI_DAY))
        late = self.at(SHANGHAI_DAY, 23, 59)
        with mock.patch("django.utils.timezone.now", return_value=late):
            assert list(open_calls()) == [call]
            assert list(open_calls(program="pilot")) == []
            assert list(Call.objects.in_state(CallState.OPEN)) == [call]
        after = self.at(SHANGHAI_DAY + dt.timedelta(days=1), 0)
        with mock.patch("django.utils.timezone.now", return_value=after):
            assert list(open_calls()) == []
            assert list(Call.objects.in_state(CallState.ENDED)) == [call]

    def test_days_left_counts_today(self):
        today = timezone.localdate()
        call = self.make_call(**window(today, today))
        assert call.days_left == 1


class CallPageTests(CallTestCase):
    def test_the_public_list_puts_open_calls_first_with_days_left(self):
        today = timezone.localdate()
        ended = self.make_call(
            title="已截止的征集",
            **window(today - dt.timedelta(days=30), today - dt.timedelta(days=1)),
        )
        upcoming = self.make_call(
            title="即将开始的征集",
            **window(today + dt.timedelta(days=5), today + dt.timedelta(days=20)),
        )
        current = self.make_call(title="正在进行的征集")
        response = self.client.get("/calls/")
        assert response.status_code == 200
        page = [c.pk for c in response.context["page_obj"]]
        assert page == [current.pk, upcoming.pk, ended.pk]
        assert "剩余 10 天" in response.content.decode()
        assert "发布征集通知" not in response.content.decode()

    def test_the_list_pins_its_query_count(self):
        for n in range(5):
            self.make_call(title=f"征集{n}")
        self.client.get("/calls/")
        with self.assertNumQueries(2):  # count + page
            self.client.get("/calls/")

    def test_the_detail_shows_sanitized_guidance(self):
        call = self.make_call(guidance="<h3>申报材料</h3><script>x</script>")
        response = self.client.get(f"/calls/{call.pk}/")
        body = response.content.decode()
        assert "<h3>申报材料</h3>" in body
        assert "<script>x" not in body

    def test_the_bureau_creates_a_call_on_the_page(self):
        self.login(self.city_officer)
        response = self.client.post(
            "/calls/new/",
            {
                "program": "pilot",
                "year": "2026",
                "title": "2026年标准化试点征集",
                "opens_on": "2026-12-01",
                "closes_on": "2026-12-10",
                "guidance": "<p>指南</p>",
            },
        )
        call = Call.objects.get()
        self.assertRedirects(response, f"/calls/{call.pk}/")
        assert call.closes_at == local_midnight(dt.date(2026, 12, 11))

    def test_an_invalid_form_stores_nothing_and_says_why(self):
        self.login(self.city_officer)
        response = self.client.post(
            "/calls/new/",
            {
                "program": "pilot",
                "year": "2026",
                "title": "x",
                "opens_on": "2026-12-10",
                "closes_on": "2026-12-01",
            },
        )
        assert response.status_code == 200
        assert "截止日期不能早于开始日期" in response.content.decode()
        assert not Call.objects.exists()

    def test_other_roles_cannot_open_the_bureau_pages(self):
        call = self.make_call()
        for user in (self.citizen, self.enterprise_user, self.county_officer):
            self.login(user)
            assert self.client.get("/calls/new/").status_code == 403
            assert self.client.get(f"/calls/{call.pk}/edit/").status_code == 403
            assert self.client.post(f"/calls/{call.pk}/close/").status_code == 403
        self.client.logout()
        assert self.client.get("/calls/new/").status_code == 302
        call.refresh_from_db()
        assert call.state == CallState.OPEN

    def test_the_bureau_closes_a_call_on_the_page(self):
        call = self.make_call()
        self.login(self.city_officer)
        self.client.post(f"/calls/{call.pk}/close/", {"reason": "提前完成"})
        call.refresh_from_db()
        assert call.state == CallState.CLOSED


class CallApiTests(CallTestCase):
    def test_it_lists_and_filters_calls(self):
        today = timezone.localdate()
        self.make_call(program="pilot", title="试点")
        self.make_call(
            title="已截止", **window(today - dt.timedelta(days=30), today - dt.timedelta(days=2))
        )
        data = self.client.get("/api/v1/calls/").json()
        assert data["count"] == 2
        assert data["results"][0]["state"] == "open"
        assert data["results"][0]["state_label"] == "征集中"
        assert [
            r["title"] for r in self.client.get("/api/v1/calls/?program=pilot").json()["results"]
        ] == ["试点"]
        assert [
            r["title"] for r in self.client.get("/api/v1/calls/?state=ended").json()["results"]
        ] == ["已截止"]
        assert self.client.get(f"/api/v1/calls/?year={today.year + 1}").json()["count"] == 0

    def test_a_bad_filter_is_a_structured_error(self):
        response = self.client.get("/api/v1/calls/?state=nope")
        assert response.status_code == 400
        assert "error" in response.json()

    def test_withdrawn_calls_are_not_public(self):
        call = self.make_call()
        call_close(call=call, withdraw=True, reason="有误", actor=self.city_officer)
        assert self.client.get(f"/api/v1/calls/{call.pk}/").status_code == 404
        self.login(self.city_officer)
        assert self.client.get(f"/api/v1/calls/{call.pk}/").json()["state"] == "withdrawn"

    def test_the_api_is_read_only(self):
        self.login(self.city_officer)
        assert self.client.post("/api/v1/calls/", {}).status_code == 405
