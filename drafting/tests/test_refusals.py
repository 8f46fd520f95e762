"""Refusals: invalid transitions, the wrong role or organization, an expert with a conflict, a
number already used, guards — a clear Chinese message and nothing changed."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from catalog.models import Standard
from catalog.services import standard_save
from core.models import AuditEvent, Panel, StatusChange, WorkItem
from core.workflow import InvalidTransition, TransitionDenied, transition
from core.workflow.errors import ActionBlocked
from directory.models import ExpertConflict
from drafting import services, steps
from drafting.models import LocalStandardProject
from drafting.tests.helpers import TODAY, ProjectCast
from reviews.models import Review
from reviews.services import review_assign
from testing.personas import PersonaTestCase


class RefusalTests(ProjectCast, PersonaTestCase):
    def snapshot(self, project):
        project = LocalStandardProject.objects.get(pk=project.pk)
        return (
            project.state,
            project.deadline,
            project.code,
            project.plan_number,
            StatusChange.objects.filter(object_id=str(project.pk)).count(),
            AuditEvent.objects.count(),
            WorkItem.objects.count(),
            Panel.objects.count(),
            Review.objects.count(),
        )

    def test_an_invalid_transition_is_refused_and_nothing_changes(self):
        project = self.apply()
        before = self.snapshot(project)
        with self.assertRaisesMessage(InvalidTransition, "不能执行“下达计划”"):
            transition(obj=project, action="issue_plan", actor=self.city_officer)
        self.assertEqual(self.snapshot(project), before)

    def test_the_wrong_role_or_county_is_refused(self):
        project = self.apply()
        before = self.snapshot(project)
        for user in (self.other_county_officer, self.enterprise_user, self.expert):
            with (
                self.subTest(user=user.username),
                self.assertRaisesMessage(TransitionDenied, "您无权"),
            ):
                transition(obj=project, action="forward", actor=user)
        self.assertEqual(self.snapshot(project), before)

    def test_another_organization_may_not_draft(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="drafting")
        before = self.snapshot(project)
        with self.assertRaises(PermissionDenied):
            services.draft_upload(
                project=project,
                purpose="征求意见稿",
                upload=steps.fulltext.docx_upload(project.title),
                note="x",
                actor=self.other_enterprise_user,
            )
        with self.assertRaisesMessage(TransitionDenied, "您无权"):
            transition(obj=project, action="request_comment", actor=self.other_enterprise_user)
        self.assertEqual(self.snapshot(project), before)

    def test_an_expert_with_a_conflict_is_refused(self):
        project = self.apply()
        steps.forward(project, self.cast, TODAY)
        ExpertConflict.objects.create(
            expert=self.experts[1], organization=self.organization, reason="曾任顾问"
        )
        before = self.snapshot(project)
        with steps.on(TODAY), self.assertRaises(ValidationError) as caught:
            review_assign(
                object=project,
                experts=self.experts,
                sheet=self.sheet,
                due=None,
                actor=self.city_officer,
            )
        self.assertIn("须回避", str(caught.exception))
        self.assertEqual(self.snapshot(project), before)

    def test_accepting_waits_for_the_duplicate_search_and_the_panel(self):
        project = self.apply()
        steps.forward(project, self.cast, TODAY)
        before = self.snapshot(project)
        with steps.on(TODAY), self.assertRaisesMessage(ActionBlocked, "请先查看查新结果并确认"):
            transition(obj=project, action="accept", actor=self.city_officer)
        with steps.on(TODAY):
            services.duplicate_check_confirm(project=project, actor=self.city_officer)
            with self.assertRaisesMessage(ActionBlocked, "尚未组织专家评审"):
                transition(obj=project, action="accept", actor=self.city_officer)
        self.assertEqual(self.snapshot(project)[:5], before[:5])

    def test_the_plan_waits_for_every_objection_to_be_answered(self):
        from publicity.models import Notice
        from publicity.services import objection_submit

        project = self.apply()
        steps.forward(project, self.cast, TODAY)
        steps.project_review(project, self.cast, TODAY + dt.timedelta(days=7))
        notice = Notice.objects.about(project).get()
        with steps.on(notice.starts_on):
            objection_submit(notice=notice, name="某公司", contact="1", content="与现行标准重复")
        with steps.on(notice.ends_on + dt.timedelta(days=1)):
            transition(obj=project, action="publicity_end", actor=None)
            with self.assertRaisesMessage(ActionBlocked, "还有 1 条公示异议尚未答复"):
                transition(
                    obj=project,
                    action="issue_plan",
                    actor=self.city_officer,
                    data={"completion_deadline": TODAY + dt.timedelta(days=400)},
                )

    def test_a_comment_period_under_30_days_is_refused(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="drafting")
        steps.request_comment(project, self.cast, TODAY + dt.timedelta(days=60))
        before = self.snapshot(project)
        with steps.on(TODAY + dt.timedelta(days=61)), self.assertRaises(ValidationError) as caught:
            transition(
                obj=project, action="open_comment", actor=self.city_officer, data={"days": 20}
            )
        self.assertIn("不得少于 30 天", str(caught.exception))
        self.assertEqual(self.snapshot(project), before)

    def test_sending_for_review_waits_until_every_comment_is_disposed(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="comment")
        steps.close_comment(project, self.cast, dispose=False)
        with (
            steps.on(project.comment_closes + dt.timedelta(days=2)),
            self.assertRaisesMessage(ActionBlocked, "尚有 3 条意见未填写处理意见"),
        ):
            transition(obj=project, action="submit_review", actor=self.enterprise_user)

    def test_a_number_already_used_is_refused(self):
        standard_save(
            standard=Standard(code="DB3708/T 001-2026", title="既有标准", status="current"),
            actor=None,
        )
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="approval")
        day = dt.date(2026, 11, 20)
        before = self.snapshot(project)
        with steps.on(day), self.assertRaises(ValidationError) as caught:
            transition(
                obj=project,
                action="approve",
                actor=self.city_officer,
                data={
                    "issue_date": day,
                    "implement_date": day + dt.timedelta(days=30),
                    "number": 1,
                },
            )
        self.assertIn("标准编号 DB3708/T 001—2026 已被使用", str(caught.exception))
        self.assertEqual(self.snapshot(project), before)
        # Numbered automatically, the used number is skipped and never given twice.
        steps.approve_and_publish(project, self.cast, day)
        self.assertEqual(project.code, "DB3708/T 002—2026")

    def test_the_approval_package_must_be_complete(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="comment_done")
        steps.submit_review(project, self.cast, dt.date(2026, 10, 1))
        with steps.on(dt.date(2026, 10, 2)):
            services.tech_panel_open(
                project=project,
                experts=self.experts,
                rule="majority",
                due=None,
                actor=self.city_officer,
            )
            for expert in self.experts:
                services.tech_vote(
                    project=project, outcome="approve", opinion="同意", actor=expert.user
                )
            with self.assertRaisesMessage(ValidationError, "请上传：意见材料"):
                transition(obj=project, action="tech_pass", actor=self.city_officer)
