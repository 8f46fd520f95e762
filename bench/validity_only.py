"""Only the validity check, at one catalog size: builds the catalog (import service, no search
index) unless it exists, then times `check` of 10,000 codes, 5 runs, median.

    DEMO_MODE=1 python -m bench.validity_only 1000000 [--runs 5]

The database is var/bench/bench-<size>.sqlite3, the one `make bench` uses (so `--keep` reuses
it). The 10,000 lines are built like bench.measure.validity (40% lower case, 40% without spaces,
20% without year, 500 unknown, 500 invalid), from a seeded sample of ids rather than
`order_by("?")`, so runs compare the same lines.

`make bench` times its check here too, in a process of its own started as a web worker starts
(config.wsgi), not in the process that imported and indexed the catalog: that process's heap is
not a worker's, and the full garbage collections a 10,000-line check triggers would walk all of it:

    python -m bench.validity_only --lines FILE   (DATABASE_URL from the environment; prints JSON)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"


def lines_for(n: int = 9_000) -> list[str]:
    from catalog.models import Standard

    rng = random.Random(3)
    top = Standard.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), min(top, n * 2))
    found = dict(Standard.objects.filter(id__in=ids).values_list("id", "code"))
    bases = dict(Standard.objects.filter(id__in=ids).values_list("id", "base_key"))
    picked = [i for i in ids if i in found][:n]
    return mixed_lines([(found[i], bases[i]) for i in picked], rng)


def mixed_lines(codes: list[tuple[str, str]], rng: random.Random) -> list[str]:
    """A list as people paste it, from (code, base key) pairs: 40% in lower case, 40% without
    spaces, 20% without year; then 500 unknown codes and 500 lines that are not codes."""
    lines = []
    for code, base in codes:
        r = rng.random()
        lines.append(code.lower() if r < 0.4 else code.replace(" ", "") if r < 0.8 else base)
    return lines + [f"GB/T {90000 + i}-2020" for i in range(500)] + [f"垃圾{i}" for i in range(500)]


def first_check(lines: list[str]) -> dict:
    """The check of `lines` in this process as a web worker starts it (config.wsgi), after one
    check of other codes (the code path and the connection warm, no parse of these lines cached):
    the first time, then again with the parses cached."""
    import importlib

    importlib.import_module("config.wsgi")  # Django set up as a worker is: the same GC state
    from catalog import validity as v

    v.check([f"GB/T {80000 + i}-2020" for i in range(100)])
    started, cpu_started = time.perf_counter(), time.process_time()
    results = v.check(lines)
    out = {
        "validity_10k_s": round(time.perf_counter() - started, 3),
        "validity_10k_cpu_s": round(time.process_time() - cpu_started, 3),
    }
    started = time.perf_counter()
    v.check(lines)
    out["validity_10k_again_s"] = round(time.perf_counter() - started, 3)
    out["validity_found"] = sum(1 for r in results if r.found)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int, nargs="?")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--lines", type=Path, help="time one check of these lines (JSON out)")
    args = parser.parse_args()
    if args.lines:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        lines = args.lines.read_text(encoding="utf-8").split("\n")
        print(json.dumps(first_check(lines)))
        return
    if args.size is None:
        parser.error("the catalog size is needed (or --lines)")
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / f'bench-{args.size}.sqlite3'}")
    os.environ.setdefault("SEARCH_INDEX_DIR", str(WORK / f"index-{args.size}"))
    os.environ.setdefault("SEARCH_INDEXER", "worker")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from bench import synth
    from catalog import services
    from catalog.models import Standard

    call_command("migrate", verbosity=0)
    if Standard.objects.count() < args.size:
        import itertools

        call_command("flush", "--noinput", verbosity=0)
        rows = synth.generate(args.size)
        done = 0
        while batch := list(itertools.islice(rows, 50_000)):
            services.standards_import(batch, actor=None, source="bench", chunk_size=5_000)
            done += len(batch)
            print(f"  imported {done:,}", file=sys.stderr)
    if args.build_only:
        return
    from catalog import validity as v

    lines = lines_for()
    v.check([f"GB/T {80000 + i}-2020" for i in range(100)])  # warm the code path
    cold, warm, cpu = [], [], []
    for _ in range(args.runs):
        v._parse.cache_clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        results = v.check(lines)
        cold.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        started = time.perf_counter()
        v.check(lines)
        warm.append(time.perf_counter() - started)
    found = sum(1 for r in results if r.found)
    print(
        f"{args.size:,} standards, {len(lines):,} lines, {found:,} found:"
        f" median {statistics.median(cold):.3f} s (CPU {statistics.median(cpu):.3f} s;"
        f" parses cached {statistics.median(warm):.3f} s);"
        f" runs {[round(t, 3) for t in cold]}"
    )


if __name__ == "__main__":
    main()
