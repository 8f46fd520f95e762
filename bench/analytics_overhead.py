"""What counting costs a request (site analytics, analytics/counter.py): the median time of one
`home_visit`, `standard_view` and `search` call, in microseconds, with the process-local buffer
and with Redis (a redis-server of our own on a free port, when installed). No database: the
request path never touches it. Results: bench/results/analytics.md.

    ANALYTICS_FLUSH_SECONDS=0 DEMO_MODE=1 python -m bench.analytics_overhead [--n 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(call, n: int) -> float:
    """Median µs per call over 5 rounds of n/5 calls."""
    rounds = []
    per = max(1, n // 5)
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(per):
            call()
        rounds.append((time.perf_counter() - start) / per * 1e6)
    return statistics.median(rounds)


def measure(n: int) -> list[tuple[str, str, float]]:
    from django.test import RequestFactory, override_settings

    from analytics import buffer as buffer_module
    from analytics import counter
    from analytics.tests.helpers import BAIDU, BROWSER, RedisServer

    factory = RequestFactory()
    person = factory.get("/", **BROWSER)
    robot = factory.get("/", **BAIDU)
    calls = {
        "home_visit (robot, not counted)": lambda: counter.home_visit(robot),
        "home_visit": lambda: counter.home_visit(person),
        "standard_view": lambda: counter.standard_view(person, 12345),
        "search (zero results)": lambda: counter.search(
            person, query="羊肉汤 制作规范", result_count=0
        ),
    }
    rows = []
    for name, call in calls.items():
        rows.append(("local", name, _time(call, n)))
    buffer_module.get_buffer().clear()
    server = RedisServer()
    if server.start():
        try:
            with override_settings(ANALYTICS_REDIS_URL=server.url):
                buffer_module._redis_buffer.cache_clear()
                for name, call in calls.items():
                    rows.append(("redis (localhost)", name, _time(call, n // 4)))
        finally:
            buffer_module._redis_buffer.cache_clear()
            server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ANALYTICS_FLUSH_SECONDS"] = "0"
    import django

    django.setup()
    rows = measure(args.n)
    lines = [
        "# Site analytics: per-request cost of counting",
        "",
        "Median µs per call (5 rounds), no database. `python -m bench.analytics_overhead`.",
        f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
        "",
        "| buffer | call | µs |",
        "|---|---|---|",
        *[f"| {b} | {name} | {us:.1f} |" for b, name, us in rows],
    ]
    text = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results" / "analytics.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
