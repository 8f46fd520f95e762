"""The project's own mapping tables in data/mappings/ (see its SOURCES.md): GB/T 4754 大类 →
ICS/CCS prefixes, and title keywords → one ICS and one CCS code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings


def _folder() -> Path:
    return Path(settings.BASE_DIR) / "data" / "mappings"


@dataclass(frozen=True)
class Field:
    """The classification prefixes of one industry (or one title)."""

    ics: tuple[str, ...] = ()
    ccs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ics or self.ccs)

    def covers(self, *, ics: list[str] | tuple[str, ...], ccs: str | None) -> bool:
        """Whether a record classified (ics codes, ccs code) lies in this field."""
        return any(code.startswith(p) for code in ics for p in self.ics) or bool(
            ccs and any(ccs.startswith(p) for p in self.ccs)
        )


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


@cache
def industry_fields() -> dict[str, Field]:
    with (_folder() / "industry_ics_ccs.csv").open(encoding="utf-8") as f:
        return {
            row["division"].strip(): Field(ics=_split(row["ics"]), ccs=_split(row["ccs"]))
            for row in csv.DictReader(f)
        }


@cache
def title_keywords() -> tuple[tuple[str, str, str], ...]:
    with (_folder() / "title_keywords.csv").open(encoding="utf-8") as f:
        return tuple(
            (row["keyword"].strip(), row["ics"].strip(), row["ccs"].strip())
            for row in csv.DictReader(f)
        )


def division_of(industry) -> str | None:
    """The GB/T 4754 大类 (two digits) of an industry class at any level below 门类."""
    if industry is None:
        return None
    code = getattr(industry, "code", industry) or ""
    return code[:2] if code[:2].isdigit() else None


def field_of_industry(industry) -> Field:
    return industry_fields().get(division_of(industry) or "", Field())


def classify_title(title: str) -> tuple[str, str] | None:
    """(ICS code, CCS code) of the first keyword found in the title, or None."""
    for keyword, ics, ccs in title_keywords():
        if keyword in (title or ""):
            return ics, ccs
    return None
