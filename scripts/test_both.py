"""The whole suite on SQLite and on PostgreSQL at once, one pytest process each (`make test` with
TEST_DATABASE_URL set): on two cores the pair takes about as long as the longer one alone, not
the sum. Each run has its own uploads and open-data folders (the search index is per process
already) and writes its output to its own log, printed when both have finished, SQLite's first;
the exit status is non-zero when either failed.

    python scripts/test_both.py [pytest arguments]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "var" / "test-logs"
HEARTBEAT_SECONDS = 120
PERCENT = re.compile(r"\[ *(\d+)%\]")


def start(name: str, database_url: str, args: list[str], scratch: Path):
    log = (LOGS / f"{name}.log").open("w", encoding="utf-8")
    env = {
        **os.environ,
        "TESTING": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(scratch / name / "media"),
        "OPEN_DATA_ROOT": str(scratch / name / "open-data"),
    }
    proc = subprocess.Popen(  # noqa: S603 (this interpreter, pytest and the caller's arguments)
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return proc, log


def _progress(runs: dict, codes: dict, started: float) -> str:
    """One line for the console while both run (a quiet console could pass for a hung one)."""
    parts = []
    for name in runs:
        if name in codes:
            parts.append(f"{name} done (exit {codes[name]})")
            continue
        tail = (LOGS / f"{name}.log").read_bytes()[-400:].decode("utf-8", "replace")
        percents = PERCENT.findall(tail)
        parts.append(f"{name} {percents[-1]}%" if percents else f"{name} collecting")
    return f"[{int(time.monotonic() - started) // 60} min] " + " · ".join(parts)


def main() -> int:
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    if not postgres:
        print("TEST_DATABASE_URL is not set", file=sys.stderr)
        return 2
    args = sys.argv[1:]
    LOGS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="test-both-") as scratch:
        runs = {
            "sqlite": start("sqlite", "", args, Path(scratch)),
            "postgresql": start("postgresql", postgres, args, Path(scratch)),
        }
        print(f"== test suites on SQLite and on PostgreSQL ({postgres}), side by side ==")
        print(f"   logs: {LOGS}/sqlite.log, {LOGS}/postgresql.log", flush=True)
        codes = {}
        next_beat = started + HEARTBEAT_SECONDS
        while len(codes) < len(runs):
            time.sleep(1)
            for name, (proc, log) in runs.items():
                if name not in codes and proc.poll() is not None:
                    codes[name] = proc.returncode
                    log.close()
            if time.monotonic() >= next_beat and len(codes) < len(runs):
                next_beat += HEARTBEAT_SECONDS
                print(f"   {_progress(runs, codes, started)}", flush=True)
    for name in runs:
        print(f"\n== test suite on {'SQLite' if name == 'sqlite' else 'PostgreSQL'} ==")
        print((LOGS / f"{name}.log").read_text(encoding="utf-8"), end="", flush=True)
    summary = ", ".join(f"{name} exit {code}" for name, code in codes.items())
    print(f"\n== both suites done in {time.monotonic() - started:.0f} s: {summary} ==")
    return 0 if all(code == 0 for code in codes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
