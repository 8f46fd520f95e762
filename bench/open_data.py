"""The open data export at one catalog size: builds the catalog (import service, no search index)
unless it exists, then runs `open_data_export` in a fresh process and reports seconds, peak RSS
and the files' sizes. Constant memory shows as the same peak RSS at every size.

    DEMO_MODE=1 python -m bench.open_data 100000

The database is var/bench/bench-<size>.sqlite3, the one `make bench` uses (reused when it has
the rows); the export goes to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"


def _setup(size: int) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / f'bench-{size}.sqlite3'}")
    os.environ.setdefault("SEARCH_INDEX_DIR", str(WORK / f"index-{size}"))
    os.environ.setdefault("SEARCH_INDEXER", "worker")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build(size: int) -> None:
    import itertools

    from django.core.management import call_command

    from bench import synth
    from catalog import services
    from catalog.models import Standard

    call_command("migrate", verbosity=0)
    if Standard.objects.count() >= size:
        return
    call_command("flush", "--noinput", verbosity=0)
    rows = synth.generate(size)
    done = 0
    while batch := list(itertools.islice(rows, 50_000)):
        services.standards_import(batch, actor=None, source="bench", chunk_size=5_000)
        done += len(batch)
        print(f"  imported {done:,}", file=sys.stderr)


def _status(name: str) -> int:
    """A /proc/self/status figure in kB (VmRSS: now; VmHWM: the peak since the last reset)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def export() -> dict:
    """In this process: one export, timed, with the resident memory before it and its peak
    (the high-water mark is reset first, so start-up's peak does not count)."""
    from opendata.services import open_data_export

    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _status("VmRSS")
    with tempfile.TemporaryDirectory(prefix="open-data-bench-") as folder:
        started, cpu = time.perf_counter(), time.process_time()
        result = open_data_export(directory=folder)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        files = {f["name"]: (f["rows"], f["bytes"]) for f in result.manifest["files"]}
    peak = _status("VmHWM")
    return {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "rss_before_mb": round(before / 1024),
        "peak_rss_mb": round(peak / 1024),
        "files": files,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup(args.size)
    if args.child:
        print(json.dumps(export()))
        return
    build(args.size)
    # The export in a fresh process: its peak RSS is the export's, not the import's.
    out = subprocess.run(
        [sys.executable, "-m", "bench.open_data", str(args.size), "--child"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    rows = result["files"]["standards.csv.gz"][0]
    sizes = ", ".join(f"{n} {b / 1024 / 1024:.1f} MB" for n, (_r, b) in result["files"].items())
    print(
        f"{args.size:,} standards ({rows:,} exported): {result['seconds']} s"
        f" (CPU {result['cpu_seconds']} s), peak RSS {result['peak_rss_mb']} MB"
        f" (before the export {result['rss_before_mb']} MB); {sizes}"
    )


if __name__ == "__main__":
    main()
