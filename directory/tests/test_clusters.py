"""Industry clusters: reference data the bureau edits, and which organizations belong to them."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.models import AuditEvent
from directory.services import clusters_proposed_for, organization_clusters_set
from reference.loaders import _load_clusters
from reference.models import IndustryClass, IndustryCluster
from testing.personas import PersonaTestCase


class IndustryClusterTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        section = IndustryClass.objects.create(code="C", name="制造业", level=1)
        cls.machinery = IndustryClass.objects.create(
            code="34", name="通用设备制造业", level=2, parent=section
        )
        cls.textiles = IndustryClass.objects.create(
            code="17", name="纺织业", level=2, parent=section
        )
        cls.machine_tools = IndustryClass.objects.create(
            code="3411", name="锅炉及辅助设备制造", level=4, parent=cls.machinery
        )
        _load_clusters()
        cls.equipment = IndustryCluster.objects.get(code="C01")
        cls.textile_cluster = IndustryCluster.objects.get(code="C06")

    def test_shipped_clusters_cover_their_industries(self):
        self.assertEqual(IndustryCluster.objects.count(), 6)
        self.assertIn(self.machinery, self.equipment.industries.all())
        self.assertIn(self.textiles, self.textile_cluster.industries.all())

    def test_reloading_never_overwrites_what_the_bureau_edited(self):
        IndustryCluster.objects.filter(pk=self.equipment.pk).update(name="高端装备制造")
        IndustryCluster.objects.filter(code="C05").delete()

        created, _ = _load_clusters()

        self.assertEqual(created, 1)  # the deleted one comes back
        self.assertEqual(IndustryCluster.objects.get(code="C01").name, "高端装备制造")

    def test_clusters_are_proposed_from_the_organizations_industry(self):
        self.assertEqual(clusters_proposed_for(self.machine_tools), [self.equipment])
        self.assertEqual(clusters_proposed_for(None), [])
        IndustryCluster.objects.filter(pk=self.equipment.pk).update(is_active=False)
        self.assertEqual(clusters_proposed_for(self.machine_tools), [])

    def test_the_organizations_administrator_sets_its_clusters_and_it_is_audited(self):
        organization_clusters_set(
            organization=self.organization, clusters=[self.equipment], actor=self.enterprise_user
        )

        self.assertEqual(list(self.organization.clusters.all()), [self.equipment])
        event = AuditEvent.objects.get(action="organization.clusters")
        self.assertEqual(event.changes["fields"], {"clusters": [[], ["高端装备"]]})

    def test_another_organizations_user_cannot_set_its_clusters(self):
        with self.assertRaises(PermissionDenied):
            organization_clusters_set(
                organization=self.organization,
                clusters=[self.equipment],
                actor=self.other_enterprise_user,
            )
        self.assertFalse(self.organization.clusters.exists())
        self.assertFalse(AuditEvent.objects.filter(action="organization.clusters").exists())

    def test_the_directory_filters_organizations_by_cluster(self):
        organization_clusters_set(
            organization=self.organization, clusters=[self.equipment], actor=self.city_officer
        )
        self.client.force_login(self.city_officer)

        response = self.client.get(
            reverse("directory:organization_list"), {"cluster": self.equipment.pk}
        )

        self.assertContains(response, self.organization.name)
        self.assertNotContains(response, self.other_organization.name)
