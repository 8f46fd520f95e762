"""Flushes from several nodes at the same moment add up (PostgreSQL, real row locks)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import TransactionTestCase

from analytics.buffer import Batch
from analytics.choices import Metric
from analytics.flush import apply
from analytics.models import DailyCount, SearchTerm, SiteTotals

DAY = datetime.date(2026, 12, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
class ConcurrentFlushTests(TransactionTestCase):
    def test_four_nodes_flushing_at_once_lose_nothing(self):
        SiteTotals.objects.get_or_create(pk=1)  # made by the migration; flushed by this test case
        errors: list[BaseException] = []
        start = threading.Barrier(4)

        def node(n: int):
            try:
                start.wait()
                for i in range(10):
                    counts = {f"h|{DAY}": 1, f"s|{DAY}|page|同一个词": 2, f"s|{DAY}|page|词{n}": 1}
                    apply(Batch(f"node-{n}-{i}", counts))
            except BaseException as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=node, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert DailyCount.objects.get(day=DAY, metric=Metric.HOME_VISIT).count == 40
        assert DailyCount.objects.get(day=DAY, metric=Metric.SEARCH_PAGE).count == 120
        assert SearchTerm.objects.get(query="同一个词").total == 80
        assert SearchTerm.objects.count() == 5
        assert SiteTotals.objects.get(pk=1).home_visits == 40
