"""The demo data of local standards loads through the services and shows every stage."""

from django.test import TestCase

from core.models import AuditEvent, StatusChange
from demo.loaders import load_demo
from drafting import selectors
from drafting.models import LocalStandardProject


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo()

    def test_the_demo_has_projects_in_every_stage_with_their_history(self):
        states = set(LocalStandardProject.objects.values_list("state", flat=True))
        for state in (
            "submitted",
            "project_review",
            "publicity",
            "drafting",
            "comment",
            "tech_review",
            "in_force",
            "rejected",
        ):
            self.assertIn(state, states)
        published = LocalStandardProject.objects.filter(code__startswith="DB3708/T")
        self.assertEqual(published.count(), 7)
        self.assertTrue(all(p.standard.full_text for p in published))
        open_now = selectors.open_for_comment()
        self.assertEqual(len(open_now), 1)
        self.assertGreaterEqual(
            open_now[0].consultation.comments.exclude(disposition="").count(), 1
        )
        self.assertEqual([p.title for p in selectors.reviews_due()], ["公务用车平台建设与管理规范"])
        for project in LocalStandardProject.objects.exclude(state="draft"):
            changes = StatusChange.objects.filter(
                object_id=str(project.pk), process="local_standard"
            )
            self.assertTrue(changes.exists(), project.title)
            self.assertEqual(
                AuditEvent.objects.filter(
                    object_id=str(project.pk), action__startswith="local_standard."
                ).count()
                >= changes.count(),
                True,
            )

    def test_the_duplicate_search_on_the_demo_puts_the_near_identical_title_first(self):
        project = LocalStandardProject.objects.get(title="城市公共厕所保洁与管理服务规范")
        first = selectors.similar_standards(project.title)[0]
        self.assertEqual(first.title, "城市公共厕所保洁服务规范")
        self.assertTrue(first.code.startswith("DB3708/T"))
