"""The engine's limit for `make bench`: the project's own index query (catalog.search.query:
top 20, exact count, 7 facets) for the held-out queries, with no HTTP and no database, in
2 processes (as many as gunicorn's workers), the search caches off (SEARCH_CACHE_ENTRIES=0):
every query searched. Queries/s and CPU ms per query."""

from __future__ import annotations

import multiprocessing
import os
import time

import django


def _setup() -> None:
    """Django in a worker, with the search caches off: the engine's own work, every query."""
    os.environ["SEARCH_CACHE_ENTRIES"] = "0"
    django.setup()


def _loop(args: tuple[list[str], float]) -> tuple[int, float]:
    from catalog.search import query as search_query

    texts, seconds = args
    for q in texts:  # warm the readers and the tokenizer
        search_query.search(search_query.SearchRequest(q=q, limit=20, facets=True))
    done = 0
    cpu = time.process_time()
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        for q in texts:
            search_query.search(search_query.SearchRequest(q=q, limit=20, facets=True))
        done += len(texts)
    return done, time.process_time() - cpu


def engine_alone(queries: list[dict], *, seconds: float = 8.0, processes: int = 2) -> dict:
    texts = [q["q"] for q in queries]
    # Spawned with Django set up in each (as the indexer's workers are): no locks copied.
    with multiprocessing.get_context("spawn").Pool(processes, initializer=_setup) as pool:
        started = time.perf_counter()
        results = pool.map(_loop, [(texts, seconds)] * processes)
        wall = time.perf_counter() - started
    done = sum(n for n, _ in results)
    cpu = sum(c for _, c in results)
    return {
        "processes": processes,
        "queries": done,
        # The warm-up is inside `wall`: take each process's own measured window.
        "qps": round(done / seconds, 1),
        "cpu_ms_per_query": round(cpu / max(done, 1) * 1000, 3),
        "wall_s": round(wall, 1),
    }
