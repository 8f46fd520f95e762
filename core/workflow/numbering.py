"""Numbers that must never repeat: local standard numbers, plan numbers.

`next_number(key=, year=)` locks the (key, year) row of `NumberSequence` and increments it. Call it
inside the transaction that uses the number (an action's `effect`): a rollback then returns the
number too, so the sequence has no gap and no number is ever given twice.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from core.models import NumberSequence


def next_number(*, key: str, year: int) -> int:
    """The next number of the sequence `key` in `year` (1, 2, 3…), under a row lock."""
    with transaction.atomic():
        row = NumberSequence.objects.select_for_update().filter(key=key, year=year).first()
        if row is None:
            try:
                with transaction.atomic():  # two first numbers of a year at once: one wins
                    NumberSequence.objects.create(key=key, year=year, last=0)
            except IntegrityError:
                pass
            row = NumberSequence.objects.select_for_update().get(key=key, year=year)
        row.last += 1
        row.save(update_fields=["last"])
        return row.last


def format_standard_number(prefix: str, number: int, year: int, *, width: int = 3) -> str:
    """`format_standard_number("DB3708/T", 1, 2026)` → "DB3708/T 001—2026" (the em dash of GB/T 1.1)."""
    return f"{prefix} {number:0{width}d}—{year}"


def format_year_number(number: int, year: int, *, width: int = 3) -> str:
    """`format_year_number(1, 2026)` → "2026-001" (plan numbers)."""
    return f"{year}-{number:0{width}d}"
