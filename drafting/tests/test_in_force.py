"""In force: 复审 confirm / revise / abolish, the replacement chain, implementation feedback;
deadlines: reminders, one extension with a reason, cancellation by the bureau."""

import datetime as dt

from django.core.exceptions import ValidationError

from catalog.models import Standard, StandardReplacement
from core.models import AuditEvent, WorkItem
from core.workflow import TransitionDenied, deadline_extend, transition
from documents.services import document_attach
from drafting import selectors, steps
from drafting.tests.helpers import TODAY, ProjectCast
from follows.services import follow_create
from notifications.models import Notification
from notifications.reminders import send_deadline_reminders
from testing.personas import PersonaTestCase

DAY = dt.date(2026, 11, 25)


class PeriodicReviewTests(ProjectCast, PersonaTestCase):
    def setUp(self):
        self.project = self.apply()
        steps.walk(self.project, self.cast, TODAY, until="in_force", filing="40001-2026")

    def test_a_confirmed_review_records_the_date_and_the_next_review_in_five_years(self):
        with steps.on(DAY):
            transition(obj=self.project, action="start_periodic_review", actor=self.city_officer)
            transition(obj=self.project, action="confirm", actor=self.city_officer)
        self.project.refresh_from_db()
        self.assertEqual(self.project.state, "in_force")
        self.assertEqual(
            Standard.objects.get(pk=self.project.standard_id).review_confirmed_date, DAY
        )
        self.assertEqual(self.project.review_due, dt.date(2031, 11, 25))

    def test_reviews_due_within_90_days_are_listed_for_the_bureau(self):
        self.assertEqual(
            list(selectors.reviews_due(today=self.project.review_due - dt.timedelta(days=91))), []
        )
        self.assertEqual(
            list(selectors.reviews_due(today=self.project.review_due - dt.timedelta(days=90))),
            [self.project],
        )

    def test_abolishing_sets_the_status_and_tells_the_followers(self):
        follow_create(user=self.citizen, code=self.project.standard.code)
        with steps.on(DAY):
            transition(obj=self.project, action="start_periodic_review", actor=self.city_officer)
            with self.captureOnCommitCallbacks(execute=True):
                transition(
                    obj=self.project,
                    action="abolish",
                    actor=self.city_officer,
                    opinion="已被国家标准覆盖",
                    data={"abolish_date": DAY},
                )
        standard = Standard.objects.get(pk=self.project.standard_id)
        self.assertEqual((standard.status, standard.abolish_date), ("abolished", DAY))
        self.assertTrue(Notification.objects.filter(recipient=self.citizen, kind="alert").exists())

    def revise(self):
        """复审 concludes 修订: a revision project is started from this one."""
        with steps.on(DAY):
            transition(obj=self.project, action="start_periodic_review", actor=self.city_officer)
            transition(
                obj=self.project, action="revise", actor=self.city_officer, opinion="需要修订"
            )
        return self.project.revisions.get()

    def test_a_revision_replaces_the_old_standard_once_published(self):
        revision = self.revise()
        self.assertEqual(
            (revision.kind, revision.revises_id, revision.state),
            ("revise", self.project.standard_id, "draft"),
        )
        with steps.on(DAY):
            document_attach(
                obj=revision,
                upload=steps.fulltext.pdf_upload("申请书.pdf"),
                kind="application",
                actor=self.sector_officer,
            )
            transition(obj=revision, action="submit", actor=self.sector_officer)
        # Outside any call window: a revision may be submitted at any time (the call guard passes).
        revision.refresh_from_db()
        self.assertEqual(revision.state, "submitted")

    def test_a_revision_before_its_plan_is_issued_is_not_linked_on_the_public_page(self):
        revision = self.revise()
        revision.title = "修订中的内部草拟名称"
        revision.save(update_fields=["title"])
        page = self.project.get_absolute_url()
        public = self.client.get(page).content.decode()
        self.assertNotIn(revision.get_absolute_url(), public)
        self.assertNotIn(revision.title, public)
        self.login(self.city_officer)  # the bureau sees every project, the revision included
        self.assertIn(revision.get_absolute_url(), self.client.get(page).content.decode())


class DeadlineTests(ProjectCast, PersonaTestCase):
    def test_an_overdue_stage_is_flagged_and_its_people_reminded(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="drafting")
        project.refresh_from_db()
        with steps.on(project.deadline + dt.timedelta(days=1)):
            self.assertIn(project, list(selectors.overdue_projects()))
            counts = send_deadline_reminders()
        self.assertGreaterEqual(counts["items"], 1)
        self.assertTrue(
            Notification.objects.filter(recipient=self.sector_officer, kind="deadline").exists()
        )

    def test_one_extension_with_a_reason_then_refused(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="drafting")
        project.refresh_from_db()
        before = project.deadline
        with steps.on(TODAY + dt.timedelta(days=40)):
            due = deadline_extend(
                obj=project, days=30, reason="试验数据尚未齐全", actor=self.city_officer
            )
            self.assertEqual(due, before + dt.timedelta(days=30))
            with self.assertRaises(ValidationError):
                deadline_extend(obj=project, days=10, reason="再延期", actor=self.city_officer)
        self.assertEqual({i.due for i in WorkItem.objects.open().about(project)}, {due})

    def test_the_bureau_cancels_with_a_reason_and_nobody_else_may(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="drafting")
        with self.assertRaises(TransitionDenied):
            transition(obj=project, action="cancel", actor=self.sector_officer, opinion="不做了")
        with self.assertRaises(ValidationError):
            transition(obj=project, action="cancel", actor=self.city_officer)
        transition(
            obj=project, action="cancel", actor=self.city_officer, opinion="逾期未完成，撤销"
        )
        project.refresh_from_db()
        self.assertEqual(project.state, "cancelled")
        self.assertFalse(WorkItem.objects.open().about(project).exists())
        self.assertTrue(
            AuditEvent.objects.filter(
                action="local_standard.cancel", object_id=str(project.pk)
            ).exists()
        )


class ReplacementServiceTests(ProjectCast, PersonaTestCase):
    def test_publishing_a_revision_links_both_standards_and_retires_the_old_project(self):
        old = self.apply()
        steps.walk(old, self.cast, TODAY, until="in_force", filing="40001-2026")
        with steps.on(DAY):
            transition(obj=old, action="start_periodic_review", actor=self.city_officer)
            transition(obj=old, action="revise", actor=self.city_officer, opinion="需要修订")
        revision = old.revisions.get()
        with steps.on(DAY):
            document_attach(
                obj=revision,
                upload=steps.fulltext.pdf_upload("申请书.pdf"),
                kind="application",
                actor=self.sector_officer,
            )
            transition(obj=revision, action="submit", actor=self.sector_officer)
        revision.refresh_from_db()
        steps.walk(revision, self.cast, DAY, until="published")
        old.refresh_from_db()
        self.assertEqual(old.state, "replaced")
        link = StandardReplacement.objects.get(new=revision.standard)
        self.assertEqual(link.old_id, old.standard_id)
        self.assertEqual(
            Standard.objects.get(pk=old.standard_id).abolish_date, revision.implement_date
        )
