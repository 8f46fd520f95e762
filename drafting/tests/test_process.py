"""The whole process at the service level: every stage, a status change and an audit row each."""

import datetime as dt

from catalog.choices import Kind, Status
from catalog.models import Standard
from core.models import AuditEvent, StatusChange
from drafting import steps
from drafting.selectors import current_consultation
from drafting.tests.helpers import TODAY, ProjectCast
from testing.personas import PersonaTestCase


class HappyPathTests(ProjectCast, PersonaTestCase):
    def test_it_takes_a_project_from_application_to_a_standard_in_force(self):
        project = self.apply()
        self.assertEqual(project.state, "submitted")
        steps.walk(project, self.cast, TODAY, until="in_force", filing="D370800-2026-0001")
        self.assertEqual(project.state, "in_force")
        self.assertEqual(project.plan_number, "2026-001")
        self.assertRegex(project.code, r"^DB3708/T 001—2026$")
        standard = Standard.objects.get(pk=project.standard_id)
        self.assertEqual(standard.kind, Kind.MUNICIPAL)
        self.assertEqual(standard.title, project.title)
        self.assertTrue(standard.is_public)
        self.assertTrue(standard.full_text)
        self.assertEqual(
            list(standard.drafting_units.order_by("position").values_list("name", flat=True)),
            [self.organization.name, "济宁市标准化研究院"],
        )
        changes = StatusChange.objects.filter(object_id=str(project.pk), process="local_standard")
        actions = list(changes.order_by("at", "id").values_list("action", flat=True))
        self.assertEqual(
            actions,
            [
                "submit",
                "forward",
                "accept",
                "publicity_end",
                "issue_plan",
                "request_comment",
                "open_comment",
                "comment_close",
                "submit_review",
                "start_tech_review",
                "tech_pass",
                "submit_approval",
                "approve",
                "publish",
                "file",
            ],
        )
        audited = set(
            AuditEvent.objects.filter(object_id=str(project.pk)).values_list("action", flat=True)
        )
        self.assertTrue({f"local_standard.{a}" for a in actions} <= audited)
        self.assertEqual(
            project.review_due,
            dt.date(project.issue_date.year + 5, project.issue_date.month, project.issue_date.day),
        )
        self.assertEqual(standard.status, Status.UPCOMING)  # 即将实施 until its implement date


class PublicationTests(ProjectCast, PersonaTestCase):
    def test_publishing_the_standard_publishes_the_comment_dispositions(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="comment")
        day = steps.close_comment(project, self.cast, publish=False)
        consultation = current_consultation(project)
        self.assertFalse(consultation.is_published)
        steps.submit_review(project, self.cast, day + dt.timedelta(days=5))
        steps.tech_review(project, self.cast, day + dt.timedelta(days=10))
        steps.submit_approval(project, self.cast, day + dt.timedelta(days=20))
        steps.approve_and_publish(project, self.cast, day + dt.timedelta(days=30))
        consultation.refresh_from_db()
        self.assertTrue(consultation.is_published)
        self.assertEqual(project.state, "published")
