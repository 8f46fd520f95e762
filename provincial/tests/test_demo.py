"""The demo's two DB37 projects, created through the services."""

from django.test import TestCase

from accounts.services import roles_sync
from core.models import StatusChange
from demo import loaders
from demo.provincial import load_provincial
from provincial.models import ProvincialProject, StageUpdate
from reference.loaders import load_reference


class DemoProvincialTest(TestCase):
    def test_it_loads_two_projects_with_history_once(self):
        load_reference()
        roles_sync()
        loaders._users(loaders._organizations())
        load_provincial()
        load_provincial()
        projects = ProvincialProject.objects.order_by("plan_number")
        self.assertEqual(projects.count(), 2)
        self.assertEqual({p.stage for p in projects}, {"drafting", "published"})
        self.assertEqual(StageUpdate.objects.filter(state="submitted").count(), 1)
        self.assertEqual(StatusChange.objects.filter(process="provincial_stage_update").count(), 3)
        self.assertTrue(all(p.county_id == "370811" for p in projects))
