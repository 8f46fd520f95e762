"""Drafting units linked to organizations: by USCC, by normalized name, never over a manual
decision, unknown names left alone; on import and through the command."""

from django.core.management import call_command

from catalog.importer import commit_import, read_import_file
from catalog.models import StandardDraftingOrganization
from catalog.tests.factories import make_standard
from core.models import AuditEvent
from directory.models import Organization
from profiles.matching import drafting_units_link, normalize_name
from profiles.services import drafting_unit_decide
from testing.personas import PersonaTestCase


def unit(standard, name, position=1, **kwargs):
    return StandardDraftingOrganization.objects.create(
        standard=standard, position=position, name=name, **kwargs
    )


class NormalizationTests(PersonaTestCase):
    def test_width_brackets_and_spaces_do_not_matter(self):
        self.assertEqual(
            normalize_name("济宁市标准化研究院（示范）"),
            normalize_name("济宁市标准化研究院 (示范)"),
        )
        self.assertEqual(normalize_name("ＡＢＣ机械有限公司"), normalize_name("ABC机械有限公司"))

    def test_company_forms_stay_distinct(self):
        self.assertNotEqual(
            normalize_name("济宁甲机械有限公司"), normalize_name("济宁甲机械有限责任公司")
        )


class LinkTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 40001-2024", "机械 示例")

    def test_it_links_by_the_uscc_the_row_carries(self):
        row = unit(self.standard, f"济宁甲机械股份公司（{self.organization.uscc}）")
        counts = drafting_units_link()
        row.refresh_from_db()
        self.assertEqual((row.organization, row.match), (self.organization, "uscc"))
        self.assertEqual(counts.by_uscc, 1)

    def test_it_links_by_name_variants(self):
        row = unit(self.standard, " 济宁甲机械有限公司 ")
        other = unit(self.standard, "邹城乙食品有限公司", position=2)
        drafting_units_link()
        row.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((row.organization, row.match), (self.organization, "name"))
        self.assertEqual(other.organization, self.other_organization)

    def test_a_different_company_form_stays_unlinked(self):
        row = unit(self.standard, "济宁甲机械有限责任公司")
        drafting_units_link()
        row.refresh_from_db()
        self.assertIsNone(row.organization)
        self.assertEqual(row.match, "")

    def test_an_unknown_unit_stays_unlinked(self):
        row = unit(self.standard, "北京某研究所")
        counts = drafting_units_link()
        row.refresh_from_db()
        self.assertIsNone(row.organization)
        self.assertEqual((counts.unlinked, counts.changed), (1, 0))

    def test_a_name_two_organizations_share_links_to_neither(self):
        Organization.objects.create(name="济宁甲机械有限公司 ")
        row = unit(self.standard, "济宁甲机械有限公司")
        drafting_units_link()
        row.refresh_from_db()
        self.assertIsNone(row.organization)

    def test_it_never_overrides_a_manual_decision(self):
        linked = unit(self.standard, "济宁甲机械有限公司")
        drafting_units_link()
        drafting_unit_decide(unit=linked, organization=None, actor=self.city_officer)
        manual = unit(self.standard, "某合作单位", position=2)
        drafting_unit_decide(
            unit=manual, organization=self.other_organization, actor=self.city_officer
        )
        drafting_units_link()
        linked.refresh_from_db()
        manual.refresh_from_db()
        self.assertEqual((linked.organization, linked.match), (None, "manual"))
        self.assertEqual((manual.organization, manual.match), (self.other_organization, "manual"))
        self.assertTrue(AuditEvent.objects.filter(action="profiles.unit_unlink").exists())

    def test_a_link_that_no_longer_matches_is_undone(self):
        row = unit(self.standard, "济宁甲机械有限公司")
        drafting_units_link()
        Organization.objects.filter(pk=self.organization.pk).update(name="济宁甲机械集团有限公司")
        drafting_units_link()
        row.refresh_from_db()
        self.assertIsNone(row.organization)

    def test_only_the_bureau_decides_by_hand(self):
        row = unit(self.standard, "济宁甲机械有限公司")
        from django.core.exceptions import PermissionDenied

        for user in (self.enterprise_user, self.county_officer):
            with self.assertRaises(PermissionDenied):
                drafting_unit_decide(unit=row, organization=self.organization, actor=user)
        row.refresh_from_db()
        self.assertEqual(row.match, "")

    def test_the_command_links_and_reports(self):
        unit(self.standard, "济宁甲机械有限公司")
        from io import StringIO

        out = StringIO()
        call_command("link_drafting_units", stdout=out)
        self.assertIn("按名称匹配 1", out.getvalue())

    def test_an_import_links_the_units_it_wrote(self):
        data = (
            "标准号,标准名称,状态,起草单位\n"
            "GB/T 40002-2024,机械 示例二,现行,济宁甲机械有限公司、北京某研究所\n"
        ).encode()
        preview = read_import_file(data, "s.csv")
        with self.captureOnCommitCallbacks(execute=True):
            commit_import(preview, actor=self.city_officer)
        first, second = StandardDraftingOrganization.objects.filter(
            standard__code="GB/T 40002-2024"
        ).order_by("position")
        self.assertEqual((first.organization, first.match), (self.organization, "name"))
        self.assertIsNone(second.organization)


class UnitPageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 40003-2024", "机械 示例三")
        cls.row = unit(
            cls.standard, "济宁甲机械有限公司", match="name", organization=cls.organization
        )

    def url(self):
        from django.urls import reverse

        return reverse("profiles:unit", args=[self.row.pk])

    def test_the_bureau_links_a_unit_by_uscc(self):
        self.client.force_login(self.city_officer)
        response = self.client.post(
            self.url(), {"action": "link", "uscc": self.other_organization.uscc}
        )
        self.assertEqual(response.status_code, 302)
        self.row.refresh_from_db()
        self.assertEqual(
            (self.row.organization, self.row.match), (self.other_organization, "manual")
        )

    def test_an_unknown_uscc_is_refused_in_chinese_and_changes_nothing(self):
        self.client.force_login(self.city_officer)
        response = self.client.post(self.url(), {"action": "link", "uscc": "91370800MA00000000"})
        self.assertContains(response, "没有找到该统一社会信用代码对应的机构")
        self.row.refresh_from_db()
        self.assertEqual(self.row.match, "name")

    def test_others_may_not_open_it(self):
        for user in (self.enterprise_user, self.county_officer):
            self.client.force_login(user)
            self.assertEqual(self.client.post(self.url(), {"action": "unlink"}).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(self.url()).status_code, 302)
        self.row.refresh_from_db()
        self.assertEqual(self.row.organization, self.organization)
