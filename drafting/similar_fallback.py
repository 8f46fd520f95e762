"""A stand-in for `catalog.search.similar` (branch `provincial`) until it is merged: the same two
functions, scoring titles by the Dice coefficient of their character bigrams. Delete this file
once `catalog.search.similar` is on main (drafting.selectors imports it first)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q


def _bigrams(text: str) -> frozenset[str]:
    text = "".join((text or "").split())[:200]
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _dice(a, b) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _matched(text: str, grams) -> list[str]:
    out, start = [], None
    for i in range(len(text) - 1):
        if text[i : i + 2] in grams:
            start = i if start is None else start
        elif start is not None:
            out.append(text[start : i + 1])
            start = None
    if start is not None:
        out.append(text[start:])
    return list(dict.fromkeys(out))


@dataclass
class Similar:
    standard: object
    score: float
    matched: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.standard.code

    @property
    def title(self) -> str:
        return self.standard.title

    @property
    def status_label(self) -> str:
        return self.standard.get_status_display()

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def url(self) -> str:
        return self.standard.get_absolute_url()


def rank_texts(text, candidates):
    grams = _bigrams(text)
    if not grams:
        return []
    out = []
    for key, other in candidates:
        s = round(_dice(grams, _bigrams(other)), 4)
        if s > 0:
            out.append((key, s, _matched(other, grams)))
    out.sort(key=lambda row: -row[1])
    return out


def similar_standards(text, *, limit=10, user=None):
    from catalog.models import Standard

    grams = sorted(_bigrams(text))
    if not grams or limit <= 0:
        return []
    rows = Standard.objects.visible_to(user).filter(
        reduce(or_, (Q(title__contains=g) for g in grams[:40]))
    )[:500]
    ranked = rank_texts(text, [(s, s.title) for s in rows])
    return [Similar(s, score, m) for s, score, m in ranked[:limit]]
