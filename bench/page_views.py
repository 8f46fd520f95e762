"""Page views through Django on the demo data (issue 10: home, topic, profile, statistics, detail;
issue 13: the enterprise's workspace and a local-standard project page; target p95 ≤ 50 ms).
Run by `make bench` before the search benchmark, or alone:

    python -m bench.page_views [--requests 200] [--fresh]

Builds a demo database of its own under var/bench/ (migrate + load_demo + index, as `make run`),
then requests each page through Django's test client (the whole middleware stack, templates,
database; no network) as the visitor who would open it, and reports wall-clock p50/p95/p99 and
the CPU time per request. The machine's load average is printed beside the figures: on a shared
machine wall-clock percentiles are pessimistic; CPU per request is the steadier figure.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench" / "pages"
TARGET_P95_MS = 50.0


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "DEMO_MODE": "1",
        "DATABASE_URL": f"sqlite:///{WORK / 'demo.sqlite3'}",
        "SEARCH_INDEX_DIR": str(WORK / "index"),
        "MEDIA_ROOT": str(WORK / "media"),
        "SEARCH_INDEXER": "inline",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def prepare(fresh: bool) -> None:
    """The demo database, as `make run` builds it (migrated every run, loaded once)."""
    if fresh and WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo", "--once"],
        ["rebuild_search_index", "--if-empty"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(manage + args, env=_env(), cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def pages() -> list[tuple[str, str, object]]:
    """(label, url, user or None) for the pages the issue names, plus the lists beside them."""
    from accounts.models import User
    from bench.measure import _project_path
    from catalog.models import Standard
    from directory.models import Organization
    from topics.models import Topic

    enterprise = User.objects.get(username="enterprise")
    own = enterprise.organization
    verified = Organization.objects.verified().exclude(pk=own.pk).order_by("pk").first()
    topic = Topic.objects.filter(is_published=True).order_by("order", "pk").first()
    standard = Standard.objects.filter(is_public=True, code__startswith="GB").order_by("pk").first()
    project = _project_path()
    return [
        ("home", "/", None),
        ("topic", topic.get_absolute_url(), None),
        ("profile (own, enterprise)", f"/organizations/{own.pk}/profile/", enterprise),
        ("profile (public)", f"/organizations/{verified.pk}/profile/", None),
        ("statistics", "/statistics/", None),
        ("standard detail", standard.get_absolute_url(), None),
        ("showcase", "/showcase/", None),
        ("search page", "/standards/?q=%E6%A0%87%E5%87%86", None),
        # The two pages of issue 13's load test ("Pages under load") beside the others.
        ("workspace (enterprise)", "/workspace/", enterprise),
        *([("local-standard project", project, None)] if project else []),
    ]


def _queries(client, url: str) -> int:
    """The queries one warm request asks (session and user included)."""
    from django.db import connections

    connection = connections["default"]
    connection.force_debug_cursor = True
    connection.queries_log.clear()
    try:
        client.get(url)
        return len(connection.queries_log)
    finally:
        connection.force_debug_cursor = False


def _timed(client, url: str, requests: int) -> dict:
    """Wall-clock percentiles and CPU per request of `requests` GETs of one URL."""
    walls = []
    cpu_started = time.process_time()
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        walls.append((time.perf_counter() - started) * 1000)
    cpu = (time.process_time() - cpu_started) / requests * 1000
    return {
        "p50_ms": round(statistics.median(walls), 2),
        "p95_ms": round(pct(walls, 95), 2),
        "p99_ms": round(pct(walls, 99), 2),
        "cpu_ms": round(cpu, 2),
    }


def measure(requests: int) -> dict:
    """Each page as served (a stranger's page from the page cache after its first build) and
    as built on every request (PAGE_CACHE_SECONDS=0: a first visit, a signed-in user)."""
    import django

    django.setup()
    from django.test import Client, override_settings

    rows = []
    for label, url, user in pages():
        client = Client(HTTP_HOST="127.0.0.1")
        if user is not None:
            client.force_login(user)
        with override_settings(PAGE_CACHE_SECONDS=0):
            for _ in range(5):  # warm: templates compiled, caches filled as in a running worker
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            queries = _queries(client, url)
            built = _timed(client, url, requests)
        client.get(url)  # the first build the page cache keeps
        served = _timed(client, url, requests)
        rows.append({"page": label, "url": url, **served, "queries": queries, "built": built})
        print(
            f"  {label}: p95 {served['p95_ms']} ms as served, {built['p95_ms']} ms built "
            f"(CPU {built['cpu_ms']} ms, {queries} queries)",
            file=sys.stderr,
        )
    return {"rows": rows}


def report(result: dict) -> str:
    lines = [
        f"# Page views through Django on the demo data ({result['at']}, {os.cpu_count()} CPUs, sqlite)",
        "",
        f"{result['requests']} requests per page through the test client after 5 warm-up requests "
        f"(whole middleware stack and templates, no network); target p95 ≤ {TARGET_P95_MS:.0f} ms. "
        f"Load average before / after: {result['load_before']} / {result['load_after']} "
        "(on a shared machine wall-clock percentiles are pessimistic; CPU per request is steadier).",
        "",
        "Two figures per page: **as served** (a stranger's page comes from the page cache once "
        "built, `PAGE_CACHE_SECONDS`; a signed-in user's page is always built) and **built** "
        "(the page cache off: what a first visit or a signed-in user costs). The target is "
        "judged on the built figure.",
        "",
        "| page | as served p50 / p95 ms | as served CPU ms | built p50 ms | built p95 ms "
        "| built p99 ms | built CPU ms/request | queries | built p95 ≤ 50 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        b = r["built"]
        ok = "yes" if b["p95_ms"] <= TARGET_P95_MS else "**no**"
        lines.append(
            f"| {r['page']} | {r['p50_ms']} / {r['p95_ms']} | {r['cpu_ms']} | {b['p50_ms']} "
            f"| {b['p95_ms']} | {b['p99_ms']} | {b['cpu_ms']} | {r.get('queries', '—')} | {ok} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo database")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:  # in the child, with the bench database's environment
        result = measure(args.requests)
        print(json.dumps(result))
        return
    prepare(args.fresh)
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    child = subprocess.run(
        [sys.executable, "-m", "bench.page_views", "--measure", "--requests", str(args.requests)],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(child.stderr)
    if child.returncode:
        raise SystemExit(child.returncode)
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result.update(
        at=datetime.datetime.now().isoformat(timespec="seconds"),
        requests=args.requests,
        load_before=load_before,
        load_after=" ".join(f"{x:.1f}" for x in os.getloadavg()),
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "page_views.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    text = report(result)
    (RESULTS / "page_views.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
