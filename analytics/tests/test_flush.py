"""The flush: counts reach the daily rows exactly once, whatever crashes, however many nodes."""

import datetime
import unittest
from unittest import mock

from django.db import DatabaseError
from django.test import TestCase, override_settings
from django.utils import timezone

from analytics import buffer as buffer_module
from analytics import selectors
from analytics.buffer import Batch, LocalBuffer, RedisBuffer
from analytics.choices import Metric, TermStatus
from analytics.flush import apply, flush
from analytics.models import DailyCount, FlushBatch, SearchDay, SearchTerm, SiteTotals
from analytics.services import purge
from analytics.tests.helpers import BROWSER, RedisServer
from catalog.models import Standard
from catalog.tests.factories import make_standard

DAY = datetime.date(2026, 12, 1)
NEXT = datetime.date(2026, 12, 2)


def counts(day=DAY) -> dict[str, int]:
    d = day.isoformat()
    return {f"h|{d}": 5, f"s|{d}|page|质量": 3, f"s|{d}|api|质量": 1, f"z|{d}|火锅": 2}


def searches(buffer, day=DAY, query="火锅", n=1, zero=True):
    d = day.isoformat()
    incr = {f"s|{d}|page|{query}": n}
    if zero:
        incr[f"z|{d}|{query}"] = n
    buffer.add(incr, {f"r|{d}|{query}": 0 if zero else 7})


def figure(metric, day=DAY) -> int:
    row = DailyCount.objects.filter(day=day, metric=metric).first()
    return row.count if row else 0


class LocalFlushTest(TestCase):
    def setUp(self):
        self.a, self.b = LocalBuffer(), LocalBuffer()

    def test_two_nodes_add_up(self):
        self.a.add({f"h|{DAY}": 2, f"v|{DAY}|999999": 1})
        self.b.add({f"h|{DAY}": 3, f"h|{NEXT}": 1})
        searches(self.a, n=2)
        searches(self.b, n=1)
        flush(self.a)
        flush(self.b)
        assert figure(Metric.HOME_VISIT) == 5 and figure(Metric.HOME_VISIT, NEXT) == 1
        assert figure(Metric.SEARCH_ZERO) == 3
        term = SearchTerm.objects.get(query="火锅")
        assert (term.total, term.zero_total) == (3, 3)
        assert SearchDay.objects.get(term=term, day=DAY).count == 3
        assert SiteTotals.objects.get(pk=1).home_visits == 6

    def test_flushing_twice_counts_once(self):
        self.a.add({f"h|{DAY}": 4})
        assert flush(self.a).batches == 1
        assert flush(self.a).batches == 0
        assert figure(Metric.HOME_VISIT) == 4

    def test_a_batch_written_already_is_not_counted_again(self):
        batch = Batch("crash-after-commit", counts())
        assert apply(batch) is True
        assert apply(batch) is False
        assert figure(Metric.HOME_VISIT) == 5 and figure(Metric.SEARCH_PAGE) == 3
        assert FlushBatch.objects.filter(batch_id="crash-after-commit").count() == 1

    def test_a_failed_write_keeps_the_counts_for_the_next_flush(self):
        self.a.add(counts())
        with (
            mock.patch("analytics.flush._add_terms", side_effect=DatabaseError("locked")),
            self.assertRaises(DatabaseError),
        ):
            flush(self.a)
        assert not DailyCount.objects.exists()  # the transaction rolled back whole
        self.a.add({f"h|{DAY}": 1})  # counted meanwhile
        flush(self.a)
        assert figure(Metric.HOME_VISIT) == 6 and figure(Metric.SEARCH_API) == 1
        assert SearchTerm.objects.get(query="质量").total == 4

    def test_views_add_to_the_standards_running_total(self):
        standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        self.a.add({f"v|{DAY}|{standard.pk}": 2, f"v|{NEXT}|{standard.pk}": 1})
        self.b.add({f"v|{NEXT}|{standard.pk}": 4})
        flush(self.a)
        flush(self.b)
        assert Standard.objects.get(pk=standard.pk).view_count == 7
        assert selectors.standard_view_count(standard.pk) == 7
        assert figure(Metric.STANDARD_VIEW, NEXT) == 5
        top = selectors.top_viewed_standards(DAY, NEXT)
        assert [(r["code"], r["views"], r["url"]) for r in top] == [
            ("GB/T 19001-2016", 7, standard.get_absolute_url())
        ]
        Standard.objects.filter(pk=standard.pk).update(is_public=False)
        assert selectors.top_viewed_standards(DAY, NEXT) == []

    def test_a_handled_term_reopens_when_it_finds_nothing_again(self):
        searches(self.a)
        flush(self.a)
        SearchTerm.objects.update(status=TermStatus.HANDLED)
        searches(self.a, zero=False)
        flush(self.a)
        assert SearchTerm.objects.get().status == TermStatus.HANDLED
        searches(self.a, day=NEXT)
        flush(self.a)
        term = SearchTerm.objects.get()
        assert term.status == TermStatus.OPEN and term.last_zero_seen == NEXT

    def test_ignored_terms_stay_ignored_and_are_never_public(self):
        searches(self.a, n=9)
        flush(self.a)
        SearchTerm.objects.update(status=TermStatus.IGNORED)
        searches(self.a)
        flush(self.a)
        assert SearchTerm.objects.get().status == TermStatus.IGNORED
        assert selectors.top_searches(DAY, DAY, public=True) == []
        assert [r["query"] for r in selectors.top_searches(DAY, DAY)] == ["火锅"]

    @override_settings(ANALYTICS_PUBLIC_MIN_SEARCHES=3)
    def test_only_texts_searched_often_enough_are_public(self):
        searches(self.a, query="常见", n=3, zero=False)
        searches(self.a, query="罕见", n=2, zero=False)
        flush(self.a)
        public = selectors.top_searches(DAY, DAY, public=True)
        assert [(r["query"], r["count"]) for r in public] == [("常见", 3)]
        assert len(selectors.top_searches(DAY, DAY)) == 2

    @override_settings(ANALYTICS_MAX_TERMS_PER_FLUSH=2)
    def test_a_flood_of_distinct_texts_keeps_the_most_searched_and_every_count(self):
        for i, n in enumerate((5, 4, 1, 1)):
            searches(self.a, query=f"词{i}", n=n, zero=False)
        flush(self.a)
        assert set(SearchTerm.objects.values_list("query", flat=True)) == {"词0", "词1"}
        assert figure(Metric.SEARCH_PAGE) == 11

    def test_malformed_fields_are_skipped(self):
        self.a.add({"h|not-a-day": 1, "v|2026-12-01|abc": 1, "x|2026-12-01": 1, f"h|{DAY}": 1})
        flush(self.a)
        assert list(DailyCount.objects.values_list("metric", "count")) == [("home_visit", 1)]

    def test_daily_figures_fill_every_day_and_count_registrations(self):
        from accounts.models import User

        User.objects.create_user(
            username="new", password="x-Pass-2026", date_joined=datetime.datetime(
                2026, 12, 1, 16, 30, tzinfo=datetime.UTC
            )  # 00:30 on 2 December in Shanghai
        )  # fmt: skip
        self.a.add(counts())
        flush(self.a)
        figures = selectors.daily_figures(DAY - datetime.timedelta(days=1), NEXT)
        assert [f.day for f in figures] == [DAY - datetime.timedelta(days=1), DAY, NEXT]
        assert [f.registered_users for f in figures] == [0, 0, 1]
        assert (figures[1].home_visits, figures[1].searches, figures[1].search_api) == (5, 4, 1)
        assert figures[1].zero_result_searches == 2

    def test_site_totals_are_one_stored_row(self):
        self.a.add(counts())
        flush(self.a)
        with self.assertNumQueries(1):
            totals = selectors.site_totals()
        assert (totals.home_visits, totals.searches) == (5, 4)
        with self.assertNumQueries(0):
            selectors.site_totals()  # cached
        self.a.add({f"h|{DAY}": 1})
        flush(self.a)  # and the flush makes the next read see it
        assert selectors.site_totals().home_visits == 6

    def test_retention_removes_old_day_rows_and_keeps_daily_figures(self):
        searches(self.a, day=DAY)
        searches(self.a, query="新", day=NEXT)
        flush(self.a)
        SearchTerm.objects.filter(query="新").update(status=TermStatus.HANDLED)
        removed = purge(today=NEXT + datetime.timedelta(days=1), days=1)
        assert removed["search_days"] == 1 and removed["terms"] == 1
        assert list(SearchTerm.objects.values_list("query", flat=True)) == ["新"]
        assert figure(Metric.SEARCH_PAGE) == 1  # the day's figure stays


class RedisFlushTest(TestCase):
    """Against a real redis-server (skipped when none is installed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = RedisServer()
        if not cls.server.start():
            raise unittest.SkipTest("redis-server is not installed")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        super().tearDownClass()

    def setUp(self):
        import redis

        self.redis = redis.Redis.from_url(self.server.url)
        self.redis.flushdb()
        self.node_a = RedisBuffer(redis.Redis.from_url(self.server.url), "test:")
        self.node_b = RedisBuffer(redis.Redis.from_url(self.server.url), "test:")

    def test_two_nodes_share_one_buffer_and_add_up(self):
        self.node_a.add({f"h|{DAY}": 2})
        self.node_b.add({f"h|{DAY}": 3})
        searches(self.node_a, n=1)
        searches(self.node_b, n=2)
        assert flush(self.node_b).batches == 1
        assert flush(self.node_a).batches == 0
        assert figure(Metric.HOME_VISIT) == 5
        assert SearchTerm.objects.get().zero_total == 3
        assert self.redis.keys("test:analytics:*") == []

    def test_a_crash_before_the_commit_leaves_the_batch_for_the_next_flush(self):
        self.node_a.add(counts())
        with (
            mock.patch("analytics.flush._add_daily", side_effect=DatabaseError("gone")),
            self.assertRaises(DatabaseError),
        ):
            flush(self.node_a)
        self.node_a.add({f"h|{DAY}": 1})  # a new buffer meanwhile
        result = flush(self.node_b)  # another node picks both up
        assert result.batches == 2
        assert figure(Metric.HOME_VISIT) == 6

    def test_a_crash_after_the_commit_does_not_count_twice(self):
        self.node_a.add(counts())
        with (
            mock.patch.object(RedisBuffer, "done", side_effect=ConnectionError),
            self.assertRaises(ConnectionError),
        ):
            flush(self.node_a)
        assert figure(Metric.HOME_VISIT) == 5
        result = flush(self.node_b)
        assert (result.batches, result.skipped) == (0, 1)
        assert figure(Metric.HOME_VISIT) == 5
        assert self.redis.keys("test:analytics:*") == []

    def test_the_request_path_uses_redis_when_configured(self):
        buffer_module._redis_buffer.cache_clear()
        self.addCleanup(buffer_module._redis_buffer.cache_clear)
        with override_settings(ANALYTICS_REDIS_URL=self.server.url):
            buffer = buffer_module.get_buffer()
            assert isinstance(buffer, RedisBuffer)
            buffer.clear()
            response = self.client.get("/", **BROWSER)
            assert response.status_code == 200
            assert len(buffer) == 1
            flush()
        assert figure(Metric.HOME_VISIT, timezone.localdate()) == 1


class CommandsTest(TestCase):
    def test_the_cron_commands_flush_and_purge(self):
        from io import StringIO

        from django.core.management import call_command

        from analytics import buffer as buffer_module

        buffer_module.get_buffer().clear()
        buffer_module.get_buffer().add({f"h|{DAY}": 2})
        out = StringIO()
        call_command("flush_analytics", stdout=out)
        assert "汇总 1 批" in out.getvalue() and figure(Metric.HOME_VISIT) == 2
        call_command("flush_analytics", stdout=out)
        assert figure(Metric.HOME_VISIT) == 2
        call_command("purge_analytics", "--days", "1", stdout=out)
        assert figure(Metric.HOME_VISIT) == 2  # daily figures are kept
