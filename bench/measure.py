"""One catalog size, measured end to end (run by bench.run in its own process)."""

from __future__ import annotations

import datetime
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
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
    from django.core.management import call_command

    from bench import synth
    from catalog import services
    from catalog.models import Standard
    from catalog.search import indexer

    if keep and Standard.objects.count() >= size:
        out["import_s"] = out["index_s"] = None
        return
    call_command("flush", "--noinput", verbosity=0)
    started = time.perf_counter()
    batch: list[dict] = []
    done = 0
    for row in synth.generate(size):
        batch.append(row)
        if len(batch) == IMPORT_BATCH:
            services.standards_import(batch, actor=None, source="bench", chunk_size=5_000)
            done += len(batch)
            batch = []
            print(f"  imported {done:,}", file=sys.stderr)
    if batch:
        services.standards_import(batch, actor=None, source="bench", chunk_size=5_000)
    out["import_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    indexer.rebuild(threads=2, processes=2)
    out["index_s"] = round(time.perf_counter() - started, 1)


def brute_force(q: dict):
    """The database scan the index replaces: every word (AND) as a substring of the title, or
    the normalized code as a substring of the key."""
    from django.db.models import Q

    from catalog.codes import code_search_key
    from catalog.models import Standard

    qs = Standard.objects.public()
    if q["cat"] == "number":
        qs = qs.filter(code_key__contains=code_search_key(q["q"]))
    elif q["cat"] == "english":
        qs = qs.filter(Q(title_en__icontains=q["q"]) | Q(title__icontains=q["q"]))
    else:
        for term in q["terms"]:
            qs = qs.filter(title__contains=term)
    started = time.perf_counter()
    ids = set(qs.values_list("id", flat=True))
    return ids, time.perf_counter() - started


def queries_through_django(queries: list[dict], out: dict) -> None:
    from django.test import Client

    from catalog.search import query as search_query

    client = Client()
    for q in queries:  # warm the page cache and the readers
        client.get("/api/v1/standards/", {"q": q["q"]})
    lat: dict[str, list[float]] = {}
    recall_found = recall_total = 0
    recall_misses: list[str] = []
    brute: dict[str, list[float]] = {}
    facet_on, facet_off = [], []
    for q in queries:
        for _ in range(3):
            started = time.perf_counter()
            response = client.get("/api/v1/standards/", {"q": q["q"], "page_size": 20})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.content[:300]
            lat.setdefault(q["cat"], []).append(elapsed * 1000)
            lat.setdefault("all", []).append(elapsed * 1000)
        count = response.json()["count"]
        req = search_query.SearchRequest(q=q["q"], limit=max(count, 1), facets=False)
        started = time.perf_counter()
        found = set(search_query.search(req).ids)
        facet_off.append(time.perf_counter() - started)
        started = time.perf_counter()
        search_query.search(search_query.SearchRequest(q=q["q"], limit=20, facets=True))
        facet_on.append(time.perf_counter() - started)
        expected, brute_s = brute_force(q)
        brute.setdefault(q["cat"], []).append(brute_s * 1000)
        brute.setdefault("all", []).append(brute_s * 1000)
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
    out["facet_cost_ms_mean"] = round(
        (statistics.mean(facet_on) - statistics.mean(facet_off)) * 1000, 2
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(queries: list[dict], out: dict, seconds: float = 10.0, threads: int = 6) -> None:
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        paths = [
            "/api/v1/standards/?" + urllib.parse.urlencode({"q": q["q"], "page_size": 20})
            for q in queries
        ]
        for _ in range(100):
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", paths[0], headers={"Host": "localhost"})
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        for path in paths:  # warm both workers
            for _ in range(2):
                conn = HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", path, headers={"Host": "localhost"})
                conn.getresponse().read()
        counts = [0] * threads
        errors = [0] * threads
        stop = time.perf_counter() + seconds

        def worker(i: int) -> None:
            rng = random.Random(i)
            while time.perf_counter() < stop:
                conn = HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", rng.choice(paths), headers={"Host": "localhost"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1

        pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        started = time.perf_counter()
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        elapsed = time.perf_counter() - started
        out["throughput_rps"] = round(sum(counts) / elapsed, 1)
        out["throughput_errors"] = sum(errors)
        children = (
            Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
            if Path(f"/proc/{proc.pid}/task/{proc.pid}/children").exists()
            else []
        )
        rss = []
        for pid in children:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss.append(int(line.split()[1]) // 1024)
        out["rss_mb_per_worker"] = rss
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def validity(out: dict) -> None:
    from catalog import validity as v
    from catalog.models import Standard

    rng = random.Random(3)
    keys = list(Standard.objects.order_by("?").values_list("code", "base_key")[:9_000])
    lines = []
    for code, base in keys:
        r = rng.random()
        lines.append(code.lower() if r < 0.4 else code.replace(" ", "") if r < 0.8 else base)
    lines += [f"GB/T {90000 + i}-2020" for i in range(500)] + [f"垃圾{i}" for i in range(500)]
    v.check(lines[:100])
    started = time.perf_counter()
    results = v.check(lines)
    out["validity_10k_s"] = round(time.perf_counter() - started, 3)
    out["validity_found"] = sum(1 for r in results if r.found)


def run_size(size: int, *, keep: bool) -> None:
    django.setup()
    from django.core.management import call_command

    from catalog.models import Standard
    from catalog.search import index

    WORK.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    out: dict = {
        "size": size,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "database": "sqlite",
    }
    print(f"== {size:,} standards ==", file=sys.stderr)
    build(size, keep, out)
    out["standards"] = Standard.objects.count()
    out["index_mb"] = round(_dir_size(index.index_dir()) / 1e6, 1)
    out["db_mb"] = round(
        Path(os.environ["DATABASE_URL"].removeprefix("sqlite:///")).stat().st_size / 1e6, 1
    )
    queries = json.loads((ROOT / "data" / "bench" / "queries.json").read_text(encoding="utf-8"))
    print("  queries through Django …", file=sys.stderr)
    queries_through_django(queries, out)
    print("  throughput with gunicorn, 2 workers …", file=sys.stderr)
    throughput(queries, out)
    print("  validity check …", file=sys.stderr)
    validity(out)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{size}.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    (RESULTS / f"{size}.md").write_text(report(out))
    print(report(out))


def report(r: dict) -> str:
    lines = [
        f"# Search benchmark: {r['size']:,} standards ({r['date']}, {r['cpus']} CPUs, {r['database']})",
        "",
        "Measured through Django (test client for latency; gunicorn, 2 workers, loopback for throughput).",
        "Each request: top 20, exact count, 7 facets. Baseline: brute-force scan of the database.",
        "",
        f"- import {r.get('import_s')} s, index {r.get('index_s')} s; index {r['index_mb']} MB, database {r['db_mb']} MB",
        f"- recall (Chinese words and codes, against the scan): {r['recall']}"
        + (f" — misses: {', '.join(r['recall_misses'])}" if r["recall_misses"] else ""),
        f"- facet cost (7 facets, mean): {r['facet_cost_ms_mean']} ms",
        f"- throughput, 2 workers: {r['throughput_rps']} req/s ({r['throughput_errors']} errors); RSS per worker: {r['rss_mb_per_worker']} MB",
        f"- validity check of 10,000 codes: {r['validity_10k_s']} s ({r['validity_found']} found)",
        "",
        "| class | n | p50 ms | p95 ms | p99 ms | scan p50 ms | scan p95 ms | p95 ratio scan/index |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cat, v in r["latency_ms"].items():
        b = r["brute_force_ms"].get(cat, {})
        ratio = round(b["p95"] / v["p95"], 1) if b and v["p95"] else ""
        lines.append(
            f"| {cat} | {v['n']} | {v['p50']} | {v['p95']} | {v['p99']} | {b.get('p50', '')} | {b.get('p95', '')} | {ratio} |"
        )
    return "\n".join(lines) + "\n"
