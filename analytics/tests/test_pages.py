"""The bureau's analytics pages: who may see them, the figures they show, the export, and the
answer to a query users could not find."""

import datetime
import io

from django.utils import timezone
from openpyxl import load_workbook

from analytics.buffer import LocalBuffer
from analytics.choices import TermStatus
from analytics.flush import flush
from analytics.models import SearchTerm
from core.models import AuditEvent
from testing.personas import PersonaTestCase


def seed() -> None:
    buffer = LocalBuffer()
    today = timezone.localdate().isoformat()
    buffer.add(
        {
            f"h|{today}": 7,
            f"s|{today}|page|质量": 4,
            f"s|{today}|page|火锅底料": 3,
            f"z|{today}|火锅底料": 3,
            f"s|{today}|page|<script>": 1,
            f"z|{today}|<script>": 1,
        },
        {f"r|{today}|质量": 12, f"r|{today}|火锅底料": 0, f"r|{today}|<script>": 0},
    )
    flush(buffer)


class AnalyticsPagesTest(PersonaTestCase):
    def setUp(self):
        super().setUp()
        seed()
        self.term = SearchTerm.objects.get(query="火锅底料")

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for url in ("/analytics/", "/analytics/zero-results/", "/analytics/daily.xlsx"):
            response = self.client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        response = self.client.post(f"/analytics/terms/{self.term.pk}/mark/", {"status": "ignored"})
        assert response.status_code == 302
        assert SearchTerm.objects.get(pk=self.term.pk).status == TermStatus.OPEN

    def test_enterprises_counties_and_experts_are_refused(self):
        for user in (self.enterprise_user, self.county_officer, self.expert, self.citizen):
            self.login(user)
            for url in ("/analytics/", "/analytics/zero-results/", "/analytics/daily.xlsx"):
                assert self.client.get(url).status_code == 403, (user.username, url)
            response = self.client.post(
                f"/analytics/terms/{self.term.pk}/mark/", {"status": "ignored"}
            )
            assert response.status_code == 403
        assert SearchTerm.objects.get(pk=self.term.pk).status == TermStatus.OPEN

    def test_the_bureau_sees_daily_figures_top_searches_and_what_was_not_found(self):
        for user in (self.city_officer, self.administrator):
            self.login(user)
            response = self.client.get("/analytics/", {"period": 90})
            self.assertContains(response, "网站统计")
            self.assertContains(response, 'id="analytics-chart-data"')
            self.assertContains(response, "火锅底料")
            self.assertContains(response, "/standards/?q=%E7%81%AB%E9%94%85%E5%BA%95%E6%96%99")
            self.assertContains(response, "&lt;script&gt;")  # escaped
            self.assertNotContains(response, "<script>\n")
            assert response.context["running"].home_visits == 7
            self.assertContains(
                response,
                '<dt class="col-6 col-md-3">首页访问</dt><dd class="col-6 col-md-3">7</dd>',
                html=False,
            )
            figures = response.context["figures"]
            assert len(figures) == 90 and figures[0].home_visits == 7

    def test_the_zero_result_list_links_each_text_and_lets_the_bureau_mark_it(self):
        self.login(self.city_officer)
        page = self.client.get("/analytics/zero-results/")
        self.assertContains(page, "火锅底料")
        rows = page.context["rows"]
        assert [(r["term__query"], r["zero_count"]) for r in rows] == [
            ("火锅底料", 3),
            ("<script>", 1),
        ]
        response = self.client.post(
            f"/analytics/terms/{self.term.pk}/mark/",
            {"status": "handled", "note": "已补充 SB/T 10416", "next": "/analytics/zero-results/"},
        )
        self.assertRedirects(response, "/analytics/zero-results/")
        term = SearchTerm.objects.get(pk=self.term.pk)
        assert (term.status, term.status_note) == (TermStatus.HANDLED, "已补充 SB/T 10416")
        event = AuditEvent.objects.get(action="analytics.term_mark")
        assert event.actor == self.city_officer
        for params in ({}, {"period": 30}, {"period": 30, "status": "open"}):
            rows = self.client.get("/analytics/zero-results/", params).context["rows"]
            assert [r["term__query"] for r in rows] == ["<script>"], params
        every = self.client.get("/analytics/zero-results/", {"status": "all"}).context["rows"]
        assert len(every) == 2
        handled = self.client.get("/analytics/zero-results/", {"status": "handled"})
        self.assertContains(handled, "已补充 SB/T 10416")

    def test_a_bad_status_changes_nothing_and_says_why(self):
        self.login(self.city_officer)
        response = self.client.post(
            f"/analytics/terms/{self.term.pk}/mark/",
            {"status": "deleted", "next": "https://evil.example/"},
            follow=True,
        )
        self.assertContains(response, "处理状态无效")
        assert response.redirect_chain[0][0] == "/analytics/zero-results/"
        assert SearchTerm.objects.get(pk=self.term.pk).status == TermStatus.OPEN
        assert not AuditEvent.objects.filter(action="analytics.term_mark").exists()

    def test_the_daily_table_exports_to_excel(self):
        self.login(self.city_officer)
        response = self.client.get("/analytics/daily.xlsx", {"period": 30})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("日期", "新注册用户", "首页访问")
        assert len(rows) == 31
        today = timezone.localdate()
        assert rows[-1][0] == today.isoformat() and rows[-1][2] == 7
        assert rows[1][0] == (today - datetime.timedelta(days=29)).isoformat()
