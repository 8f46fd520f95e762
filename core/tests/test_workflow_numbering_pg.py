"""Numbers given concurrently are distinct and consecutive (PostgreSQL, real row locks)."""

import threading

import pytest
from django.db import connection, connections
from django.test import TransactionTestCase

from core.models import NumberSequence
from core.workflow import next_number


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
class ConcurrentNumberingTests(TransactionTestCase):
    def test_it_gives_two_threads_distinct_consecutive_numbers(self):
        got: list[int] = []
        errors: list[BaseException] = []
        start = threading.Barrier(2)

        def take():
            try:
                start.wait()
                for _ in range(25):
                    got.append(next_number(key="DB3708/T", year=2026))
            except BaseException as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=take) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert sorted(got) == list(range(1, 51))
        assert NumberSequence.objects.get(key="DB3708/T", year=2026).last == 50
