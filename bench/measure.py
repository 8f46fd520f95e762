"""One catalog size, measured end to end (run by bench.run in its own process)."""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
import os
import random
import re
import shutil
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
    out["import_s"] = round(importing, 1)
    out["synth_s"] = round(generating, 1)
    started = time.perf_counter()
    indexer.rebuild(threads=2, processes=2)
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
        workers = _children(proc.pid)
        cpu_before = _cpu_ticks(workers)
        wrk = shutil.which("wrk")
        if wrk:
            rps, requests, errors_ = _wrk(wrk, port, paths, seconds)
            out["load_generator"] = "wrk -t2 -c8 (keep-alive; gunicorn sync closes each)"
            out["throughput_rps"] = rps
            out["throughput_errors"] = errors_
        else:
            requests = _python_load(port, paths, seconds, threads, out)
            out["load_generator"] = f"python, {threads} threads"
        ticks = _cpu_ticks(workers) - cpu_before
        hz = os.sysconf("SC_CLK_TCK")
        out["worker_cpu_ms_per_request"] = round(ticks / hz * 1000 / max(requests, 1), 2)
        # What 2 workers could serve with 2 cores to themselves (the machine is shared).
        out["capacity_rps_2_cores"] = round(2000 / max(out["worker_cpu_ms_per_request"], 0.01))
        rss = []
        for pid in workers:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss.append(int(line.split()[1]) // 1024)
        out["rss_mb_per_worker"] = rss
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def _children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def _cpu_ticks(pids: list[str]) -> int:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def _wrk(wrk: str, port: int, paths: list[str], seconds: float) -> tuple[float, int, int]:
    script = WORK / "wrk-paths.lua"
    script.write_text(
        "paths = {"
        + ",".join(json.dumps(p) for p in paths)
        + "}\ncounter = 0\nrequest = function()\n  counter = counter + 1\n"
        + "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
    )
    result = subprocess.run(
        [wrk, "-t2", "-c8", f"-d{int(seconds)}s", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    )
    text = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", text)[1])
    requests = int(re.search(r"([0-9]+) requests in", text)[1])
    bad = re.search(r"Non-2xx or 3xx responses:\s+([0-9]+)", text)
    return round(rps, 1), requests, int(bad[1]) if bad else 0


def _python_load(port: int, paths: list[str], seconds: float, threads: int, out: dict) -> int:
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
    return sum(counts)


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
    v.check([f"GB/T {80000 + i}-2020" for i in range(100)])  # warm the code path, not these lines
    v._parse.cache_clear()
    started = time.perf_counter()
    results = v.check(lines)
    out["validity_10k_s"] = round(time.perf_counter() - started, 3)  # every code parsed anew
    started = time.perf_counter()
    v.check(lines)
    out["validity_10k_again_s"] = round(time.perf_counter() - started, 3)  # parses cached
    out["validity_found"] = sum(1 for r in results if r.found)
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


def _ratio(base, value) -> str:
    return f"{base / value:.1f}×" if base and value else ""


def report(r: dict) -> str:
    facet = r.get("facet_cost_ms") or {}
    lines = [
        f"# Search benchmark: {r['size']:,} standards ({r['date']}, {r['cpus']} CPUs, {r['database']})",
        "",
        "Measured through Django (test client for latency; gunicorn, 2 workers, loopback for",
        "throughput). Each request: top 20, exact count, 7 facets. Baseline: brute-force scan of the",
        "database (recall reference too). The machine is shared: `worker CPU per request` and the",
        "capacity derived from it are steadier than wall-clock req/s when other work runs.",
        "",
        f"- import {r.get('import_s')} s + index {r.get('index_s')} s"
        f" = {round((r.get('import_s') or 0) + (r.get('index_s') or 0), 1)} s"
        f" (synthetic rows generated in {r.get('synth_s')} s, not counted);"
        f" index {r['index_mb']} MB, database {r['db_mb']} MB",
        f"- recall (Chinese words and codes, against the scan): {r['recall']}"
        + (f" — misses: {', '.join(r['recall_misses'])}" if r["recall_misses"] else ""),
        f"- facet cost (7 facets): mean {facet.get('mean')} ms, median {facet.get('median')} ms;"
        f" p95 of the engine call {facet.get('p95_without')} ms without, {facet.get('p95_with')} ms with",
        f"- throughput, 2 workers: {r['throughput_rps']} req/s ({r['throughput_errors']} errors,"
        f" {r.get('load_generator')}); worker CPU {r.get('worker_cpu_ms_per_request')} ms/request"
        f" → capacity ≈ {r.get('capacity_rps_2_cores')} req/s on 2 free cores;"
        f" RSS per worker: {r['rss_mb_per_worker']} MB",
        f"- validity check of 10,000 codes: {r['validity_10k_s']} s"
        f" ({r.get('validity_10k_again_s')} s again with parses cached; {r['validity_found']} found);"
        f" one lookup per line: ≈ {r.get('validity_naive_10k_s')} s"
        f" ({_ratio(r.get('validity_naive_10k_s'), r['validity_10k_s'])})",
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
