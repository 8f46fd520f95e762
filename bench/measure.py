"""One catalog size, measured end to end (run by bench.run in its own process)."""

from __future__ import annotations

import contextlib
import datetime
import io
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
IMPORT_BATCH = 50_000


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else 0.0


def _dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(size: int, keep: bool, out: dict) -> None:
    from django.db import connection

    from accounts.models import User
    from bench import synth
    from catalog import services
    from catalog.models import Standard
    from catalog.search import indexer
    from demo.loaders import load_demo

    if keep and Standard.objects.count() >= size:
        out["import_s"] = out["index_s"] = None
        return
    # The database is a fresh one (bench.run made it). The demo data first, untimed: its
    # enterprise user and local-standard projects are pages measured under load.
    started = time.perf_counter()
    if not User.objects.filter(username="enterprise").exists():
        load_demo(stdout=io.StringIO())
    out["demo_s"] = round(time.perf_counter() - started, 1)
    out["demo_standards"] = Standard.objects.count()
    importing = generating = 0.0
    batch: list[dict] = []
    done = 0
    rows = synth.generate(size)
    while True:
        # Only the import is timed, not the generation of the synthetic rows.
        started = time.perf_counter()
        batch = list(itertools.islice(rows, IMPORT_BATCH))
        generating += time.perf_counter() - started
        if not batch:
            break
        started = time.perf_counter()
        services.standards_import(batch, actor=None, source="bench", chunk_size=5_000)
        importing += time.perf_counter() - started
        done += len(batch)
        print(f"  imported {done:,}", file=sys.stderr)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load in production (it is on by default; this
        # machine's server runs with it off): the visibility map that index-only scans need
        # (the validity check reads editions from an index alone) and the hint bits that the
        # first full read would otherwise write on every page. Timed as part of the import.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            out["pg_autovacuum"] = cursor.fetchone()[0]
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(Standard._meta.db_table)}")
        out["vacuum_s"] = round(time.perf_counter() - started, 1)
        importing += out["vacuum_s"]
    out["import_s"] = round(importing, 1)
    out["synth_s"] = round(generating, 1)
    started = time.perf_counter()
    indexed = [0]

    def progress(n: int) -> None:
        before, indexed[0] = indexed[0], indexed[0] + n
        if before // 100_000 != indexed[0] // 100_000:
            print(f"  indexed {indexed[0]:,}", file=sys.stderr)

    indexer.rebuild(threads=2, processes=2, progress=progress)
    out["index_s"] = round(time.perf_counter() - started, 1)


def brute_force(q: dict):
    """The database scan the index replaces: every word (AND) as a substring of the title, or
    the normalized code as a substring of the key."""
    from django.db.models import Q

    from catalog.models import Standard

    qs = Standard.objects.public()
    if q["cat"] == "number":
        started = time.perf_counter()
        ids = code_matches(q["q"])
        return ids, time.perf_counter() - started
    elif q["cat"] == "english":
        qs = qs.filter(Q(title_en__icontains=q["q"]) | Q(title__icontains=q["q"]))
    else:
        for term in q["terms"]:
            qs = qs.filter(title__contains=term)
    started = time.perf_counter()
    ids = set(qs.values_list("id", flat=True))
    return ids, time.perf_counter() - started


def code_matches(text: str) -> set[int]:
    """What a code query must find (the definition the engine implements, README "Search"):
    standards whose normalized code starts with the query (or with the key it parses to),
    and, for a query starting with a digit, those whose number (with its part) contains it
    or ends with it followed by the year ("9001-2016"). Digits of the year alone do not
    match: "8" is not every standard of 2018 (the year facet does that). A database scan
    for the candidates, then the definition in Python on the parsed printed code."""
    from django.db.models import Q

    from catalog.codes import InvalidStandardCode, code_search_key, parse_code
    from catalog.models import Standard

    key = code_search_key(text)
    starts = {key} if key else set()
    with contextlib.suppress(InvalidStandardCode):  # a year: that edition; none: every edition
        starts.add(parse_code(text).key)
    if not starts:
        return set()
    numeric = key[:1].isdigit()
    cond = Q(code_key__contains=key) if numeric else Q()
    for start in starts:
        cond |= Q(code_key__startswith=start)
    found = set()
    for pk, code, code_key in (
        Standard.objects.public().filter(cond).values_list("id", "code", "code_key")
    ):
        if any(code_key.startswith(start) for start in starts):
            found.add(pk)
            continue
        if numeric:
            c = parse_code(code)
            number = c.number + ("." + c.part if c.part else "")
            if key in number or (c.year and f"{number}-{c.year}".endswith(key) and "-" in key):
                found.add(pk)
    return found


def queries_through_django(queries: list[dict], out: dict) -> None:
    """Latency of searches as built (the search caches off: each of the 600 queries is asked 3
    times, and from the caches the 2nd and 3rd would only measure the cache), recall, and the
    facets' cost."""
    from django.test import override_settings

    with override_settings(SEARCH_CACHE_ENTRIES=0):
        _queries_through_django(queries, out)


def _queries_through_django(queries: list[dict], out: dict) -> None:
    from django.test import Client

    from catalog.search import query as search_query

    client = Client()
    for q in queries:  # warm the readers
        client.get("/api/v1/standards/", {"q": q["q"]})
    lat: dict[str, list[float]] = {}
    recall_found = recall_total = 0
    recall_misses: list[str] = []
    brute: dict[str, list[float]] = {}
    facet_on, facet_off = [], []
    from catalog.models import Standard

    common = Standard.objects.public().count() / 10
    for q in queries:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get("/api/v1/standards/", {"q": q["q"], "page_size": 20})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.content[:300]
            times.append(elapsed * 1000)
        count = response.json()["count"]
        lat.setdefault(q["cat"], []).extend(times)
        lat.setdefault("all", []).extend(times)
        if count > common:  # "common words": more than 10% of the catalog match
            lat.setdefault("common (>10%)", []).extend(times)
        req = search_query.SearchRequest(q=q["q"], limit=max(count, 1), facets=False)
        found = set(search_query.search(req).ids)
        # Facet cost: the same top-20 search with and without the 7 facets, alternated.
        for _ in range(3):
            for facets, bucket in ((False, facet_off), (True, facet_on)):
                started = time.perf_counter()
                search_query.search(search_query.SearchRequest(q=q["q"], limit=20, facets=facets))
                bucket.append(time.perf_counter() - started)
        expected, brute_s = brute_force(q)
        brute.setdefault(q["cat"], []).append(brute_s * 1000)
        brute.setdefault("all", []).append(brute_s * 1000)
        if count > common:
            brute.setdefault("common (>10%)", []).append(brute_s * 1000)
        if q["cat"] != "english":
            recall_total += len(expected)
            recall_found += len(expected & found)
            if expected - found:
                recall_misses.append(q["q"])
    out["latency_ms"] = {
        cat: {
            "n": len(v),
            "p50": round(pct(v, 50), 2),
            "p95": round(pct(v, 95), 2),
            "p99": round(pct(v, 99), 2),
        }
        for cat, v in lat.items()
    }
    out["brute_force_ms"] = {
        cat: {"p50": round(pct(v, 50), 1), "p95": round(pct(v, 95), 1)} for cat, v in brute.items()
    }
    out["recall"] = round(recall_found / recall_total, 4) if recall_total else None
    out["recall_misses"] = recall_misses
    out["facet_cost_ms"] = {
        "mean": round((statistics.mean(facet_on) - statistics.mean(facet_off)) * 1000, 2),
        "median": round((statistics.median(facet_on) - statistics.median(facet_off)) * 1000, 2),
        "p95_with": round(pct(facet_on, 95) * 1000, 2),
        "p95_without": round(pct(facet_off, 95) * 1000, 2),
    }


def _detail_paths(n: int = 200) -> list[str]:
    from catalog.models import Standard

    rng = random.Random(5)
    top = Standard.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = sorted({rng.randint(1, top) for _ in range(n * 2)})
    rows = Standard.objects.public().filter(pk__in=picks).order_by("pk")[:n]
    return [s.get_absolute_url() for s in rows]


def _workspace_cookie() -> dict:
    """A signed-in enterprise user's session (the demo's; staff would need a second factor)."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="enterprise"))
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    }


def _project_path() -> str | None:
    """The first local-standard project page a visitor may open."""
    from django.test import Client

    from drafting.models import LocalStandardProject

    client = Client()
    for pk in LocalStandardProject.objects.order_by("pk").values_list("pk", flat=True)[:50]:
        path = f"/local-standards/projects/{pk}/"
        if client.get(path).status_code == 200:
            return path
    return None


WARM_PASS_SECONDS = 3.0


def http_figures(queries: list[dict], out: dict, seconds: float = 8.0) -> None:
    """Engine alone and bare framework (the limits), then the project's paths, in one run;
    then the pages under 50 concurrent clients."""
    from bench import http_paths
    from bench.limits import engine_alone

    encode = urllib.parse.urlencode
    paths = {
        "api": ["/api/v1/standards/?" + encode({"q": q["q"], "page_size": 20}) for q in queries],
        "search_page": ["/standards/?" + encode({"q": q["q"]}) for q in queries],
        "detail": _detail_paths(),
        "home": ["/"],
    }
    print("  limits: engine alone, 2 processes …", file=sys.stderr)
    out["engine"] = engine_alone(queries, seconds=seconds)
    print("  limits: bare Django view, gunicorn 2 workers …", file=sys.stderr)
    with http_paths.gunicorn("bench.bare_app", "/rows/") as server:
        out["bare"] = http_paths.measure(server, ["/rows/"], seconds=seconds, name="bare")
    out["paths"] = {}
    cookie = _workspace_cookie()
    project = _project_path()
    with http_paths.gunicorn("config.wsgi", "/") as server:
        for name, group in paths.items():
            print(f"  {name}, gunicorn 2 workers, wrk -c16 …", file=sys.stderr)
            # As configured means the caches' steady state: a first pass lets each worker meet
            # each of the 200 paths (the page cache is per worker without Redis), so that the
            # figure does not depend on how many first visits fit in the run. What a first visit
            # costs is the caches-off row below.
            http_paths.measure(server, group, seconds=WARM_PASS_SECONDS, name=name)
            out["paths"][name] = http_paths.measure(server, group, seconds=seconds, name=name)
        out["rss_mb_per_worker"] = http_paths.rss_mb(server.workers)
    # The same paths with the page and search caches off: what a request costs when it is built
    # (the 200 queries and 200 standards above repeat within a run, so most are cache hits).
    uncached = {"PAGE_CACHE_SECONDS": "0", "SEARCH_CACHE_ENTRIES": "0"}
    out["paths_uncached"] = {}
    with http_paths.gunicorn("config.wsgi", "/", env=uncached) as server:
        for name, group in paths.items():
            print(f"  {name}, caches off, wrk -c16 …", file=sys.stderr)
            out["paths_uncached"][name] = http_paths.measure(
                server, group, seconds=seconds, name=name
            )
        # 50 users on public pages that are built for each of them: what first visits cost under
        # load (a catalog of a million pages is mostly visited once per cache lifetime).
        out["under_load_built"] = []
        for label, group in (
            ("home", ["/"]),
            ("search page", paths["search_page"]),
            ("detail", paths["detail"]),
        ):
            print(f"  {label}, 50 clients, users, caches off …", file=sys.stderr)
            row = http_paths.measure(
                server, group, seconds=10, connections=50, name="load", think_ms=1000
            )
            out["under_load_built"].append(
                {"page": label, "url": group[0], "model": "users, 1 s think, caches off", **row}
            )
    with http_paths.gunicorn("config.wsgi", "/") as server:
        pages = [
            ("home", ["/"], None),
            ("search page", paths["search_page"], None),
            ("detail", paths["detail"], None),
            ("workspace (enterprise, signed in)", ["/workspace/"], cookie),
        ]
        if project:
            pages.append(("local-standard project", [project], None))
        out["under_load"] = []
        # Two models of 50 clients: users who read each page for a while (a random 0–2 s, mean
        # 1 s, between requests: what 50 people using the site at once send), and 50 connections
        # sending back to back (saturation: p95 is then 50 / throughput, a capacity figure).
        for model, think_ms, seconds in (("users, 1 s think", 1000, 10), ("back to back", 0, 5)):
            for label, group, headers in pages:
                print(f"  {label}, 50 clients, {model} …", file=sys.stderr)
                # The same steady state as above: a pass over all of the page's paths first (the
                # search and standard pages are 200 each; the page cache keeps a page 30 s per
                # worker), else the run measures the first visits of the paths not yet met.
                http_paths.measure(
                    server, group, seconds=WARM_PASS_SECONDS, headers=headers, name="load"
                )
                row = http_paths.measure(
                    server,
                    group,
                    seconds=seconds,
                    connections=50,
                    headers=headers,
                    name="load",
                    think_ms=think_ms,
                )
                out["under_load"].append({"page": label, "url": group[0], "model": model, **row})
    api, engine, bare = out["paths"]["api"], out["engine"], out["bare"]
    limit = engine["cpu_ms_per_query"] + bare["cpu_ms_per_request"]
    out["api_cpu_ratio_to_limit"] = round(api["cpu_ms_per_request"] / limit, 2) if limit else None
    built = out["paths_uncached"]["api"]["cpu_ms_per_request"]
    out["api_uncached_cpu_ratio_to_limit"] = round(built / limit, 2) if limit else None
    # The figures the earlier reports named, kept for comparison.
    out["throughput_rps"] = api["rps"]
    out["throughput_errors"] = api["errors"]
    out["worker_cpu_ms_per_request"] = api["cpu_ms_per_request"]
    out["capacity_rps_2_cores"] = round(2000 / max(api["cpu_ms_per_request"], 0.01))
    out["load_generator"] = "wrk -t2 -c16 (gunicorn's sync workers close each connection)"


def validity(out: dict) -> None:
    from bench.validity_only import mixed_lines
    from catalog.models import Standard

    keys = list(Standard.objects.order_by("?").values_list("code", "base_key")[:9_000])
    lines = mixed_lines(keys, random.Random(3))
    # Timed in a process started as a web worker is (bench/validity_only.first_check): every code
    # parsed anew, then again with the parses cached.
    path = WORK / "validity-lines.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    timed = subprocess.run(
        [sys.executable, "-m", "bench.validity_only", "--lines", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    out.update(json.loads(timed.stdout.strip().splitlines()[-1]))
    # Baseline: one ORM lookup per line, what a naive implementation does.
    from catalog.codes import InvalidStandardCode, parse_code

    started = time.perf_counter()
    for text in lines[:1_000]:
        try:
            key = parse_code(text).key
        except InvalidStandardCode:
            continue
        Standard.objects.public().filter(code_key=key).first()
    out["validity_naive_10k_s"] = round((time.perf_counter() - started) * 10, 2)


def _db_mb() -> float:
    from django.db import connection

    if connection.vendor == "sqlite":
        return round(Path(connection.settings_dict["NAME"]).stat().st_size / 1e6, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(cursor.fetchone()[0] / 1e6, 1)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def run_size(size: int, *, keep: bool) -> None:
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from catalog.models import Standard
    from catalog.search import index

    WORK.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages' manifest
    out: dict = {
        "size": size,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "database": connection.vendor,
        "load": {},
    }
    print(f"== {size:,} standards, {connection.vendor} ==", file=sys.stderr)
    out["load"]["start"] = _load()
    build(size, keep, out)
    out["load"]["after import and index"] = _load()
    out["standards"] = Standard.objects.count()
    out["index_mb"] = round(_dir_size(index.index_dir()) / 1e6, 1)
    out["db_mb"] = _db_mb()
    queries = json.loads((ROOT / "data" / "bench" / "queries.json").read_text(encoding="utf-8"))
    print("  queries through Django …", file=sys.stderr)
    queries_through_django(queries, out)
    out["load"]["after latency"] = _load()
    http_figures(queries, out)
    out["load"]["after HTTP"] = _load()
    print("  validity check …", file=sys.stderr)
    validity(out)
    out["load"]["end"] = _load()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{size}" if connection.vendor == "sqlite" else f"{size}-postgres"
    (RESULTS / f"{stem}.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    (RESULTS / f"{stem}.md").write_text(report(out))
    print(report(out))


def _ratio(base, value) -> str:
    return f"{base / value:.1f}×" if base and value else ""


def _paths_table(r: dict) -> list[str]:
    engine, bare, paths = r["engine"], r["bare"], r["paths"]
    limit = engine["cpu_ms_per_query"] + bare["cpu_ms_per_request"]
    labels = {
        "api": "`GET /api/v1/standards/?q=…` (mixed held-out queries)",
        "search_page": "`GET /standards/?q=…` (HTML search page)",
        "detail": "`GET /standards/<code>/` (200 random standards)",
        "home": "`GET /` (home)",
    }
    lines = [
        "| path | req/s | worker CPU ms/request | × (engine + bare) | errors | load avg |",
        "|---|---|---|---|---|---|",
        f"| the project's index query alone (top 20, exact count, 7 facets; no HTTP),"
        f" {engine['processes']} processes | {engine['qps']} q/s | {engine['cpu_ms_per_query']}"
        " | | | |",
        f"| bare Django JSON view, 20 rows, same gunicorn settings | {bare['rps']}"
        f" | {bare['cpu_ms_per_request']} | | {bare['errors']} | {bare['load_1m']} |",
    ]
    groups = [("", paths), (", caches off", r.get("paths_uncached") or {})]
    for suffix, group in groups:
        for name, label in labels.items():
            p = group.get(name)
            if p is None:
                continue
            ratio = f"{p['cpu_ms_per_request'] / limit:.1f}×" if limit else ""
            lines.append(
                f"| {label}{suffix} | {p['rps']} | {p['cpu_ms_per_request']} | {ratio}"
                f" | {p['errors']} | {p['load_1m']} |"
            )
    return lines


def _load_table(r: dict) -> list[str]:
    lines = [
        "| page (50 clients) | clients | req/s | p50 ms | p95 ms | p99 ms | errors"
        " | worker CPU ms/request | p95 ≤ 50 ms | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for p in [*r["under_load"], *r.get("under_load_built", [])]:
        ok = "yes" if p["p95_ms"] <= 50 and not p["errors"] else "**no**"
        lines.append(
            f"| {p['page']} | {p.get('model', 'back to back')} | {p['rps']} | {p['p50_ms']}"
            f" | {p['p95_ms']} | {p['p99_ms']} | {p['errors']} | {p['cpu_ms_per_request']}"
            f" | {ok} | {p['load_1m']} |"
        )
    return lines


def report(r: dict) -> str:
    facet = r.get("facet_cost_ms") or {}
    demo = r.get("demo_standards")
    lines = [
        f"# Search benchmark: {r['size']:,} standards ({r['date']}, {r['cpus']} CPUs,"
        f" {r['database']})",
        "",
        "Synthetic standards imported through the real services"
        + (f", after the demo data ({demo:,} standards, its users and projects)" if demo else "")
        + ". Latency through Django's test client; HTTP figures through gunicorn (2 sync"
        " workers, loopback) driven by wrk, each with the limits measured in the same run:"
        " the project's index query alone (search caches off) and a bare Django view"
        " (bench/bare_app.py). The product's paths are measured as configured (page and"
        f" search caches on, after a first pass of {WARM_PASS_SECONDS:.0f} s over the same paths"
        " so that each worker has met each of the 200 queries and 200 standards: the caches'"
        " steady state) and again with both caches off (what a first visit costs). The"
        " machine is shared: worker CPU per request (from the workers' /proc ticks) is steadier"
        " than req/s; the load average is given beside each figure.",
        "",
        "Load average (1, 5, 15 min): "
        + "; ".join(f"{k}: {v}" for k, v in (r.get("load") or {}).items()),
        "",
        f"- import {r.get('import_s')} s + index {r.get('index_s')} s"
        f" = {round((r.get('import_s') or 0) + (r.get('index_s') or 0), 1)} s"
        f" (synthetic rows generated in {r.get('synth_s')} s, not counted"
        + (
            f"; the import includes {r['vacuum_s']} s of VACUUM (ANALYZE), which autovacuum"
            f" (here: {r.get('pg_autovacuum')}) would run after it in production"
            if r.get("vacuum_s") is not None
            else ""
        )
        + ");"
        f" index {r['index_mb']} MB, database {r['db_mb']} MB"
        + (f" ({r['import_note']})" if r.get("import_note") else ""),
        f"- recall (Chinese words and codes, against the scan): {r['recall']}"
        + (f" — misses: {', '.join(r['recall_misses'])}" if r["recall_misses"] else ""),
        f"- facet cost (7 facets): mean {facet.get('mean')} ms, median {facet.get('median')} ms;"
        f" p95 of the engine call {facet.get('p95_without')} ms without,"
        f" {facet.get('p95_with')} ms with",
        f"- search API, 2 workers: {r['throughput_rps']} req/s ({r['throughput_errors']} errors,"
        f" {r.get('load_generator')}); worker CPU {r.get('worker_cpu_ms_per_request')} ms/request"
        f" → capacity ≈ {r.get('capacity_rps_2_cores')} req/s on 2 free cores"
        f" ({r.get('api_cpu_ratio_to_limit')}× engine + bare framework; caches off"
        f" {r.get('api_uncached_cpu_ratio_to_limit')}×);"
        f" RSS per worker: {r['rss_mb_per_worker']} MB",
        f"- validity check of 10,000 codes: {r['validity_10k_s']} s cold, the first in a process"
        f" started as a web worker (CPU {r.get('validity_10k_cpu_s')} s;"
        f" {r.get('validity_10k_again_s')} s again with parses cached;"
        f" {r['validity_found']} found); one lookup per line: ≈ {r.get('validity_naive_10k_s')} s"
        f" ({_ratio(r.get('validity_naive_10k_s'), r['validity_10k_s'])})",
        "",
        "## Paths and their limits",
        "",
        *_paths_table(r),
        "",
        "## Pages under load: 50 concurrent clients, target p95 ≤ 50 ms and no errors",
        "",
        "Search and standard pages over the same 200 paths as above; each row after a first pass"
        f" of {WARM_PASS_SECONDS:.0f} s over its page's paths (the caches' steady state), and the"
        " public pages again with the page and search caches off (every visit a first one).",
        "",
        *_load_table(r),
        "",
        "## Search latency through Django (search caches off), against a scan of the database",
        "",
        "| class | n | p50 ms | p95 ms | p99 ms | scan p50 ms | scan p95 ms | p95 scan/index |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cat, v in r["latency_ms"].items():
        b = r["brute_force_ms"].get(cat, {})
        lines.append(
            f"| {cat} | {v['n']} | {v['p50']} | {v['p95']} | {v['p99']} | {b.get('p50', '')}"
            f" | {b.get('p95', '')} | {_ratio(b.get('p95'), v['p95'])} |"
        )
    return "\n".join(lines) + "\n"
