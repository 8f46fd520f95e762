"""What public pages show about the whole catalog, read from the search index once per commit.

The home page's counts by kind and status, and the examples in search boxes and hints
(``如 GB/T 180、乒乓球``), come from the index (the public catalog) and are kept per process
until the index changes (its ``meta.json`` is rewritten by every commit, ours or another
process's). So no public page counts the catalog per request, and every example finds
something in the data actually loaded.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from catalog.choices import Kind, Status
from catalog.search import index, tokenize
from catalog.search import query as search_query

_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_YEAR = re.compile(r"\s*[-\u2014\u2013]\s*[0-9]{2,4}$")


@dataclass(frozen=True)
class Summary:
    total: int = 0
    by_kind: list[tuple[str, str, int]] = field(default_factory=list)
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    example_code: str = ""  # a code in the catalog, as people write it (GB/T 180)
    example_number: str = ""  # its number alone (180)
    example_word: str = ""  # a word of its title (乒乓球)
    recent_ids: tuple[int, ...] = ()  # latest issued
    upcoming_ids: tuple[int, ...] = ()  # next to come into force

    @property
    def examples(self) -> str:
        """``GB/T 180、乒乓球``, for placeholders; empty when the catalog is empty."""
        return "、".join(x for x in (self.example_code, self.example_word) if x)


LIST_SIZE = 8
_cache: dict[str, tuple[tuple[str, int], Summary]] = {}
_lock = threading.Lock()


def public_summary() -> Summary:
    """The summary of the public catalog, recomputed only after the index changed."""
    key = str(index.index_dir())
    current = index.generation()
    cached = _cache.get(key)
    if cached is not None and cached[0] == current:
        return cached[1]
    with _lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != current:
            cached = (current, _compute())
            _cache[key] = cached
    return cached[1]


def _compute() -> Summary:
    result = search_query.search(search_query.SearchRequest(limit=0, facets=True))
    kinds = dict(result.facets.get("kind", []))
    statuses = dict(result.facets.get("status", []))
    example = _example()
    from catalog.models import Standard

    public = Standard.objects.public()
    recent = public.exclude(issue_date=None).order_by("-issue_date", "code_key")
    upcoming = public.filter(status=Status.UPCOMING).order_by("implement_date", "code_key")
    return Summary(
        total=result.count,
        by_kind=[(k.value, k.label, kinds.get(k.value, 0)) for k in Kind],
        by_status=[(s.value, s.label, statuses.get(s.value, 0)) for s in Status],
        recent_ids=tuple(recent.values_list("pk", flat=True)[:LIST_SIZE]),
        upcoming_ids=tuple(upcoming.values_list("pk", flat=True)[:LIST_SIZE]),
        **example,
    )


def _example() -> dict[str, str]:
    """The best-ranked standard in force (a national one first, as people know those best; else
    any), its code without year, its number and a word of its title."""
    from catalog.models import Standard

    for kind, status in ((Kind.NATIONAL, Status.CURRENT), ("", Status.CURRENT), ("", "")):
        found = search_query.search(
            search_query.SearchRequest(kind=kind, status=status, limit=5, facets=False)
        ).ids
        rows = Standard.objects.filter(pk__in=found, is_public=True).values_list(
            "code", "base_key", "title"
        )
        for code, base_key, title in rows:
            short = _YEAR.sub("", code)
            number = re.findall(r"[0-9]+(?:\.[0-9]+)?", base_key or short)
            words = [w for w in tokenize.text_word_tokens(title).split() if _CJK_WORD.match(w)]
            return {
                "example_code": short,
                "example_number": number[0] if number else "",
                "example_word": words[0] if words else "",
            }
    return {}


def forget() -> None:
    """Drop cached summaries (tests that replace the index)."""
    with _lock:
        _cache.clear()
