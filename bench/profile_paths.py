"""Worker CPU per request of each public request path, beside the limits (issue 13):

    python -m bench.profile_paths [--size 100000] [--seconds 10] [--paths api,search,detail,home]
                                  [--page-cache 30] [--search-cache 1000] [--urls 600] [--warm 2]

Serves the catalog that `python -m bench.run --sizes SIZE --keep` built (var/bench/) with
gunicorn (2 sync workers), loads each path with wrk over many URLs (held-out queries, many
standards), and divides the workers' CPU ticks (/proc) by the requests answered. Beside them:
the engine alone (the same searches in this process, top 20, exact count, 7 facets) and a bare
Django JSON view (`bench.bare_app`, one query) under the same gunicorn settings. `--page-cache 0` and
`--search-cache 0` turn the page cache and the search caches off, to see the cost of a page or
search that is built; `--redis URL` shares the cache between the workers. The machine's load
average is printed with the figures: CPU per request is the steady figure on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from bench import http_paths

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
ALL_PATHS = ("engine", "bare", "api", "search", "detail", "home")


def _env(
    size: int, page_cache: int | None, redis: str = "", search_cache: int | None = None
) -> dict[str, str]:
    """The environment `bench.run` serves the catalog of `size` with (its database and index)."""
    env = dict(os.environ)
    env.update(
        DEMO_MODE="1",
        DATABASE_URL=f"sqlite:///{WORK / f'bench-{size}.sqlite3'}",
        SEARCH_INDEX_DIR=str(WORK / f"index-{size}"),
        SEARCH_INDEXER="worker",
        API_ANON_RATE="100000000/minute",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        STATIC_ROOT=str(WORK / "static"),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    if page_cache is not None:
        env["PAGE_CACHE_SECONDS"] = str(page_cache)
    if search_cache is not None:
        env["SEARCH_CACHE_ENTRIES"] = str(search_cache)
    if redis:  # one cache shared by the workers, as in production
        env.update(REDIS_URL=redis, CACHE_KEY_PREFIX=f"bench-{os.getpid()}")
    return env


def _queries() -> list[str]:
    data = json.loads((ROOT / "data" / "bench" / "queries.json").read_text(encoding="utf-8"))
    return [q["q"] for q in data]


def _urls(kind: str, queries: list[str], codes: list[str]) -> list[str]:
    if kind in ("api", "bare"):
        return [
            "/api/v1/standards/?" + urllib.parse.urlencode({"q": q, "page_size": 20})
            for q in queries
        ]
    if kind == "search":
        return ["/standards/?" + urllib.parse.urlencode({"q": q}) for q in queries]
    if kind == "detail":
        return [f"/standards/{urllib.parse.quote(code)}/" for code in codes]
    return ["/"]


def _load(server, urls: list[str], seconds: float, warm: int) -> dict:
    for _ in range(warm):  # warm both workers (and, when on, the page cache of each)
        for url in urls:
            status = http_paths.fetch(server.port, url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
    out = http_paths.measure(server, urls, seconds=seconds, connections=8, name="profile")
    return {"rps": out["rps"], "cpu_ms": out["cpu_ms_per_request"], "load": out["load_1m"]}


def _engine(queries: list[str]) -> dict:
    """The project's own index query alone, in this process: CPU per query (each one run by
    the engine: the search caches are off here)."""
    from django.test import override_settings

    from catalog.search import query as search_query

    with override_settings(SEARCH_CACHE_ENTRIES=0):
        return _engine_cpu(search_query, queries)


def _engine_cpu(search_query, queries: list[str]) -> dict:
    for q in queries:
        search_query.search(search_query.SearchRequest(q=q, limit=20, facets=True))
    started = time.process_time()
    rounds = 3
    for _ in range(rounds):
        for q in queries:
            search_query.search(search_query.SearchRequest(q=q, limit=20, facets=True))
    cpu = (time.process_time() - started) / (rounds * len(queries))
    return {"cpu_ms": round(cpu * 1000, 2), "load": round(os.getloadavg()[0], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--paths", default=",".join(ALL_PATHS))
    parser.add_argument("--page-cache", type=int, default=None, help="PAGE_CACHE_SECONDS")
    parser.add_argument("--search-cache", type=int, default=None, help="SEARCH_CACHE_ENTRIES")
    parser.add_argument("--urls", type=int, default=600, help="distinct URLs per path")
    parser.add_argument("--warm", type=int, default=2, help="rounds over the URLs before")
    parser.add_argument("--redis", default="", help="REDIS_URL: a cache shared by the workers")
    args = parser.parse_args()
    kinds = [k for k in args.paths.split(",") if k]
    env = _env(args.size, args.page_cache, args.redis, args.search_cache)
    if not Path(env["DATABASE_URL"].removeprefix("sqlite:///")).exists():
        raise SystemExit(f"no catalog: run python -m bench.run --sizes {args.size} --keep")
    os.environ.update(env)
    import django

    django.setup()
    from catalog.models import Standard

    queries = _queries()
    random.Random(1).shuffle(queries)
    queries = queries[: args.urls]
    codes = list(
        Standard.objects.public().order_by("?").values_list("code_key", flat=True)[: args.urls]
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    results: dict[str, dict] = {}
    if "engine" in kinds:
        results["engine"] = _engine(queries)
    if "bare" in kinds:
        with http_paths.gunicorn("bench.bare_app:application", "/", env=env) as server:
            results["bare"] = _load(server, _urls("bare", queries, codes), args.seconds, args.warm)
    served = [k for k in kinds if k in ("api", "search", "detail", "home")]
    if served:
        with http_paths.gunicorn("config.wsgi", "/api/v1/standards/", env=env) as server:
            for kind in served:
                urls = _urls(kind, queries, codes)
                results[kind] = _load(server, urls, args.seconds, args.warm)
    page_cache = args.page_cache if args.page_cache is not None else "default"
    search_cache = args.search_cache if args.search_cache is not None else "default"
    print(
        f"{args.size:,} standards, {len(queries)} queries / {len(codes)} standards,"
        f" page cache {page_cache} s, search caches {search_cache},"
        f" {args.warm} warm rounds,"
        f" cache {'redis' if args.redis else 'per process'}"
    )
    print("| path | req/s | worker CPU ms/request | load average |")
    print("|---|---|---|---|")
    for kind, r in results.items():
        print(f"| {kind} | {r.get('rps', '')} | {r['cpu_ms']} | {r['load']} |")


if __name__ == "__main__":
    main()
