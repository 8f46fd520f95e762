"""What the pages count: people's home visits, standard views and searches (page and API), by
Asia/Shanghai day; never robots; never a database query or write in the request path."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics import counter, selectors
from analytics.choices import Metric
from analytics.classify import is_bot, is_person, normalize_query
from analytics.flush import flush
from analytics.models import DailyCount, SearchDay, SearchTerm, SiteTotals, StandardViewDay
from analytics.tests.helpers import BAIDU, BROWSER, SCRIPT, clean_buffer
from catalog.models import Standard
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def daily(metric) -> int:
    row = DailyCount.objects.filter(day=timezone.localdate(), metric=metric).first()
    return row.count if row else 0


class CountingTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        cls.other = make_standard("GB/T 24001-2016", "环境管理体系 要求及使用指南")

    def setUp(self):
        super().setUp()
        clean_buffer()
        self.addCleanup(clean_buffer)
        counter._down_until[0] = 0.0

    def test_home_visits_and_standard_views_are_counted_as_requested(self):
        for _ in range(3):
            self.client.get("/", **BROWSER)
        for _ in range(2):
            self.client.get(self.standard.get_absolute_url(), **BROWSER)
        self.client.get(self.other.get_absolute_url(), **BROWSER)
        flush()
        assert daily(Metric.HOME_VISIT) == 3
        assert daily(Metric.STANDARD_VIEW) == 3
        views = dict(StandardViewDay.objects.values_list("standard_id", "count"))
        assert views == {self.standard.pk: 2, self.other.pk: 1}
        assert Standard.objects.get(pk=self.standard.pk).view_count == 2
        totals = SiteTotals.objects.get(pk=1)
        assert (totals.home_visits, totals.standard_views) == (3, 3)

    def test_robots_empty_agents_and_scripts_are_not_counted_on_pages(self):
        for agent in (BAIDU, SCRIPT, {}, {"HTTP_USER_AGENT": "   "}):
            self.client.get("/", **agent)
            self.client.get(self.standard.get_absolute_url(), **agent)
            self.client.get("/standards/", {"q": "质量"}, **agent)
        flush()
        assert not DailyCount.objects.exists()
        assert not SearchTerm.objects.exists()
        assert Standard.objects.get(pk=self.standard.pk).view_count == 0

    def test_searches_keep_the_normalized_text_the_result_count_and_what_found_nothing(self):
        self.client.get("/standards/", {"q": "  质量管理 "}, **BROWSER)
        self.client.get("/standards/", {"q": "质量管理"}, **BROWSER)
        self.client.get("/standards/", {"q": "ＸＹＺ 不存在的词"}, **BROWSER)
        self.client.get("/standards/", {"q": "质量管理", "page": "2"}, **BROWSER)  # paging
        self.client.get("/standards/", **BROWSER)  # browsing without a query
        flush()
        assert daily(Metric.SEARCH_PAGE) == 3
        assert daily(Metric.SEARCH_ZERO) == 1
        found = SearchTerm.objects.get(query="质量管理")
        assert (found.total, found.zero_total, found.last_result_count) == (2, 0, 1)
        missing = SearchTerm.objects.get(query="xyz 不存在的词")
        assert (missing.total, missing.zero_total, missing.last_result_count) == (1, 1, 0)
        rows = list(selectors.zero_result_searches(timezone.localdate(), timezone.localdate()))
        assert [(r["term__query"], r["zero_count"]) for r in rows] == [("xyz 不存在的词", 1)]

    def test_api_searches_count_also_from_programs_but_not_from_robots(self):
        self.client.get("/api/v1/standards/", {"q": "环境管理"}, **SCRIPT)
        self.client.get("/api/v1/standards/", {"q": "无此标准"}, **BROWSER)
        self.client.get("/api/v1/standards/", {"q": "环境管理"}, **BAIDU)
        self.client.get("/api/v1/standards/", {"q": "环境管理", "page": "2"}, **SCRIPT)
        flush()
        assert daily(Metric.SEARCH_API) == 2
        assert daily(Metric.SEARCH_PAGE) == 0
        assert daily(Metric.SEARCH_ZERO) == 1
        assert SearchTerm.objects.get(query="环境管理").total == 1

    def test_a_search_for_personal_data_counts_but_its_text_is_not_kept(self):
        self.client.get("/standards/", {"q": "13812345678"}, **BROWSER)
        self.client.get("/standards/", {"q": "someone@example.com"}, **BROWSER)
        flush()
        assert daily(Metric.SEARCH_PAGE) == 2
        assert not SearchTerm.objects.exists() and not SearchDay.objects.exists()

    def test_counting_adds_no_query_to_the_detail_page_and_never_writes(self):
        url = self.standard.get_absolute_url()
        self.client.get(url, **BAIDU)  # warm caches alike for both
        with CaptureQueriesContext(connection) as robot:
            self.client.get(url, **BAIDU)
        with CaptureQueriesContext(connection) as person:
            response = self.client.get(url, **BROWSER)
        self.assertContains(response, "浏览 1 次")
        assert len(person) == len(robot)
        writes = [q["sql"] for q in person if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == []

    def test_counting_adds_no_query_to_the_home_page_nor_to_a_search(self):
        for url, params in (("/", {}), ("/standards/", {"q": "质量"})):
            self.client.get(url, params, **BAIDU)
            with CaptureQueriesContext(connection) as robot:
                self.client.get(url, params, **BAIDU)
            with CaptureQueriesContext(connection) as person:
                self.client.get(url, params, **BROWSER)
            assert len(person) == len(robot), url

    def test_the_detail_page_shows_the_stored_view_count(self):
        for _ in range(4):
            self.client.get(self.standard.get_absolute_url(), **BROWSER)
        flush()
        response = self.client.get(self.standard.get_absolute_url(), **BROWSER)
        self.assertContains(response, "浏览 5 次")  # four stored and this one
        assert selectors.standard_view_count(self.standard.pk) == 4
        api = self.client.get(f"/api/v1/standards/{self.standard.code_key}/").json()
        assert api["view_count"] == 4

    def test_a_request_counts_on_its_shanghai_day(self):
        late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)  # 07:30 on 2 March
        with mock.patch("django.utils.timezone.now", return_value=late):
            self.client.get("/", **BROWSER)
        flush()
        assert DailyCount.objects.get(metric=Metric.HOME_VISIT).day == datetime.date(2026, 3, 2)

    def test_a_broken_buffer_loses_the_count_not_the_page_and_is_left_alone_a_while(self):
        with mock.patch("analytics.buffer.LocalBuffer.add", side_effect=ConnectionError) as add:
            for _ in range(3):
                response = self.client.get(self.standard.get_absolute_url(), **BROWSER)
                assert response.status_code == 200
        assert add.call_count == 1  # no wait on a buffer that just failed
        counter._down_until[0] = 0.0
        self.client.get(self.standard.get_absolute_url(), **BROWSER)
        flush()
        assert daily(Metric.STANDARD_VIEW) == 1


class ClassifyTest(SearchTestCase):
    def test_robots_and_people(self):
        assert is_bot("") and is_bot("Mozilla/5.0 (compatible; Googlebot/2.1)")
        assert is_bot("Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)")
        assert is_bot("Mozilla/5.0 HeadlessChrome/131.0")
        assert not is_bot(BROWSER["HTTP_USER_AGENT"])
        assert not is_person("curl/8.5.0") and is_person("curl/8.5.0", api=True)
        assert is_person("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) MicroMessenger/8.0")

    def test_normalized_text(self):
        assert normalize_query("  ＧＢ／Ｔ　19001\t质量 ") == "gb/t 19001 质量"
        assert normalize_query("a" * 200) == "a" * 64
        assert normalize_query("370811199001011234") == ""
