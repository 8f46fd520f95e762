"""Per-process caches of what searches read again and again, emptied whenever the index changes.

The search index is the catalog as the public sees it; every commit (ours or another process's)
rewrites its ``meta.json``, and the reader is reloaded on the next search. Each cache below
belongs to one reader generation: the first use after a reload empties it, so nothing outlives
the catalog it was read from (a record made non-public leaves the caches with the commit that
takes it out of the public index). Bounded, least recently used first out; SEARCH_CACHE_ENTRIES
0 turns them off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.conf import settings


class GenerationCache:
    """A least-recently-used map, emptied when the index generation changes."""

    def __init__(self, name: str, factor: int = 1):
        self.name, self.factor = name, factor
        self._data: OrderedDict = OrderedDict()
        self._generation: tuple[str, int] | None = None
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return settings.SEARCH_CACHE_ENTRIES * self.factor

    def _check(self, current: tuple[str, int]) -> None:
        if current != self._generation:
            self._data.clear()
            self._generation = current

    def get(self, current: tuple[str, int], key: Hashable):
        if self.size <= 0:
            return None
        with self._lock:
            self._check(current)
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def get_many(self, current: tuple[str, int], keys) -> dict:
        """{key: value} of those of `keys` that are here: `get` of each, under one lock."""
        if self.size <= 0:
            return {}
        found = {}
        with self._lock:
            self._check(current)
            for key in keys:
                value = self._data.get(key)
                if value is not None:
                    self._data.move_to_end(key)
                    found[key] = value
        return found

    def put(self, current: tuple[str, int], key: Hashable, value) -> None:
        size = self.size
        if size <= 0:
            return
        with self._lock:
            self._check(current)
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._generation = None


# Whole results of a request (ids, count, facets, suggestions).
results = GenerationCache("results")
# Facet counts of a query and its filters, whatever the page and order asked for.
facets = GenerationCache("facets")
# Brief rows of public standards by id (the API's results and the list pages' rows).
public_rows = GenerationCache("public_rows", factor=20)
# The API's search responses by URL and scopes (`catalog.api.StandardViewSet.list`).
responses = GenerationCache("responses")
# Labels of ICS/CCS facet values ("13.220 消防").
labels = GenerationCache("labels", factor=4)


def forget() -> None:
    """Empty every cache (tests that replace the index)."""
    for cache in (results, facets, public_rows, responses, labels):
        cache.clear()
