"""The public page reads the snapshot; the dashboard is the bureau's and county officers';
exports equal the tables; the annual report carries the figures; the API's shape."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from catalog.choices import Kind
from catalog.models import Standard
from core.models import AuditEvent
from insight import figures, presenters, services
from insight.choices import Scope
from insight.models import StatisticsSnapshot
from insight.tests.helpers import CityTestCase, make_standard, unit

PUBLIC = reverse("insight:public")
DASHBOARD = reverse("insight:dashboard")


def sheet_rows(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.content))
    return [list(r) for r in book.active.iter_rows(values_only=True)]


class PublicPageTests(CityTestCase):
    def test_without_a_snapshot_the_page_says_it_is_being_prepared(self):
        response = self.client.get(PUBLIC)
        self.assertContains(response, "统计数据正在生成")

    def test_the_page_reads_the_latest_public_snapshot_in_one_query(self):
        services.snapshots_refresh()
        with self.assertNumQueries(1):
            response = self.client.get(PUBLIC)
        self.assertContains(response, "本地单位主导和参与制定的标准（按类型）")
        self.assertContains(response, 'data-chart="figure-local_by_kind-data"')
        self.assertContains(response, 'id="figure-local_by_kind-data"')
        self.assertContains(response, "暂无数据")  # visits and views, until analytics lands
        self.assertNotContains(response, "资助奖励预算与拨付")  # a bureau figure
        self.assertContains(response, "js/charts.js")

    def test_the_query_count_does_not_grow_with_the_catalog(self):
        for i in range(30):
            standard = make_standard(f"GB/T {40000 + i}-2024", kind="national")
            unit(standard, 1, self.organization)
        services.snapshots_refresh()
        with self.assertNumQueries(1):
            self.client.get(PUBLIC)

    def test_the_page_shows_the_snapshot_not_the_live_tables(self):
        services.snapshots_refresh()
        before = self.client.get(PUBLIC).content
        Standard.objects.filter(kind="national").update(is_public=False)
        self.assertEqual(self.client.get(PUBLIC).content, before)

    def test_excel_export_of_a_figure_equals_its_table(self):
        services.snapshots_refresh()
        response = self.client.get(reverse("insight:public_export", args=["local_by_county"]))
        self.assertEqual(response.status_code, 200)
        figure = StatisticsSnapshot.objects.standing("public").first().figure("local_by_county")
        shown = presenters.table(figure)["table_rows"]
        rows = sheet_rows(response)
        self.assertEqual(rows[0], ["项目", *figure["columns"]])
        self.assertEqual(
            rows[1:], [[label, *(int(v) for _, v in values)] for label, values in shown]
        )

    def test_a_bureau_figure_cannot_be_exported_from_the_public_page(self):
        services.snapshots_refresh()
        response = self.client.get(reverse("insight:public_export", args=["awards_by_year"]))
        self.assertEqual(response.status_code, 404)


class DashboardTests(CityTestCase):
    def test_anonymous_is_sent_to_login_for_the_dashboard_and_its_exports(self):
        for url in (DASHBOARD, reverse("insight:dashboard_export", args=["local_by_kind"])):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/accounts/login/", response["Location"])
        response = self.client.post(reverse("insight:report"), {"year": 2025})
        self.assertEqual(response.status_code, 302)

    def test_enterprise_expert_and_sector_users_are_refused(self):
        for user in (self.enterprise_user, self.expert, self.sector_officer, self.citizen):
            self.login(user)
            self.assertEqual(self.client.get(DASHBOARD).status_code, 403, user)
            export = reverse("insight:dashboard_export", args=["awards_by_year"])
            self.assertEqual(self.client.get(export).status_code, 403, user)

    def test_the_bureau_sees_every_figure_including_awards(self):
        self.login(self.city_officer)
        response = self.client.get(DASHBOARD)
        self.assertContains(response, "资助奖励预算与拨付")
        self.assertContains(response, "¥3,333.68")
        self.assertContains(response, "太白湖新区（功能区）")

    def test_a_county_officer_sees_only_their_county_whatever_they_ask(self):
        self.login(self.county_officer)
        response = self.client.get(DASHBOARD, {"county": "370883"})
        counties = next(f for f in response.context["figures"] if f["key"] == "local_by_county")
        self.assertEqual([r["key"] for r in counties["rows"]], ["370811"])
        expected = figures.figure("awards_by_year", "bureau", figures.Filters(county="370811"))
        awards = next(f for f in response.context["figures"] if f["key"] == "awards_by_year")
        self.assertEqual(awards["rows"], expected["rows"])
        self.assertNotContains(response, "下载年度统计报告")
        export = self.client.get(
            reverse("insight:dashboard_export", args=["local_by_county"]), {"county": "370883"}
        )
        self.assertEqual([r[0] for r in sheet_rows(export)[1:]], ["任城区"])

    def test_filters_narrow_the_figures_and_bad_years_are_explained(self):
        self.login(self.city_officer)
        response = self.client.get(DASHBOARD, {"year_from": "2024", "year_to": "2024"})
        kinds = next(f for f in response.context["figures"] if f["key"] == "local_by_kind")
        self.assertEqual(
            kinds["rows"],
            figures.figure("local_by_kind", "bureau", figures.Filters(2024, 2024))["rows"],
        )
        response = self.client.get(DASHBOARD, {"year_from": "2026", "year_to": "2020"})
        self.assertContains(response, "截止年度不能早于起始年度")

    def test_the_dashboards_queries_do_not_grow_with_the_catalog(self):
        self.login(self.city_officer)
        self.client.get(DASHBOARD)  # session and roles warm
        with CaptureQueriesContext(connection) as before:
            self.client.get(DASHBOARD)
        for i in range(30):
            standard = make_standard(f"GB/T {41000 + i}-2025", kind="national")
            unit(standard, 1, self.organization)
            unit(standard, 2, self.area_org)
        with CaptureQueriesContext(connection) as after:
            response = self.client.get(DASHBOARD)
        self.assertEqual(len(after), len(before))
        kinds = next(f for f in response.context["figures"] if f["key"] == "local_by_kind")
        self.assertEqual(kinds["rows"][0]["values"], [31, 0, 31])

    def test_dashboard_export_equals_the_dashboard_table(self):
        self.login(self.city_officer)
        response = self.client.get(
            reverse("insight:dashboard_export", args=["awards_by_year"]), {"year_from": "2025"}
        )
        rows = sheet_rows(response)
        self.assertEqual(rows[0], ["项目", "预算（元）", "已拨付（元）", "拨付比例（%）"])
        self.assertEqual(rows[1:], [["2025年", 100000, 3333.68, 3.33], ["2026年", 50000, 0, 0]])

    def test_only_the_bureau_may_recompute_and_it_is_audited(self):
        self.login(self.county_officer)
        self.assertEqual(self.client.post(reverse("insight:refresh")).status_code, 403)
        self.login(self.city_officer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("insight:refresh"))
        self.assertRedirects(response, DASHBOARD)
        self.assertEqual(StatisticsSnapshot.objects.standing(Scope.PUBLIC).count(), 1)
        self.assertEqual(StatisticsSnapshot.objects.standing(Scope.BUREAU).count(), 1)
        self.assertTrue(AuditEvent.objects.filter(action="insight.snapshot_request").exists())


class AnnualReportTests(CityTestCase):
    def test_the_bureau_downloads_a_docx_with_the_years_figures(self):
        self.login(self.city_officer)
        response = self.client.post(reverse("insight:report"), {"year": 2025})
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response["Content-Type"])
        document = Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("济宁市标准化工作统计报告（2025年度）", text)
        self.assertIn("资助奖励预算 ¥100,000.00、已拨付 ¥3,333.68", text)
        snapshot = StatisticsSnapshot.objects.get(year=2025)
        with_rows = [f for f in snapshot.data["figures"] if f["rows"]]
        self.assertEqual(len(document.tables), len(with_rows))
        for table, figure in zip(document.tables, with_rows, strict=True):
            self.assertEqual(len(table.rows), len(figure["rows"]) + 1, figure["key"])
        awards = document.tables[[f["key"] for f in with_rows].index("awards_by_year")]
        self.assertEqual(
            [c.text for c in awards.rows[1].cells], ["2025年", "¥100,000.00", "¥3,333.68", "3.33"]
        )
        self.assertTrue(AuditEvent.objects.filter(action="insight.annual_report").exists())

    def test_a_county_officer_may_not_download_it_and_a_bad_year_changes_nothing(self):
        self.login(self.county_officer)
        self.assertEqual(
            self.client.post(reverse("insight:report"), {"year": 2025}).status_code, 403
        )
        self.login(self.city_officer)
        response = self.client.post(reverse("insight:report"), {"year": "二〇二五"}, follow=True)
        self.assertContains(response, "请输入四位年度")
        self.assertFalse(StatisticsSnapshot.objects.exists())

    def test_the_command_writes_the_report(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.docx"
            call_command("annual_report", "--year", "2025", str(path), stdout=io.StringIO())
            document = Document(str(path))
        self.assertIn("2025年", "\n".join(p.text for p in document.paragraphs))

    def test_compute_statistics_stores_both_scopes_and_keeps_a_bounded_history(self):
        for _ in range(2):
            call_command("compute_statistics", stdout=io.StringIO())
        self.assertEqual(StatisticsSnapshot.objects.standing("public").count(), 2)
        self.assertEqual(StatisticsSnapshot.objects.standing("bureau").count(), 2)
        with self.settings():
            services.KEEP, keep = 1, services.KEEP
            try:
                services.snapshots_refresh()
            finally:
                services.KEEP = keep
        self.assertEqual(StatisticsSnapshot.objects.standing("public").count(), 1)


class ApiTests(CityTestCase):
    URL = "/api/v1/statistics/public/"

    def test_before_any_snapshot_the_api_answers_empty_lists(self):
        data = self.client.get(self.URL).json()
        self.assertIsNone(data["computed_at"])
        self.assertEqual(data["standards_by_kind"], [])

    def test_the_public_api_gives_the_snapshot_with_catalog_counts(self):
        services.snapshots_refresh()
        with self.assertNumQueries(1):
            data = self.client.get(self.URL).json()
        public = Standard.objects.public()
        self.assertEqual(
            {r["key"]: r["count"] for r in data["standards_by_kind"]},
            {k: public.filter(kind=k).count() for k in Kind.values},
        )
        self.assertEqual(
            {r["key"]: r["count"] for r in data["standards_by_status"]},
            {s: public.filter(status=s).count() for s in ("upcoming", "current", "abolished")},
        )
        self.assertEqual(data["standards_by_kind"][0]["label"], "国家标准")
        self.assertEqual(data["registered_users"], self.city_officer.__class__.objects.count())
        self.assertIsNone(data["home_visits"])
        self.assertIsNone(data["standard_views"])
        self.assertNotIn("awards_by_year", [f["key"] for f in data["figures"]])

    def test_the_bureau_api_is_refused_to_others_and_scoped_for_county_officers(self):
        url = "/api/v1/statistics/bureau/"
        self.assertIn(self.client.get(url).status_code, (401, 403))
        self.login(self.enterprise_user)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.county_officer)
        self.assertEqual(self.client.get(url, {"county": "370883"}).status_code, 400)
        data = self.client.get(url).json()
        counties = next(f for f in data["figures"] if f["key"] == "local_by_county")
        self.assertEqual([r["key"] for r in counties["rows"]], ["370811"])
        self.login(self.city_officer)
        response = self.client.get(url, {"year_from": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("error", response.json())
