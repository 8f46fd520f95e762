"""`make bench`: build synthetic catalogs, import them through the real services, and measure
search through Django (the test client and gunicorn with 2 workers) against a brute-force
database scan. Results: bench/results/<size>.md and .json.

    python -m bench.run [--sizes 100000,1000000] [--keep]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="reuse an existing catalog")
    args = parser.parse_args()
    if args.one:
        from bench.measure import run_size

        run_size(args.one, keep=args.keep)
        return
    for size in [int(s) for s in args.sizes.split(",") if s]:
        # Each size in its own process: its own database and index directory.
        env = {
            **os.environ,
            "DEMO_MODE": "1",
            "DATABASE_URL": f"sqlite:///{WORK / f'bench-{size}.sqlite3'}",
            "SEARCH_INDEX_DIR": str(WORK / f"index-{size}"),
            "SEARCH_INDEXER": "worker",
            "API_ANON_RATE": "100000000/minute",
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        cmd = [sys.executable, "-m", "bench.run", "--one", str(size)]
        subprocess.run(cmd + (["--keep"] if args.keep else []), env=env, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
