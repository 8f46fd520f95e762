"""Subsidy pages and API: apply with an explanation, the bureau's policy page, allocation,
payments, the report (page, XLSX, API) and the notice list as XLSX and DOCX."""

import datetime as dt
import io
from decimal import Decimal

from docx import Document as DocxDocument
from openpyxl import load_workbook

from core.models import AuditEvent
from programs.models import SubsidyApplication, SubsidyPayment, SubsidyPolicy
from programs.services import application_submit, payment_record
from programs.tests.helpers import make_drafted, make_policy, set_state, verify
from testing.personas import PersonaTestCase


class SubsidyPageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy(budget="400000.00")
        make_drafted("GB/T 41001-2024", [cls.organization], title="机械安全 通用要求")
        make_drafted("GB/T 41003-2024", [cls.other_organization])

    def test_an_enterprise_previews_then_submits_and_sees_every_step(self):
        self.login(self.enterprise_user)
        data = {"policy": self.policy.pk, "standards": "GB/T 41001-2024\nGB/T 41003-2024"}
        response = self.client.post("/subsidies/applications/new/", {**data, "preview": "1"})
        page = response.content.decode()
        assert "试算结果：合计 ¥500,000.00" in page and "不在该标准的 1 家起草单位之中" in page
        assert not SubsidyApplication.objects.exists()
        response = self.client.post("/subsidies/applications/new/", data)
        application = SubsidyApplication.objects.get()
        self.assertRedirects(response, application.get_absolute_url())
        page = self.client.get(application.get_absolute_url()).content.decode()
        assert "按统一社会信用代码 91370811MA3C12340U 匹配到第 1 起草单位" in page
        assert "¥500,000.00" in page

    def test_an_empty_application_shows_an_error_and_stores_nothing(self):
        self.login(self.enterprise_user)
        response = self.client.post(
            "/subsidies/applications/new/", {"policy": self.policy.pk, "standards": "  "}
        )
        assert response.status_code == 200
        assert "请修正" in response.content.decode()
        assert not SubsidyApplication.objects.exists()

    def test_other_organizations_and_counties_do_not_see_an_application(self):
        application = application_submit(
            policy=self.policy,
            organization=self.organization,
            codes=["GB/T 41001-2024"],
            actor=self.enterprise_user,
        )
        for user, status in (
            (self.other_enterprise_user, 404),
            (self.other_county_officer, 404),
            (self.county_officer, 200),
            (self.city_officer, 200),
        ):
            self.login(user)
            assert self.client.get(application.get_absolute_url()).status_code == status
            listed = self.client.get("/api/v1/subsidies/applications/").json()["results"]
            assert (application.pk in [a["id"] for a in listed]) == (status == 200)

    def test_the_bureau_edits_the_policy_and_its_amounts(self):
        self.login(self.city_officer)
        form = self.client.get(f"/subsidies/policies/{self.policy.pk}/edit/")
        assert form.status_code == 200
        data = {
            "year": 2025, "title": "新标题", "budget": "500000.00", "enterprise_cap": "",
            "window_start": "2024-01-01", "window_end": "2024-12-31", "lead_definition": "sole",
            "allocation_method": "ranked", "publicity_days": 7, "rate_national_lead": "450000",
        }  # fmt: skip
        response = self.client.post(f"/subsidies/policies/{self.policy.pk}/edit/", data)
        self.assertRedirects(response, self.policy.get_absolute_url())
        self.policy.refresh_from_db()
        assert self.policy.enterprise_cap is None and self.policy.publicity_days == 7
        assert self.policy.rate_table() == {("national", "lead"): Decimal("450000.00")}
        assert AuditEvent.objects.filter(action="subsidy_policy.update").exists()
        page = self.client.get(self.policy.get_absolute_url()).content.decode()
        assert "¥450,000.00" in page

    def test_the_bureau_creates_next_years_policy_and_a_duplicate_year_is_refused(self):
        self.login(self.city_officer)
        data = {
            "year": 2026, "title": "2026年度标准化资助奖励", "budget": "19100000.00",
            "enterprise_cap": "1000000", "window_start": "2025-01-01",
            "window_end": "2025-12-31", "lead_definition": "first",
            "allocation_method": "pro_rata", "publicity_days": 5,
            "rate_international_lead": "1000000", "rate_pilot_lead": "200000",
        }  # fmt: skip
        response = self.client.post("/subsidies/policies/new/", data)
        policy = SubsidyPolicy.objects.get(year=2026)
        self.assertRedirects(response, policy.get_absolute_url())
        assert policy.rate_table()[("international", "lead")] == Decimal("1000000.00")
        assert AuditEvent.objects.filter(action="subsidy_policy.create").count() == 1
        response = self.client.post("/subsidies/policies/new/", data)
        assert response.status_code == 200 and "请修正" in response.content.decode()
        assert SubsidyPolicy.objects.filter(year=2026).count() == 1

    def test_an_enterprise_may_not_edit_the_policy(self):
        self.login(self.enterprise_user)
        response = self.client.post(
            f"/subsidies/policies/{self.policy.pk}/edit/", {"title": "x", "year": 2025}
        )
        assert response.status_code == 403
        self.policy.refresh_from_db()
        assert self.policy.title != "x"

    def test_the_api_takes_an_application_and_explains_it(self):
        self.login(self.enterprise_user)
        response = self.client.post(
            "/api/v1/subsidies/applications/",
            {"policy": self.policy.pk, "standards": ["GB/T 41001—2024", "GB/T 41003-2024"]},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["total"] == "500000.00"
        first, second = body["items"]
        assert first["amount"] == "500000.00" and first["role"] == "lead"
        assert first["position"] == 1 and first["reasons"]
        assert second["eligible"] is False and second["amount"] == "0.00"
        assert body["organization"] == self.organization.name and body["actions"] == []

    def test_the_api_refuses_anonymous_and_an_empty_list(self):
        response = self.client.post(
            "/api/v1/subsidies/applications/",
            {"policy": self.policy.pk, "standards": ["GB/T 41001-2024"]},
            content_type="application/json",
        )
        assert response.status_code == 403
        self.login(self.enterprise_user)
        response = self.client.post(
            "/api/v1/subsidies/applications/",
            {"policy": self.policy.pk, "standards": []},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "error" in response.json()
        assert not SubsidyApplication.objects.exists()

    def test_policies_are_public_in_the_api(self):
        body = self.client.get("/api/v1/subsidies/policies/").json()
        assert body["results"][0]["budget"] == "400000.00"
        assert body["results"][0]["year"] == 2025


class ReportAndExportTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy(budget="400000.00")
        make_drafted("GB/T 41001-2024", [cls.organization])
        make_drafted("GB/T 41002-2024", ["某研究院", cls.other_organization])
        a = application_submit(
            policy=cls.policy,
            organization=cls.organization,
            codes=["GB/T 41001-2024"],
            actor=cls.enterprise_user,
        )
        b = application_submit(
            policy=cls.policy,
            organization=cls.other_organization,
            codes=["GB/T 41002-2024"],
            actor=cls.other_enterprise_user,
        )
        cls.a, cls.b = set_state(a, "reviewed"), set_state(b, "reviewed")

    def test_the_allocation_fits_the_budget_and_exports(self):
        self.login(self.city_officer)
        url = f"/subsidies/policies/{self.policy.pk}/allocation/"
        page = self.client.get(url).content.decode()
        assert "按“按比例分配”分配" in page
        self.client.post(url)
        self.a.refresh_from_db(), self.b.refresh_from_db()
        assert self.a.allocated + self.b.allocated == Decimal("400000.00")
        assert self.a.allocated == Decimal("333333.33")
        sheet = load_workbook(io.BytesIO(self.client.get(url + "?format=xlsx").content)).active
        assert [c.value for c in sheet[1]][-1] == "分配金额（元）"
        doc = DocxDocument(io.BytesIO(self.client.get(url + "?format=docx").content))
        assert doc.tables[0].rows[1].cells[1].text == self.organization.name
        assert doc.tables[0].rows[1].cells[5].text == "333,333.33"

    def test_the_notice_list_exports_as_xlsx_and_docx(self):
        set_state(self.a, "publicity")
        self.login(self.city_officer)
        url = f"/subsidies/policies/{self.policy.pk}/notice/"
        sheet = load_workbook(io.BytesIO(self.client.get(url + "?format=xlsx").content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][1] == self.organization.name
        assert rows[1][3] == "GB/T 41001-2024（国家标准·主导）" and rows[1][5] == 500000
        doc = DocxDocument(io.BytesIO(self.client.get(url + "?format=docx").content))
        assert "公示期 5 个工作日" in doc.paragraphs[1].text
        self.login(self.enterprise_user)
        assert self.client.get(url).status_code == 403

    def test_the_report_sums_payments_in_page_xlsx_and_api(self):
        for app, amount in ((self.a, "200000.00"), (self.b, "99999.50")):
            set_state(app, "approved")
            payment_record(
                application=app, paid_on=dt.date(2025, 10, 1), amount=Decimal(amount),
                reference="济财", actor=self.city_officer,
            )  # fmt: skip
        self.login(self.city_officer)
        page = self.client.get("/subsidies/report/?year=2025").content.decode()
        assert "2 家企业，2 个项目，拨付 ¥299,999.50" in page
        assert "登记标准升级 0 项" in page
        body = self.client.get("/api/v1/subsidies/report/?year=2025").json()
        assert body["total"] == "299999.50"
        assert sum(Decimal(r["amount"]) for r in body["by_county"]) == Decimal("299999.50")
        assert {r["kind"] for r in body["by_kind"]} == {"国家标准"}
        sheet = load_workbook(
            io.BytesIO(self.client.get("/subsidies/report/?year=2025&format=xlsx").content)
        ).active
        assert list(sheet.iter_rows(values_only=True))[1][2] == 299999.5
        assert SubsidyPayment.objects.count() == 2
        page = self.client.get(self.policy.get_absolute_url()).content.decode()
        assert "已核定 ¥600,000.00，已拨付 ¥299,999.50，剩余 -¥200,000.00" in page

    def test_the_report_is_for_the_bureau_only(self):
        for user in (self.enterprise_user, self.county_officer):
            self.login(user)
            assert self.client.get("/subsidies/report/?year=2025").status_code == 403
            assert self.client.get("/api/v1/subsidies/report/?year=2025").status_code == 403
        self.client.logout()
        assert self.client.get("/api/v1/subsidies/report/?year=2025").status_code == 403
        self.login(self.city_officer)
        assert self.client.get("/api/v1/subsidies/report/?year=x").status_code == 400

    def test_a_payment_through_the_page_is_refused_to_a_county_officer(self):
        set_state(self.a, "approved")
        self.login(self.county_officer)
        url = f"/subsidies/applications/{self.a.pk}/payments/"
        data = {"paid_on": "2025-10-01", "amount": "10.00", "reference": "R"}
        assert self.client.post(url, data).status_code == 403
        self.login(self.city_officer)
        self.client.post(url, data)
        assert SubsidyPayment.objects.get().amount == Decimal("10.00")
        assert SubsidyPolicy.objects.count() == 1
