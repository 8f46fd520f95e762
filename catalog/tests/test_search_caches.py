"""Searches repeated between two index commits are answered from caches (catalog/search/caches.py)
with the same results; a commit empties them, so a change, and above all a record made
non-public, shows at once."""

from unittest import mock

from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from analytics.choices import Metric
from analytics.flush import flush
from analytics.models import DailyCount
from analytics.tests.helpers import BROWSER, clean_buffer
from catalog.models import Standard
from catalog.search import caches
from catalog.search import query as search_query
from catalog.services import standard_save
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase
from testing.search import no_outbox_look


class SearchCacheTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.quality = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        cls.football = make_standard("DB3708/T 12-2021", "足球场地维护规范")
        cls.hidden = make_standard("Q/JNXX 001-2021", "内部足球标准", is_public=False)

    def setUp(self):
        super().setUp()
        caches.forget()
        self.api = APIClient()

    def search(self, **params) -> dict:
        response = self.api.get("/api/v1/standards/", params)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_a_repeated_search_is_answered_from_the_cache_with_the_same_response(self):
        first = self.search(q="足球")
        with (
            mock.patch("tantivy.Searcher.search", side_effect=AssertionError) as engine,
            no_outbox_look(),
            self.assertNumQueries(0),
        ):
            again = self.search(q="足球")
        self.assertFalse(engine.called)
        self.assertEqual(again, first)
        self.assertEqual(first["count"], 1)

    def test_searches_answered_from_the_cache_are_counted(self):
        clean_buffer()
        self.addCleanup(clean_buffer)
        for _ in range(3):
            self.api.get("/api/v1/standards/", {"q": "足球"}, **BROWSER)
        flush()
        row = DailyCount.objects.get(day=timezone.localdate(), metric=Metric.SEARCH_API)
        self.assertEqual(row.count, 3)

    def test_a_second_page_reuses_the_facets_of_the_first(self):
        for i in range(3):
            make_standard(f"T/CAS {i + 1}-2020", f"足球{i}")
        self.search(q="足球", page_size=2)
        with mock.patch.object(search_query, "_facets", side_effect=AssertionError):
            second = self.search(q="足球", page_size=2, page=2)
        self.assertEqual(second["facets"]["kind"], {"group": 3, "municipal": 1})

    def test_a_record_made_non_public_leaves_the_results_with_its_commit(self):
        self.assertEqual(self.search(q="足球")["count"], 1)
        standard = Standard.objects.get(pk=self.football.pk)
        standard.is_public = False
        with self.captureOnCommitCallbacks(execute=True):
            standard_save(standard=standard, actor=None)
        body = self.search(q="足球")
        self.assertEqual((body["count"], body["results"]), (0, []))
        self.assertEqual(self.search(q="DB3708/T 12")["count"], 0)

    def test_a_new_standard_is_found_after_its_commit(self):
        self.assertEqual(self.search(q="质量")["count"], 1)
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("GB/T 19004-2020", "质量管理 组织的质量 实现持续成功指南")
        self.assertEqual(self.search(q="质量")["count"], 2)

    def test_the_bureau_still_gets_non_public_rows_and_strangers_never(self):
        self.login(self.city_officer)
        bureau = self.client.get("/api/v1/standards/", {"q": "足球"}).json()
        self.assertEqual(
            {r["code"] for r in bureau["results"]}, {"DB3708/T 12-2021", "Q/JNXX 001-2021"}
        )
        stranger = self.search(q="足球")
        self.assertEqual([r["code"] for r in stranger["results"]], ["DB3708/T 12-2021"])

    @override_settings(SEARCH_CACHE_ENTRIES=0)
    def test_it_is_off_at_zero_entries(self):
        self.search(q="足球")
        with mock.patch.object(search_query, "_facets", wraps=search_query._facets) as facets:
            self.search(q="足球")
        self.assertTrue(facets.called)


class GenerationCacheTest(SearchTestCase):
    def test_a_list_of_keys_finds_what_was_put_in_this_generation_only(self):
        cache = caches.GenerationCache("test")
        first, second = ("index", 1), ("index", 2)
        cache.put(first, 1, {"id": 1})
        cache.put(first, 3, {"id": 3})
        self.assertEqual(cache.get_many(first, [1, 2, 3]), {1: {"id": 1}, 3: {"id": 3}})
        self.assertEqual(cache.get_many(second, [1, 2, 3]), {})
        self.assertEqual(cache.get_many(first, [1]), {})
        with override_settings(SEARCH_CACHE_ENTRIES=0):
            cache.put(second, 1, {"id": 1})
            self.assertEqual(cache.get_many(second, [1]), {})
