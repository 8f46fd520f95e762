"""The subsidy round on the engine: every stage from the call to the archive, returns and
refusals, guards with their reasons, wrong roles and organizations refused with nothing changed."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent, StatusChange, WorkItem
from core.workflow import InvalidTransition, TransitionDenied, transition
from core.workflow.timers import run_workflow_timers
from directory.models import Expert
from programs import services
from programs.choices import SubsidyState as S
from programs.models import SubsidyApplication
from programs.tests.helpers import make_call, make_drafted, make_policy, verify
from publicity.models import Notice
from publicity.services import objection_answer, objection_submit
from reviews.services import review_assign, review_submit, sheet_create
from testing.personas import PersonaTestCase


class SubsidyProcessTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy(budget="600000.00")
        make_drafted("GB/T 41001-2024", [cls.organization])
        make_drafted("GB/T 41002-2024", [cls.other_organization])

    def submit(self, user=None, organization=None, codes=("GB/T 41001-2024",)):
        return services.application_submit(
            policy=self.policy,
            organization=organization or self.organization,
            codes=list(codes),
            actor=user or self.enterprise_user,
        )

    def snapshot(self, application):
        application.refresh_from_db()
        return (
            application.state,
            application.total,
            application.allocated,
            StatusChange.objects.count(),
            AuditEvent.objects.count(),
            WorkItem.objects.filter(completed_at__isnull=True).count(),
        )

    def step(self, application, action, actor, **kwargs):
        changes, audits = StatusChange.objects.count(), AuditEvent.objects.count()
        change = transition(obj=application, action=action, actor=actor, **kwargs)
        assert StatusChange.objects.count() == changes + 1
        assert AuditEvent.objects.filter(action=f"subsidy_application.{action}").exists()
        assert AuditEvent.objects.count() > audits
        application.refresh_from_db()
        return change

    def test_it_runs_a_round_from_the_call_to_the_archive(self):
        application = self.submit()
        other = self.submit(
            self.other_enterprise_user, self.other_organization, ["GB/T 41002-2024"]
        )
        assert application.state == S.SUBMITTED
        # The county officer of the enterprise's county has the pre-check in their queue.
        assert (
            WorkItem.objects.open()
            .for_user(self.county_officer)
            .filter(object_id=str(application.pk))
            .exists()
        )
        assert (
            not WorkItem.objects.open()
            .for_user(self.county_officer)
            .filter(object_id=str(other.pk))
            .exists()
        )
        for app, county in ((application, self.county_officer), (other, self.other_county_officer)):
            self.step(app, "county_check", county)
            self.step(app, "city_review", self.city_officer)
            assert app.state == S.CITY_REVIEWED
        # Expert review on a score sheet for one; a bureau decision with a score for the other.
        sheet = sheet_create(
            name="资助评审表", program="subsidy", pass_mark=60,
            criteria=[{"label": "标准水平", "max_points": 100}], actor=self.city_officer,
        )  # fmt: skip
        expert = Expert.objects.create(name="孙专家", user=self.expert)
        review_assign(
            object=application, experts=[expert], sheet=sheet, due=None, actor=self.city_officer
        )
        with pytest.raises(ValidationError, match="还有 1 位专家尚未提交评审意见"):
            transition(obj=application, action="review_pass", actor=self.city_officer)
        criterion = sheet.criteria.get()
        review_submit(
            object=application, expert=self.expert, scores={criterion.pk: "88"}, vote="pass",
            opinion="水平较高", declare_no_conflict=True, actor=self.expert,
        )  # fmt: skip
        self.step(application, "review_pass", self.city_officer)
        assert application.score == Decimal("88.00")
        self.step(other, "review_pass", self.city_officer, data={"score": "70"})
        assert other.score == Decimal("70.00")

        # Allocation: 500,000 + 500,000 claimed against a budget of 600,000 → pro rata.
        with pytest.raises(ValidationError, match="尚未保存分配方案"):
            transition(obj=application, action="allocate", actor=self.city_officer)
        moved = services.round_allocate(policy=self.policy, actor=self.city_officer)
        assert len(moved) == 2
        application.refresh_from_db()
        assert application.state == S.ALLOCATED and application.allocated == Decimal("300000.00")

        # Publicity with the allocation rows, closed by the timer once ended and answered.
        services.round_publish(policy=self.policy, actor=self.city_officer)
        notice = Notice.objects.about(self.policy).get()
        assert notice.days == self.policy.publicity_days and len(notice.rows) == 2
        application.refresh_from_db()
        assert application.state == S.PUBLICITY
        objection = objection_submit(notice=notice, name="某人", contact="139", content="有异议")
        after = notice.ends_on + dt.timedelta(days=1)
        with mock.patch("django.utils.timezone.localdate", return_value=after):
            assert run_workflow_timers(today=after) == {}
            with pytest.raises(ValidationError, match="还有 1 条公示异议尚未答复"):
                transition(obj=application, action="approve", actor=self.city_officer)
            objection_answer(objection=objection, answer="经核实无误", actor=self.city_officer)
            assert run_workflow_timers(today=after) == {"subsidy_application.publicity_close": 2}
            application.refresh_from_db()
            assert application.state == S.PUBLICIZED
            self.step(application, "approve", self.city_officer)
        assert (
            StatusChange.objects.filter(action="publicity_close", actor__isnull=True).count() == 2
        )

        # Payment in two parts: the second completes it and the process moves to paid.
        with pytest.raises(ValidationError, match=r"已登记拨付 0\.00 元"):
            transition(obj=application, action="pay", actor=self.city_officer)
        today = timezone.localdate()
        services.payment_record(application=application, paid_on=today, amount=Decimal("100000"), reference="A1", actor=self.city_officer)  # fmt: skip
        application.refresh_from_db()
        assert application.state == S.APPROVED
        services.payment_record(application=application, paid_on=today, amount=Decimal("200000"), reference="A2", actor=self.city_officer)  # fmt: skip
        application.refresh_from_db()
        assert application.state == S.PAID
        self.step(
            application, "evaluate", self.city_officer, opinion="按期完成", data={"rating": "good"}
        )
        self.step(application, "archive", self.city_officer)
        assert application.state == S.ARCHIVED
        assert [c.to_state for c in StatusChange.objects.about(application).order_by("at", "id")] == [
            S.SUBMITTED, S.COUNTY_CHECKED, S.CITY_REVIEWED, S.REVIEWED, S.ALLOCATED, S.PUBLICITY,
            S.PUBLICIZED, S.APPROVED, S.PAID, S.EVALUATED, S.ARCHIVED,
        ]  # fmt: skip
        assert not WorkItem.objects.about(application).filter(completed_at__isnull=True).exists()

    def test_it_refuses_applications_outside_the_call_window(self):
        self.policy.call = make_call(open_now=False)
        self.policy.save(update_fields=["call"])
        with pytest.raises(ValidationError, match=r"征集已于.*截止"):
            self.submit()
        assert not SubsidyApplication.objects.exists()

    def test_it_returns_for_changes_and_takes_the_resubmission(self):
        application = self.submit(codes=["GB/T 41002-2024"])  # not its standard
        with pytest.raises(ValidationError, match="申报的标准均不符合资助条件"):
            transition(obj=application, action="county_check", actor=self.county_officer)
        with pytest.raises(ValidationError, match="须填写意见"):
            transition(obj=application, action="return", actor=self.county_officer)
        self.step(application, "return", self.county_officer, opinion="请核对起草单位")
        assert application.state == S.RETURNED
        assert WorkItem.objects.open().for_user(self.enterprise_user).filter(object_id=str(application.pk)).exists()  # fmt: skip
        self.step(
            application, "resubmit", self.enterprise_user, data={"standards": "GB/T 41001-2024"}
        )
        assert application.state == S.SUBMITTED
        assert application.total == Decimal("500000.00")

    def test_it_refuses_with_the_reason_kept(self):
        application = self.submit(codes=["GB/T 41002-2024"])
        change = self.step(
            application, "refuse", self.county_officer, opinion="非起草单位，不予资助"
        )
        assert application.state == S.REFUSED and change.opinion == "非起草单位，不予资助"

    def test_it_refuses_wrong_roles_organizations_and_states_with_nothing_changed(self):
        application = self.submit()
        before = self.snapshot(application)
        for actor, action, error, message in (
            (self.other_county_officer, "county_check", TransitionDenied, "您无权"),
            (self.enterprise_user, "county_check", TransitionDenied, "您无权"),
            (self.county_officer, "city_review", TransitionDenied, "您无权"),
            (self.city_officer, "approve", InvalidTransition, "当前状态为“待县级初审”"),
            (self.other_enterprise_user, "resubmit", TransitionDenied, "您无权"),
            (self.city_officer, "publicity_close", TransitionDenied, "由系统自动办理"),
        ):
            with pytest.raises(error, match=message):
                transition(obj=application, action=action, actor=actor)
            assert self.snapshot(application) == before
        with pytest.raises(PermissionDenied):
            self.submit(self.enterprise_user, self.other_organization)
        with pytest.raises(PermissionDenied):
            services.round_publish(policy=self.policy, actor=self.county_officer)

    def test_it_blocks_an_allocation_over_budget(self):
        application = self.submit()
        for action, actor in (("county_check", self.county_officer), ("city_review", self.city_officer), ("review_pass", self.city_officer)):  # fmt: skip
            transition(obj=application, action=action, actor=actor)
        SubsidyApplication.objects.filter(pk=application.pk).update(allocated=Decimal("700000.00"))
        with pytest.raises(ValidationError, match="超出预算"):
            transition(obj=application, action="allocate", actor=self.city_officer)

    def test_the_api_lists_actions_and_takes_transitions(self):
        application = self.submit()
        self.client.force_login(self.county_officer)
        url = f"/api/v1/subsidies/applications/{application.pk}/"
        data = self.client.get(url).json()
        assert {"county_check", "return", "refuse"} <= {a["key"] for a in data["actions"]}
        response = self.client.post(
            url + "transition/", {"action": "county_check"}, content_type="application/json"
        )
        assert response.status_code == 201, response.content
        response = self.client.post(
            url + "transition/", {"action": "county_check"}, content_type="application/json"
        )
        assert response.status_code == 409
        history = self.client.get(url + "history/").json()
        rows = history["results"] if isinstance(history, dict) else history
        assert [h["to_state"] for h in rows] == [S.SUBMITTED, S.COUNTY_CHECKED]
        self.client.force_login(self.other_county_officer)
        assert self.client.get(url).status_code == 404
