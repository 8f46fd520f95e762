"""Receipt numbers `YJ-2026-000123` from a locked counter per year, never reused.

One function for callers, `next_receipt(year)`; when the engine's `next_number(key, year)` lands,
its body becomes a call to it and `ReceiptCounter` can go."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from consultation.models import ReceiptCounter

RECEIPT_KEY = "consultation.receipt"


@transaction.atomic
def next_in_sequence(key: str, year: int) -> int:
    """The next number of (key, year); the row stays locked until the caller's commit."""
    counter = ReceiptCounter.objects.select_for_update().filter(key=key, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(key=key, year=year)
        except IntegrityError:  # created by a concurrent caller
            pass
        counter = ReceiptCounter.objects.select_for_update().get(key=key, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def next_receipt(year: int) -> str:
    return f"YJ-{year}-{next_in_sequence(RECEIPT_KEY, year):06d}"
