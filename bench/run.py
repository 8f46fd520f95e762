"""`make bench`: build synthetic catalogs, import them through the real services, and measure
search through Django (the test client and gunicorn with 2 workers) against a brute-force
database scan, with the limits beside the figures (the engine alone, a bare Django view).
Results: bench/results/<size>.md and .json (SQLite), <size>-postgres.md and .json.

    python -m bench.run [--sizes 100000,1000000] [--db sqlite|postgres|both] [--keep]

Each size and database in its own process, with a database of its own: var/bench/bench-<size>
.sqlite3, or `bench_<size>` on the PostgreSQL server of BENCH_POSTGRES (default
postgres://postgres@127.0.0.1:5432, trust auth), created for the run and dropped after it
unless --keep. No other database on the server is touched.
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
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _postgres(sql: str) -> None:
    """A statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _postgres_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def _database(size: int, db: str, keep: bool) -> str:
    """The run's own database URL, fresh unless --keep finds one."""
    if db == "sqlite":
        path = WORK / f"bench-{size}.sqlite3"
        if not keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = f"bench_{size}"
    if not (keep and _postgres_exists(name)):
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--keep", action="store_true", help="reuse an existing catalog, and keep it after"
    )
    args = parser.parse_args()
    if args.one:
        from bench.measure import run_size

        run_size(args.one, keep=args.keep)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for size in [int(s) for s in args.sizes.split(",") if s]:
        for db in databases:
            tag = f"{size}" if db == "sqlite" else f"{size}-{db}"
            env = {
                **os.environ,
                "DEMO_MODE": "1",
                "DATABASE_URL": _database(size, db, args.keep),
                "SEARCH_INDEX_DIR": str(WORK / f"index-{tag}"),
                "MEDIA_ROOT": str(WORK / f"media-{tag}"),
                "SEARCH_INDEXER": "worker",
                "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
                "API_ANON_RATE": "100000000/minute",
                "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                "DJANGO_SETTINGS_MODULE": "config.settings",
            }
            cmd = [sys.executable, "-m", "bench.run", "--one", str(size)]
            try:
                subprocess.run(
                    cmd + (["--keep"] if args.keep else []), env=env, check=True, cwd=ROOT
                )
            finally:
                if db == "postgres" and not args.keep:
                    _postgres(f'DROP DATABASE IF EXISTS "bench_{size}" WITH (FORCE)')


if __name__ == "__main__":
    main()
