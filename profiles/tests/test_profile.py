"""The profile page and its API: what each persona sees, the score and its breakdown,
recommendations, constant queries."""

from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from directory.models import CommitteeMember, TechnicalCommittee
from follows.models import Follow
from profiles.models import OrganizationScore
from profiles.selectors import drafting_links
from profiles.services import organization_score_refresh, profiles_compute
from profiles.tests.helpers import award, drafted, pilot, verify
from programs.models import Forerunner
from reference.models import IcsClass, IndustryClass
from testing.personas import PersonaTestCase


class ProfileTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.public = drafted(cls.organization, "GB/T 41001-2024", "公开的国家标准")
        cls.joined = drafted(cls.organization, "T/SDJX 001-2025", "参与的团体标准", position=2)
        cls.hidden = drafted(
            cls.organization, "Q/JNJX 001-2025", "未公开的企业标准", is_public=False
        )
        cls.named = pilot(cls.organization, "公开的试点项目", "building")
        cls.draft_pilot = pilot(cls.organization, "草稿中的试点项目", "draft")
        cls.published_award = award(cls.organization, 2025, "paid")
        cls.pending_award = award(cls.organization, 2026, "publicity", total="55555.00")
        Forerunner.objects.create(
            year=2025, field="工程机械", organization=cls.organization,
            enterprise_name=cls.organization.name, standard_code="Q/JNJX 002-2025",
            assessment_body="某评估机构",
        )  # fmt: skip
        committee = TechnicalCommittee.objects.create(
            code="SD/TC 99", name="示例委员会", level="provincial"
        )
        CommitteeMember.objects.create(
            committee=committee, name="张委员", organization=cls.organization
        )

    def url(self, org=None):
        return reverse("profiles:profile", args=[(org or self.organization).pk])

    def page(self, user=None):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(self.url())


class VisibilityTests(ProfileTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        organization_score_refresh(organization=cls.organization)

    def assert_public_parts_only(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "GB/T 41001-2024")
        self.assertContains(response, "T/SDJX 001-2025")
        self.assertContains(response, "公开的试点项目")
        self.assertContains(response, "2025年")
        self.assertContains(response, "工程机械")
        self.assertContains(response, "SD/TC 99")
        self.assertNotContains(response, "Q/JNJX 001-2025")
        self.assertNotContains(response, "草稿中的试点项目")
        self.assertNotContains(response, "55,555.00")
        self.assertNotContains(response, "得分明细")
        self.assertNotContains(response, "精准信息服务")

    def assert_full(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "草稿中的试点项目")
        self.assertContains(response, "55,555.00")
        self.assertContains(response, "得分明细")
        self.assertContains(response, "精准信息服务")

    def test_anonymous_sees_the_public_parts(self):
        self.assert_public_parts_only(self.page())

    def test_another_enterprise_sees_the_public_parts(self):
        self.assert_public_parts_only(self.page(self.other_enterprise_user))

    def test_a_county_officer_of_another_county_sees_the_public_parts(self):
        self.assert_public_parts_only(self.page(self.other_county_officer))

    def test_the_enterprise_sees_its_own_full_profile(self):
        self.assert_full(self.page(self.enterprise_user))

    def test_the_county_officer_of_its_county_and_the_city_see_it_all(self):
        self.assert_full(self.page(self.county_officer))
        self.assert_full(self.page(self.city_officer))

    def test_a_record_the_catalog_keeps_internal_shows_only_to_the_bureau(self):
        self.assertContains(self.page(self.city_officer), "Q/JNJX 001-2025")
        self.assertNotContains(self.page(self.enterprise_user), "Q/JNJX 001-2025")

    def test_an_unverified_organization_is_not_public(self):
        from directory.models import Organization

        Organization.objects.filter(pk=self.organization.pk).update(verification_state="submitted")
        self.assertEqual(self.page().status_code, 404)
        self.assertEqual(self.page(self.other_enterprise_user).status_code, 404)
        self.assertEqual(self.page(self.enterprise_user).status_code, 200)

    def test_the_match_is_shown(self):
        self.assertContains(self.page(), "按名称匹配")

    def test_the_bureau_may_check_each_link_and_others_may_not(self):
        self.assertContains(self.page(self.city_officer), "核对关联")
        self.assertNotContains(self.page(self.enterprise_user), "核对关联")

    def test_the_organization_page_shows_clusters_and_the_profile_link(self):
        response = self.client.get(self.organization.get_absolute_url())
        self.assertContains(response, "查看标准化档案")
        self.assertNotContains(response, "修改所属产业集群")
        self.client.force_login(self.enterprise_user)
        response = self.client.get(self.organization.get_absolute_url())
        self.assertContains(response, "修改所属产业集群")
        self.assertContains(response, "标准化水平：")


class ScoreTests(ProfileTestCase):
    def test_the_stored_breakdown_sums_to_the_total(self):
        stored = organization_score_refresh(organization=self.organization)
        from decimal import Decimal

        self.assertEqual(sum(Decimal(line["points"]) for line in stored.breakdown), stored.total)
        items = [line["item"] for line in stored.breakdown]
        self.assertIn("GB/T 41001-2024 公开的国家标准", items)
        self.assertNotIn("Q/JNJX 001-2025 未公开的企业标准", items)  # not public: not scored
        self.assertEqual((stored.led_count, stored.joined_count), (1, 1))

    def test_the_page_reads_the_stored_score_and_the_breakdown(self):
        organization_score_refresh(organization=self.organization)
        response = self.page(self.enterprise_user)
        self.assertContains(response, "国家标准·主导 30 分")
        self.assertContains(response, "评分模型第 1 版")

    def test_the_nightly_command_computes_every_organization(self):
        from django.core.management import call_command

        call_command("compute_profiles", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertEqual(OrganizationScore.objects.count(), 2)
        self.assertTrue(AuditEvent.objects.filter(action="profiles.compute").exists())

    def test_the_bureau_recomputes_on_demand_and_others_may_not(self):
        url = reverse("profiles:refresh", args=[self.organization.pk])
        self.client.force_login(self.enterprise_user)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertFalse(OrganizationScore.objects.exists())
        self.client.force_login(self.city_officer)
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertTrue(OrganizationScore.objects.filter(organization=self.organization).exists())
        self.assertTrue(AuditEvent.objects.filter(action="profiles.score_refresh").exists())


class QueryCountTests(ProfileTestCase):
    # Pinned upper bounds: the session, user and groups, the organization, the insider check,
    # one grouped count of the drafted standards by kind × year, one query per list shown.
    OWN_MAX = 22
    PUBLIC_MAX = 12

    def count(self, user=None):
        organization_score_refresh(organization=self.organization)
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        self.client.get(self.url())  # warm caches (sessions, content types)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def add_standards(self, n: int, start: int) -> None:
        """Led, joined and self-declared standards over several years."""
        for i in range(start, start + n):
            drafted(self.organization, f"GB/T 42{i:03d}-{2015 + i % 9}", position=1 + i % 3)
            drafted(self.organization, f"Q/JNJX 3{i:02d}-2024", kind="enterprise")

    def test_queries_stay_constant_as_the_standards_grow(self):
        self.add_standards(10, 0)
        own, public = self.count(self.enterprise_user), self.count()
        self.add_standards(20, 10)
        self.assertEqual((self.count(self.enterprise_user), self.count()), (own, public))
        self.assertLessEqual(own, self.OWN_MAX)
        self.assertLessEqual(public, self.PUBLIC_MAX)

    def test_the_counts_by_kind_and_year_equal_the_lists(self):
        self.add_standards(4, 0)
        response = self.page(self.enterprise_user)
        counts = response.context["p"].counts
        links = drafting_links(self.organization, self.enterprise_user)
        led_q = Q(position=1) | Q(role="lead")
        self.assertEqual(counts["led"], links.filter(led_q).count())
        self.assertEqual(counts["joined"], links.exclude(led_q).count())
        self.assertEqual(response.context["p"].led.paginator.count, counts["led"])
        self.assertEqual(sum(r[1] + r[2] for r in counts["kinds"]), links.count())
        self.assertEqual(sum(r[1] + r[2] for r in counts["years"]), links.count())
        self_declared = links.filter(standard__kind="enterprise").count()
        self.assertEqual((counts["enterprise"], len(response.context["p"].self_declared)), (4, 4))
        self.assertEqual(self_declared, 4)


class RecommendationTests(ProfileTestCase):
    organizations_have_licences = True

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from reference.models import CcsClass

        IndustryClass.objects.create(code="C", name="制造业", level=1)
        IndustryClass.objects.create(code="34", name="通用设备制造业", level=2, parent_id="C")
        IndustryClass.objects.create(code="14", name="食品制造业", level=2, parent_id="C")
        cls.organization.industry_id = "34"
        cls.organization.save(update_fields=["industry"])
        cls.other_organization.industry_id = "14"
        cls.other_organization.save(update_fields=["industry"])
        IcsClass.objects.create(code="23", level=1, name_en="Fluid systems")
        IcsClass.objects.create(code="23.100", level=2, name_en="Fluid power", parent_id="23")
        CcsClass.objects.create(code="J", level=1, name="机械")
        from catalog.tests.factories import link, make_standard

        cls.hydraulic = make_standard("GB/T 43001-2024", "液压 元件通用要求", ccs_id="J")
        cls.hydraulic.ics.set(["23.100"])
        cls.old = make_standard("GB/T 3766-2015", "液压传动 系统通用规则", status="abolished")
        cls.new = make_standard("GB/T 3766-2025", "液压传动 系统通用规则")
        link(cls.old, cls.new)
        Follow.objects.create(user=cls.enterprise_user, standard=cls.old)

    def test_standards_of_its_industry_and_outdated_ones_are_recommended(self):
        stored = organization_score_refresh(organization=self.organization)
        codes = [s["code"] for s in stored.recommendations["industry"]]
        self.assertEqual(codes, ["GB/T 43001-2024"])
        (outdated,) = stored.recommendations["outdated"]
        self.assertEqual(outdated["code"], "GB/T 3766-2015")
        self.assertEqual(outdated["replacements"][0]["code"], "GB/T 3766-2025")
        response = self.page(self.enterprise_user)
        self.assertContains(response, "GB/T 43001-2024")
        self.assertContains(response, "GB/T 3766-2025")

    def test_another_industry_gets_neither(self):
        stored = organization_score_refresh(organization=self.other_organization)
        self.assertEqual(stored.recommendations, {"industry": [], "outdated": []})

    def test_open_calls_appear_for_a_verified_organization(self):
        import datetime as dt

        from django.utils import timezone

        from calls.services import call_create

        now = timezone.now()
        call_create(
            program="subsidy", year=now.year, title="资助奖励征集",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=10),
            guidance="<p>说明</p>", actor=self.city_officer,
        )  # fmt: skip
        organization_score_refresh(organization=self.organization)
        self.assertContains(self.page(self.enterprise_user), "资助奖励征集")
        from directory.models import Organization

        Organization.objects.filter(pk=self.organization.pk).update(verification_state="submitted")
        self.assertNotContains(self.page(self.enterprise_user), "资助奖励征集")

    def test_a_draft_open_for_comment_in_its_field_appears_and_not_for_another_industry(self):
        from profiles.recommendations import open_consultations_for

        consultation = self.open_consultation("液压 支架 技术条件（征求意见稿）")
        self.assertEqual(
            [c["title"] for c in open_consultations_for(self.organization)], [consultation.title]
        )
        self.assertEqual(open_consultations_for(self.other_organization), [])

    def open_consultation(self, title):
        from consultation.models import Consultation
        from consultation.tests.helpers import ConsultationMixin

        helper = ConsultationMixin()
        helper.organization, helper.city_officer = self.organization, self.city_officer
        consultation = helper.make_consultation()
        Consultation.objects.filter(pk=consultation.pk).update(title=title)
        consultation.refresh_from_db()
        return consultation


class ApiTests(ProfileTestCase):
    def get(self, user=None, org=None):
        self.client.logout()
        if user:
            self.client.force_login(user)
        return self.client.get(f"/api/v1/organizations/{(org or self.organization).pk}/profile/")

    def test_the_enterprise_gets_its_score_breakdown_and_recommendations(self):
        profiles_compute()
        data = self.get(self.enterprise_user).json()
        self.assertTrue(data["full"])
        from decimal import Decimal

        self.assertEqual(
            sum(Decimal(line["points"]) for line in data["breakdown"]), Decimal(data["score"])
        )
        self.assertEqual([s["code"] for s in data["led"]], ["GB/T 41001-2024"])
        self.assertEqual(
            set(data["recommendations"]), {"industry", "outdated", "calls", "consultations"}
        )

    def test_others_get_the_public_fields_only(self):
        profiles_compute()
        for user in (None, self.other_enterprise_user, self.other_county_officer):
            data = self.get(user).json()
            self.assertFalse(data["full"])
            self.assertIsNone(data["score"])
            self.assertIsNone(data["recommendations"])
            self.assertEqual(data["breakdown"], [])
            self.assertNotIn("Q/JNJX 001-2025", [s["code"] for s in data["led"]])
            self.assertEqual([p["name"] for p in data["pilots"]], ["公开的试点项目"])

    def test_an_unverified_organization_is_not_found_for_others(self):
        from directory.models import Organization

        Organization.objects.filter(pk=self.organization.pk).update(verification_state="submitted")
        response = self.get()
        self.assertEqual(response.status_code, 404)
        self.assertIn("error", response.json())
