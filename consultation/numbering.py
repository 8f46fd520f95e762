"""Receipt numbers `YJ-2026-000123`: the engine's locked sequence per year, never reused."""

from __future__ import annotations

from core.workflow.numbering import next_number

RECEIPT_KEY = "consultation.receipt"


def next_receipt(year: int) -> str:
    return f"YJ-{year}-{next_number(key=RECEIPT_KEY, year=year):06d}"
