"""The bureau's ranking (filters, county scope, Excel), the score model page and the cluster form."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEvent
from directory.models import Organization
from profiles.models import ScoreModel
from profiles.services import profiles_compute
from profiles.tests.helpers import drafted, verify
from reference.models import IndustryClass, IndustryCluster
from testing.personas import PersonaTestCase


class RankingTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        IndustryClass.objects.create(code="C", name="制造业", level=1)
        IndustryClass.objects.create(code="34", name="通用设备制造业", level=2, parent_id="C")
        IndustryClass.objects.create(code="3411", name="锅炉制造", level=4, parent_id="34")
        IndustryClass.objects.create(code="A", name="农、林、牧、渔业", level=1)
        IndustryClass.objects.create(code="01", name="农业", level=2, parent_id="A")
        Organization.objects.filter(pk=cls.organization.pk).update(industry_id="3411")
        Organization.objects.filter(pk=cls.other_organization.pk).update(industry_id="01")
        cls.cluster = IndustryCluster.objects.create(code="HE", name="高端装备")
        cls.organization.clusters.add(cls.cluster)
        drafted(cls.organization, "GB/T 44001-2025", "装备 示例")
        drafted(cls.other_organization, "DB37/T 5001-2025", "农业 示例")
        profiles_compute()

    def names(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(reverse("profiles:ranking"), params)
        self.assertEqual(response.status_code, 200)
        return [row.organization.name for row in response.context["page_obj"]]

    def test_the_city_sees_all_ranked_by_score(self):
        self.assertEqual(
            self.names(self.city_officer), [self.organization.name, self.other_organization.name]
        )

    def test_a_county_officer_sees_their_county_only(self):
        self.assertEqual(self.names(self.county_officer), [self.organization.name])
        self.assertEqual(self.names(self.other_county_officer), [self.other_organization.name])
        # A county parameter does not widen the scope.
        self.assertEqual(
            self.names(self.other_county_officer, county=self.county.code),
            [self.other_organization.name],
        )

    def test_filters_by_county_industry_section_division_and_cluster(self):
        city = self.city_officer
        self.assertEqual(self.names(city, county="370883"), [self.other_organization.name])
        self.assertEqual(self.names(city, industry="C"), [self.organization.name])
        self.assertEqual(self.names(city, industry="01"), [self.other_organization.name])
        self.assertEqual(self.names(city, cluster="HE"), [self.organization.name])

    def test_others_are_refused(self):
        for user in (self.enterprise_user, self.citizen, self.expert):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("profiles:ranking")).status_code, 403)

    def test_the_export_is_what_the_filters_show(self):
        self.client.force_login(self.city_officer)
        response = self.client.get(reverse("profiles:ranking"), {"industry": "C", "format": "xlsx"})
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        self.assertEqual(rows[0][:2], ("名次", "机构名称"))
        self.assertEqual([r[1] for r in rows[1:]], [self.organization.name])


class ScoreModelPageTests(PersonaTestCase):
    def form_data(self, **overrides):
        data = {"half_life_years": "4", "breadth_points": "3", "note": "提高国家标准权重"}
        for kind in ("national", "industry", "provincial", "municipal", "group", "enterprise"):
            data[f"w_{kind}_lead"] = "40" if kind == "national" else "5"
            data[f"w_{kind}_participant"] = "2"
        for key in ("pilots", "awards", "forerunners", "specialists", "committees"):
            data[f"p_{key}"] = "1"
        data["c_total"] = "500"
        return {**data, **overrides}

    def test_the_bureau_publishes_a_new_version(self):
        self.client.force_login(self.city_officer)
        self.assertEqual(self.client.get(reverse("profiles:model")).status_code, 200)
        response = self.client.post(reverse("profiles:model"), self.form_data())
        self.assertEqual(response.status_code, 302)
        model = ScoreModel.objects.current()
        self.assertEqual(model.version, 2)
        self.assertEqual(model.params().weights["national"]["lead"], Decimal("40.00"))
        self.assertEqual(model.params().caps, {"total": Decimal("500.00")})
        self.assertTrue(AuditEvent.objects.filter(action="profiles.model_publish").exists())

    def test_bad_input_is_refused_in_chinese_and_changes_nothing(self):
        self.client.force_login(self.city_officer)
        self.client.get(reverse("profiles:model"))  # creates version 1
        response = self.client.post(reverse("profiles:model"), self.form_data(w_national_lead="-1"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "确保该值大于或等于0")
        self.assertEqual(ScoreModel.objects.count(), 1)

    def test_others_may_not_edit_it(self):
        for user in (self.county_officer, self.enterprise_user):
            self.client.force_login(user)
            self.assertEqual(
                self.client.post(reverse("profiles:model"), self.form_data()).status_code, 403
            )
        self.assertFalse(ScoreModel.objects.filter(version=2).exists())


class ClusterFormTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        IndustryClass.objects.create(code="C", name="制造业", level=1)
        division = IndustryClass.objects.create(
            code="34", name="通用设备制造业", level=2, parent_id="C"
        )
        Organization.objects.filter(pk=cls.organization.pk).update(industry_id="34")
        cls.equipment = IndustryCluster.objects.create(code="HE", name="高端装备")
        cls.equipment.industries.add(division)
        cls.food = IndustryCluster.objects.create(code="FD", name="食品")

    def url(self):
        return reverse("profiles:clusters", args=[self.organization.pk])

    def test_the_form_proposes_the_clusters_of_its_industry(self):
        self.client.force_login(self.enterprise_user)
        response = self.client.get(self.url())
        self.assertEqual(response.context["form"].initial["clusters"], [self.equipment])

    def test_its_administrator_sets_them_through_the_service(self):
        self.client.force_login(self.enterprise_user)
        response = self.client.post(self.url(), {"clusters": [self.equipment.pk, self.food.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(self.organization.clusters.all()), {self.equipment, self.food})
        self.assertTrue(AuditEvent.objects.filter(action="organization.clusters").exists())

    def test_other_organizations_and_county_officers_may_not(self):
        for user in (self.other_enterprise_user, self.county_officer):
            self.client.force_login(user)
            response = self.client.post(self.url(), {"clusters": [self.food.pk]})
            self.assertIn(response.status_code, (403, 404))
        self.assertFalse(self.organization.clusters.exists())
