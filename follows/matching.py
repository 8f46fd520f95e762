"""Which standards match a saved search: evaluated by the catalog's own search (the index), so a
saved search finds exactly what the search page shows its owner for the same query and filters.
Candidates are checked in the index itself (the search restricted to their ids), so however many
standards a search finds in the whole catalog, a new one that matches is always found."""

from __future__ import annotations

from collections.abc import Collection

from catalog.filters import search_form
from catalog.models import Standard
from catalog.search import query as search_query
from catalog.search.query import MAX_WINDOW
from catalog.selectors import search_request

CANDIDATES = 5_000  # ids per index query


def matching_ids(params: dict, candidate_ids: Collection[int], *, user=None) -> set[int]:
    """The standards among `candidate_ids` that the search `params` finds for `user` (the
    public's search when None)."""
    candidates = sorted(set(candidate_ids))
    if not candidates:
        return set()
    form = search_form(params)
    if not form.is_valid():
        return set()
    found: set[int] = set()
    for start in range(0, len(candidates), CANDIDATES):
        chunk = candidates[start : start + CANDIDATES]
        req = search_request(user=user, data=form.cleaned_data, limit=len(chunk), facets=False)
        req.ids = tuple(chunk)
        found.update(search_query.search(req).ids)
    return found


def new_match_ids(params: dict, since, *, user=None, limit: int | None = MAX_WINDOW) -> set[int]:
    """Standards `user` may see, added after `since`, that the search finds: among the newest
    `limit` (a count shown on a page), or all of them (`limit=None`: the digest)."""
    recent = Standard.objects.visible_to(user).filter(created_at__gt=since)
    if limit is not None:
        recent = recent.order_by("-created_at", "-pk")[:limit]
    return matching_ids(params, list(recent.values_list("pk", flat=True)), user=user)
