"""Which standards match a saved search: evaluated by the catalog's own search (the index), so a
saved search finds exactly what the search page shows for the same query and filters."""

from __future__ import annotations

from collections.abc import Collection

from catalog.filters import StandardFilter
from catalog.models import Standard
from catalog.search.query import MAX_WINDOW
from catalog.selectors import standard_search


def matching_ids(params: dict, candidate_ids: Collection[int]) -> set[int]:
    """The public standards among `candidate_ids` that the search `params` finds."""
    candidates = set(candidate_ids)
    if not candidates:
        return set()
    filterset = StandardFilter(params, queryset=Standard.objects.public())
    if not filterset.is_valid():
        return set()
    outcome = standard_search(
        user=None, filterset=filterset, offset=0, limit=MAX_WINDOW, facets=False
    )
    first = outcome.hits.first
    if first.count <= len(first.ids):
        return candidates.intersection(first.ids)
    # A search broader than the deepest page: check the candidates in the database instead.
    ordered, found = sorted(candidates), set()
    for start in range(0, len(ordered), 5_000):
        chunk = ordered[start : start + 5_000]
        found.update(filterset.qs.filter(pk__in=chunk).values_list("pk", flat=True))
    return found


def new_match_ids(params: dict, since) -> set[int]:
    """Public standards added after `since` that the search finds."""
    recent = Standard.objects.public().filter(created_at__gt=since)
    ids = list(recent.order_by("-created_at").values_list("pk", flat=True)[:MAX_WINDOW])
    return matching_ids(params, ids)
