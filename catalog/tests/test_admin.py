"""Manual entry in the admin goes through the same rules and the audit log."""

from django.urls import reverse

from catalog.models import Standard, StandardReplacement
from catalog.tests.factories import make_standard
from core.models import AuditEvent
from testing.personas import PersonaTestCase


def form_data(**overrides):
    data = {
        "code": "gb/t 30001—2020",
        "title": "测试标准",
        "title_en": "",
        "status": "",
        "issue_date": "2020-01-01",
        "implement_date": "2020-07-01",
        "abolish_date": "",
        "review_confirmed_date": "",
        "issuing_body": "国家市场监督管理总局",
        "competent_department": "",
        "technical_committee": "",
        "adopted_standard": "",
        "adoption_degree": "",
        "scope": "",
        "drafters": "[]",
        "plan_number": "",
        "is_public": "on",
        "drafting_units-TOTAL_FORMS": "0",
        "drafting_units-INITIAL_FORMS": "0",
        "replaces_links-TOTAL_FORMS": "0",
        "replaces_links-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


class StandardAdminTests(PersonaTestCase):
    def test_it_lets_a_city_officer_add_a_standard_with_derived_fields(self):
        self.login(self.city_officer)
        response = self.client.post(reverse("admin:catalog_standard_add"), form_data())
        self.assertEqual(response.status_code, 302, response.content[:2000])
        standard = Standard.objects.get()
        self.assertEqual(
            (standard.code, standard.code_key, standard.kind, standard.nature, standard.status),
            ("GB/T 30001-2020", "GB/T30001-2020", "national", "recommended", "current"),
        )
        event = AuditEvent.objects.get(action="standard.create")
        self.assertEqual(event.actor, self.city_officer)

    def test_it_rejects_a_malformed_code_and_saves_nothing(self):
        self.login(self.city_officer)
        response = self.client.post(reverse("admin:catalog_standard_add"), form_data(code="ABC"))
        self.assertContains(response, "缺少标准代号")
        self.assertFalse(Standard.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="standard.create").exists())

    def test_it_rejects_dates_out_of_order(self):
        self.login(self.city_officer)
        response = self.client.post(
            reverse("admin:catalog_standard_add"), form_data(implement_date="2019-01-01")
        )
        self.assertContains(response, "实施日期不能早于发布日期")
        self.assertFalse(Standard.objects.exists())

    def test_it_rejects_a_duplicate_code_in_another_spelling(self):
        make_standard("GB/T 30001-2020")
        self.login(self.city_officer)
        response = self.client.post(
            reverse("admin:catalog_standard_add"), form_data(code="GB／T 30001-2020")
        )
        self.assertContains(response, "已存在")
        self.assertEqual(Standard.objects.count(), 1)

    def test_it_records_replacements_entered_by_any_spelling(self):
        old = make_standard("GB/T 30001-2010", status="abolished")
        self.login(self.city_officer)
        data = form_data(
            **{
                "replaces_links-TOTAL_FORMS": "1",
                "replaces_links-0-old_code": "gb/t 30001—2010",
            }
        )
        response = self.client.post(reverse("admin:catalog_standard_add"), data)
        self.assertEqual(response.status_code, 302)
        link = StandardReplacement.objects.get()
        self.assertEqual((link.old, link.new.code), (old, "GB/T 30001-2020"))

    def test_it_audits_changes_with_before_and_after(self):
        standard = make_standard("GB/T 30001-2020", "旧名称", implement_date="2020-07-01")
        self.login(self.city_officer)
        self.client.post(
            reverse("admin:catalog_standard_change", args=[standard.pk]),
            form_data(code=standard.code, title="新名称"),
        )
        event = AuditEvent.objects.get(action="standard.update")
        self.assertEqual(event.changes["fields"]["title"], ["旧名称", "新名称"])

    def test_it_keeps_non_staff_roles_out_of_the_admin(self):
        for user in [self.enterprise_user, self.county_officer, self.expert, self.citizen]:
            self.login(user)
            response = self.client.get(reverse("admin:catalog_standard_changelist"))
            self.assertEqual(response.status_code, 302, user.username)

    def test_it_shows_the_admin_in_chinese(self):
        self.login(self.administrator)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "标准目录")
        self.assertContains(response, "基础分类数据")
        for name in ["catalog_standard", "reference_region", "core_auditevent", "accounts_user"]:
            self.assertEqual(
                self.client.get(reverse(f"admin:{name}_changelist")).status_code, 200, name
            )


class StandardAdminLimitsTests(PersonaTestCase):
    def test_it_rejects_a_group_code_whose_prefix_cannot_be_stored(self):
        self.login(self.city_officer)
        code = "T/" + "A" * 45 + " 1-2020"
        response = self.client.post(reverse("admin:catalog_standard_add"), form_data(code=code))
        self.assertContains(response, "过长")
        self.assertFalse(Standard.objects.exists())
