"""Receipt numbers: per year, never reused, unique under concurrent callers (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from consultation.numbering import next_receipt
from core.models import NumberSequence


@pytest.mark.django_db
def test_numbers_run_per_year():
    assert [next_receipt(2026), next_receipt(2026), next_receipt(2027)] == [
        "YJ-2026-000001",
        "YJ-2026-000002",
        "YJ-2027-000001",
    ]
    assert NumberSequence.objects.get(key="consultation.receipt", year=2026).last == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_never_get_the_same_number():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs row locks between two connections: SQLite serializes whole-database writes "
            "(runs with a PostgreSQL DATABASE_URL)"
        )
    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def take():
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                numbers.append(next_receipt(2026))
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(numbers) == [f"YJ-2026-{n:06d}" for n in range(1, 21)]
