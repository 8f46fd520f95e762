"""Pilot projects on the engine: call → application → county recommendation → formal check →
expert review on a score sheet → publicity → task agreement → build-out with progress reports →
mid-term → acceptance request (or one extension, or lapse) → acceptance review → named /
rectify / failed → re-review opened by the timer."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from core.models import AuditEvent, StatusChange, WorkItem
from core.workflow import InvalidTransition, TransitionDenied, deadline_extend, transition
from core.workflow.timers import run_workflow_timers
from directory.models import Expert
from programs import services
from programs.choices import PilotState as P
from programs.models import PilotProject
from programs.tests.helpers import make_call, verify
from publicity.models import Notice
from reviews.services import review_assign, review_submit, sheet_create
from testing.personas import PersonaTestCase

PILOT = {
    "title": "智能装备制造标准化试点",
    "level": "municipal",
    "domain": "industry",
    "objectives": "构建覆盖设计、制造、服务的企业标准体系",
    "period_start": dt.date(2026, 1, 1),
    "period_end": dt.date(2027, 12, 31),
}


class PilotProcessTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization)
        make_call("pilot", 2026)
        cls.sheet = sheet_create(
            name="试点评审表", program="pilot", pass_mark=60,
            criteria=[{"label": "建设方案", "max_points": 100}], actor=cls.city_officer,
        )  # fmt: skip
        cls.acceptance = sheet_create(
            name="验收评分表", program="pilot", pass_mark=80,
            criteria=[{"label": "建设成效", "max_points": 100}], actor=cls.city_officer,
        )  # fmt: skip
        cls.expert_a = Expert.objects.create(name="甲专家", user=cls.expert)
        cls.expert_b = Expert.objects.create(
            name="乙专家", user=cls.make_user("expert_b", Role.EXPERT)
        )

    def apply(self):
        return services.pilot_apply(
            organization=self.organization, actor=self.enterprise_user, **PILOT
        )

    def step(self, pilot, action, actor, **kwargs):
        before = StatusChange.objects.count()
        transition(obj=pilot, action=action, actor=actor, **kwargs)
        assert StatusChange.objects.count() == before + 1
        assert AuditEvent.objects.filter(action=f"pilot_project.{action}", object_id=str(pilot.pk)).exists()  # fmt: skip
        pilot.refresh_from_db()

    def review(self, pilot, expert, user, sheet, points):
        review_assign(
            object=pilot, experts=[expert], sheet=sheet, due=None, actor=self.city_officer
        )
        review_submit(
            object=pilot, expert=user, scores={sheet.criteria.get().pk: points}, vote="pass",
            opinion="意见", declare_no_conflict=True, actor=user,
        )  # fmt: skip

    def to_building(self):
        pilot = self.apply()
        self.step(pilot, "recommend", self.county_officer)
        self.step(pilot, "formal_check", self.city_officer)
        self.step(pilot, "start_review", self.city_officer, data={"sheet": self.sheet.pk})
        self.review(pilot, self.expert_a, self.expert, self.sheet, "75")
        self.step(pilot, "review_pass", self.city_officer)
        notice = Notice.objects.about(pilot).get()
        after = notice.ends_on + dt.timedelta(days=1)
        with mock.patch("django.utils.timezone.localdate", return_value=after):
            assert run_workflow_timers(today=after) == {"pilot_project.publicity_close": 1}
        pilot.refresh_from_db()
        assert pilot.state == P.AGREEMENT
        self.step(pilot, "sign", self.city_officer)
        return pilot

    def test_it_runs_from_the_call_to_naming_and_re_review(self):
        pilot = self.apply()
        assert pilot.state == P.APPLIED and pilot.call is not None
        assert WorkItem.objects.open().for_user(self.county_officer).filter(object_id=str(pilot.pk)).exists()  # fmt: skip
        assert not WorkItem.objects.open().for_user(self.other_county_officer).exists()
        pilot = self.to_building()
        assert pilot.state == P.BUILDING and pilot.is_public

        report = services.pilot_progress_report(
            pilot=pilot,
            period="2026年第一季度",
            progress="完成标准体系框架",
            actor=self.enterprise_user,
        )
        with pytest.raises(PermissionDenied):
            services.pilot_progress_report(pilot=pilot, period="x", progress="y", actor=self.other_enterprise_user)  # fmt: skip
        services.pilot_progress_read(report=report, actor=self.city_officer)
        report.refresh_from_db()
        assert report.read_by == self.city_officer

        self.step(pilot, "start_midterm", self.city_officer)
        self.step(pilot, "midterm_pass", self.city_officer, opinion="进展符合任务书")
        with pytest.raises(ValidationError, match="请先填写建设成效"):
            transition(
                obj=pilot, action="request_acceptance", actor=self.enterprise_user, opinion="自评"
            )
        services.pilot_update_achievements(pilot=pilot, achievements="制定企业标准 12 项", actor=self.enterprise_user)  # fmt: skip
        self.step(pilot, "request_acceptance", self.enterprise_user, opinion="自评合格")
        self.step(pilot, "start_acceptance", self.city_officer, data={"sheet": self.acceptance.pk})
        self.review(pilot, self.expert_b, self.expert_b.user, self.acceptance, "70")
        with pytest.raises(ValidationError, match="未达到合格分 80"):
            transition(
                obj=pilot, action="pass_acceptance", actor=self.city_officer,
                data={"site_visit_on": "2027-12-01", "site_visit_note": "现场核查"},
            )  # fmt: skip
        later = timezone.localdate() + dt.timedelta(days=30)
        self.step(pilot, "rectify", self.city_officer, opinion="标准实施记录不全", data={"rectify_by": later.isoformat()})  # fmt: skip
        assert pilot.state == P.RECTIFYING and pilot.rectify_by == later
        self.step(pilot, "rectified", self.enterprise_user, opinion="已补齐记录")
        # The second look: a fresh acceptance review with the score passing.
        from reviews.models import Review

        Review.objects.about(pilot).filter(sheet=self.acceptance).update(total=Decimal("86"))
        self.step(
            pilot, "pass_acceptance", self.city_officer,
            data={"site_visit_on": "2027-12-01", "site_visit_note": "现场核查，资料齐全"},
        )  # fmt: skip
        assert pilot.state == P.PASSED and pilot.acceptance_score == Decimal("86.00")
        assert pilot.named_on == timezone.localdate()
        assert "智能装备制造标准化试点" in self.client.get("/pilots/showcase/").content.decode()

        # Years later the timer opens the re-review.
        day = pilot.re_review_on + dt.timedelta(days=1)
        assert run_workflow_timers(today=day) == {"pilot_project.open_re_review": 1}
        pilot.refresh_from_db()
        assert pilot.state == P.RE_REVIEW
        self.step(pilot, "re_review_pass", self.city_officer, opinion="复评合格")
        assert pilot.state == P.PASSED

    def test_it_lapses_at_the_deadline_after_one_extension(self):
        pilot = self.to_building()
        due = pilot.deadline
        new_due = deadline_extend(
            obj=pilot, days=90, reason="设备到货延迟", actor=self.enterprise_user
        )
        assert new_due > due
        with pytest.raises(ValidationError, match="已延期一次"):
            deadline_extend(obj=pilot, days=10, reason="再延", actor=self.enterprise_user)
        with pytest.raises(TransitionDenied):
            deadline_extend(obj=pilot, days=10, reason="x", actor=self.other_enterprise_user)
        assert run_workflow_timers(today=new_due) == {}
        assert run_workflow_timers(today=new_due + dt.timedelta(days=1)) == {
            "pilot_project.lapse": 1
        }
        pilot.refresh_from_db()
        assert pilot.state == P.LAPSED
        assert StatusChange.objects.filter(object_id=str(pilot.pk), action="lapse", actor__isnull=True).exists()  # fmt: skip

    def test_it_refuses_wrong_roles_organizations_and_states_with_nothing_changed(self):
        pilot = self.apply()
        snapshot = (StatusChange.objects.count(), AuditEvent.objects.count(), pilot.state)
        for actor, action, error in (
            (self.other_county_officer, "recommend", TransitionDenied),
            (self.enterprise_user, "recommend", TransitionDenied),
            (self.county_officer, "formal_check", TransitionDenied),
            (self.city_officer, "sign", InvalidTransition),
            (self.city_officer, "lapse", TransitionDenied),
        ):
            with pytest.raises(error):
                transition(obj=pilot, action=action, actor=actor)
            pilot.refresh_from_db()
            assert (
                StatusChange.objects.count(),
                AuditEvent.objects.count(),
                pilot.state,
            ) == snapshot
        with pytest.raises(ValidationError, match="须填写意见"):
            transition(obj=pilot, action="not_recommend", actor=self.county_officer)

    def test_it_refuses_an_application_outside_the_call_window(self):
        from calls.models import Call

        Call.objects.update(closes_at=timezone.now() - dt.timedelta(days=1))
        with pytest.raises(ValidationError, match="征集已于"):
            services.pilot_apply(
                organization=self.organization, actor=self.enterprise_user, call=Call.objects.get(),
                **PILOT,
            )  # fmt: skip
        with pytest.raises(ValidationError, match="没有正在进行的征集"):
            self.apply()
        assert not PilotProject.objects.exists()

    def test_the_pages_show_the_panel_to_insiders_only(self):
        pilot = self.to_building()
        self.login(self.enterprise_user)
        page = self.client.get(pilot.get_absolute_url()).content.decode()
        assert "报送建设进展" in page and "自评并申请验收" in page
        response = self.client.post(
            f"/pilots/{pilot.pk}/reports/", {"period": "2026年第一季度", "progress": "进展顺利"}
        )
        assert response.status_code == 302 and pilot.progress_reports.count() == 1
        self.client.logout()
        page = self.client.get(pilot.get_absolute_url()).content.decode()
        assert "建设进展报告" not in page and "办理记录" not in page
        self.login(self.other_enterprise_user)
        assert self.client.post(f"/pilots/{pilot.pk}/transition/", {"action": "request_acceptance"}).status_code == 404  # fmt: skip

    def test_the_api_lists_actions_takes_transitions_and_hides_others_records(self):
        pilot = self.apply()
        url = f"/api/v1/pilots/{pilot.pk}/"
        self.client.force_login(self.county_officer)
        keys = {a["key"] for a in self.client.get(url).json()["actions"]}
        assert {"recommend", "not_recommend", "return"} <= keys
        response = self.client.post(url + "transition/", {"action": "recommend"}, content_type="application/json")  # fmt: skip
        assert response.status_code == 201, response.content
        response = self.client.post(url + "transition/", {"action": "recommend"}, content_type="application/json")  # fmt: skip
        assert response.status_code == 409
        self.client.force_login(self.other_county_officer)
        assert self.client.get(url).status_code == 404
        self.client.logout()
        assert self.client.get(url + "history/").status_code == 404
