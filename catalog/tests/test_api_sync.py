"""Incremental sync on the standards API (`?updated_since=`): records changed since a time, in a
stable (updated_at, id) order that pages without gaps or repeats, status changes included, what
the caller may see only, and a structured 400 for a bad value."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import Standard
from catalog.services import standard_save
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase

T0 = timezone.make_aware(dt.datetime(2026, 11, 1, 9, 0))


class UpdatedSinceTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standards = [make_standard(f"GB/T {100 + i}-2020", f"标准{i}") for i in range(7)]
        cls.hidden = make_standard("DB3708/T 99-2026", "未公开", is_public=False)
        # Three share one time (ties are ordered by id), the others one minute apart; one is old.
        times = [T0, T0, T0, T0 + dt.timedelta(minutes=1), T0 + dt.timedelta(minutes=2)]
        times += [T0 + dt.timedelta(minutes=3), T0 - dt.timedelta(days=30)]
        for standard, at in zip(cls.standards, times, strict=True):
            Standard.objects.filter(pk=standard.pk).update(updated_at=at)
        Standard.objects.filter(pk=cls.hidden.pk).update(updated_at=T0)

    def feed(self, client=None, **params):
        """Every page from the first, following `next`; returns the records and the pages."""
        client = client or self.client
        response = client.get("/api/v1/standards/", params)
        self.assertEqual(response.status_code, 200, response.content)
        pages = [response.json()]
        while pages[-1]["next"]:
            pages.append(client.get(pages[-1]["next"]).json())
        return [r for p in pages for r in p["results"]], pages

    def expected(self, since, *, public=True):
        rows = Standard.objects.filter(updated_at__gte=since)
        if public:
            rows = rows.filter(is_public=True)
        return list(rows.order_by("updated_at", "pk").values_list("code", flat=True))

    def test_it_pages_through_the_changes_in_updated_then_id_order_without_gaps(self):
        records, pages = self.feed(updated_since=T0.isoformat(), page_size=2)
        self.assertEqual([r["code"] for r in records], self.expected(T0))
        self.assertEqual(len(records), 6)
        self.assertEqual(len(pages), 3)
        self.assertEqual([len(p["results"]) for p in pages], [2, 2, 2])
        for page in pages:
            self.assertIsNone(page["count"])
            self.assertIsNone(page["previous"])
            self.assertEqual((page["facets"], page["suggestions"]), ({}, []))
        first = records[0]
        self.assertEqual(
            dt.datetime.fromisoformat(first["updated_at"]), T0
        )  # the record says when it changed
        self.assertEqual(first["url"], f"/api/v1/standards/{first['code_key']}/")

    def test_the_last_updated_at_seen_is_the_next_sync_s_start(self):
        records, _pages = self.feed(updated_since=T0.isoformat())
        last = records[-1]["updated_at"]
        again, _ = self.feed(updated_since=last)
        self.assertEqual([r["code"] for r in again], [records[-1]["code"]])

    def test_a_status_change_is_a_change_and_the_abolished_record_stays_in_the_feed(self):
        later = timezone.now()
        standard = Standard.objects.get(pk=self.standards[-1].pk)  # the old one
        standard.status = "abolished"
        standard.abolish_date = timezone.localdate()
        standard_save(standard=standard, actor=self.city_officer)
        records, _ = self.feed(updated_since=later.isoformat())
        self.assertEqual(
            [(r["code"], r["status"]) for r in records], [(standard.code, "abolished")]
        )

    def test_the_public_never_sees_a_record_that_is_not_public_and_the_bureau_does(self):
        records, _ = self.feed(updated_since=T0.isoformat())
        self.assertNotIn(self.hidden.code, [r["code"] for r in records])
        self.client.force_login(self.city_officer)
        records, _ = self.feed(updated_since=T0.isoformat())
        self.assertIn(self.hidden.code, [r["code"] for r in records])
        self.assertEqual([r["code"] for r in records], self.expected(T0, public=False))

    def test_a_time_without_an_offset_is_beijing_time_and_an_unescaped_plus_is_read_too(self):
        naive, _ = self.feed(updated_since="2026-11-01T09:01:00")
        self.assertEqual(len(naive), 3)
        response = self.client.get(
            "/api/v1/standards/?updated_since=2026-11-01T09:01:00+08:00"
        )  # "+" arrives as a space
        self.assertEqual(len(response.json()["results"]), 3)
        utc, _ = self.feed(updated_since="2026-11-01T01:01:00Z")
        self.assertEqual([r["code"] for r in utc], [r["code"] for r in naive])
        day, _ = self.feed(updated_since="2026-11-01")  # midnight, Beijing time
        self.assertEqual(len(day), 6)

    def test_a_bad_value_is_a_structured_400_in_chinese(self):
        for value in ("yesterday", "2026-13-01T00:00:00", "", "1 November 2026"):
            with self.subTest(value=value):
                response = self.client.get("/api/v1/standards/", {"updated_since": value})
                self.assertEqual(response.status_code, 400)
                error = response.json()["error"]
                self.assertEqual(error["code"], "invalid")
                self.assertIn("ISO 8601", error["fields"]["updated_since"][0])

    def test_search_filters_and_a_bad_position_are_refused_with_the_feed(self):
        response = self.client.get(
            "/api/v1/standards/", {"updated_since": T0.isoformat(), "q": "标准", "page": 2}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["error"]["fields"]), {"q", "page"})
        response = self.client.get(
            "/api/v1/standards/", {"updated_since": T0.isoformat(), "after_id": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("after_id", response.json()["error"]["fields"])

    def test_a_page_costs_the_same_queries_however_deep(self):
        def queries(url):
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(url)
            return len(captured), response.json()

        first_count, first = queries(
            f"/api/v1/standards/?updated_since={T0:%Y-%m-%dT%H:%M}&page_size=1"
        )
        url = first["next"]
        counts = []
        while url:
            count, page = queries(url)
            counts.append(count)
            url = page["next"]
        self.assertEqual(set(counts), {first_count})
