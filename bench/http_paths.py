"""HTTP measurements for `make bench`: gunicorn (2 sync workers, as deployed) driven by wrk.

For each path: requests/s, errors, latency percentiles (from wrk's own histogram, through its
Lua `done` hook) and the CPU the gunicorn workers spent per request (their /proc ticks before
and after: on a shared machine the steadier figure)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"


@dataclass
class Server:
    port: int
    workers: list[str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None) -> int:
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    # The Host wrk sends: a page warmed here is the page the load run's key finds.
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
    response = conn.getresponse()
    response.read()
    return response.status


@contextlib.contextmanager
def gunicorn(app: str, ready_path: str, env: dict | None = None) -> Iterator[Server]:
    """gunicorn with 2 sync workers (the deployed worker class; deploy/gunicorn.conf.py)."""
    port = _free_port()
    binary = Path(sys.executable).parent / "gunicorn"
    proc = subprocess.Popen(
        [str(binary), app, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                fetch(port, ready_path)
                break
            except OSError:
                time.sleep(0.2)
        for _ in range(50):  # both workers up
            workers = _children(proc.pid)
            if len(workers) == 2:
                break
            time.sleep(0.2)
        yield Server(port, workers)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def _children(pid: int) -> list[str]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return path.read_text().split() if path.exists() else []


def cpu_ticks(pids: list[str]) -> int:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def rss_mb(pids: list[str]) -> list[int]:
    out = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) // 1024)
    return out


_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d\\n", summary.requests, e.connect,
    e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""


def wrk(
    port: int,
    paths: list[str],
    *,
    seconds: float,
    connections: int,
    headers: dict | None = None,
    name: str = "paths",
) -> dict:
    """One wrk run cycling over `paths`. Errors: socket errors, timeouts and non-2xx/3xx."""
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is needed for the HTTP figures: apt-get install -y wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    script = WORK / f"wrk-{name}.lua"
    script.write_text(
        "paths = {"
        + ",".join(json.dumps(p) for p in paths)
        + "}\nheaders = "
        + "{"
        + ",".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in (headers or {}).items())
        + "}\ncounter = 0\nrequest = function()\n  counter = counter + 1\n"
        + "  return wrk.format('GET', paths[(counter % #paths) + 1], headers)\nend\n"
        + _DONE
    )
    result = subprocess.run(
        [
            binary,
            "-t2",
            f"-c{connections}",
            f"-d{int(seconds)}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = re.search(r"^BENCH (.*)$", result.stdout, re.M)[1].split()
    requests, connect, read, write, status, timeout, p50, p95, p99 = (int(x) for x in line)
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", result.stdout)[1])
    return {
        "rps": round(rps, 1),
        "requests": requests,
        # gunicorn's sync workers close each connection: wrk counts nothing as a read error
        # then, so every socket error is a real one.
        "errors": connect + read + write + status + timeout,
        "non_2xx": status,
        "timeouts": timeout,
        "p50_ms": round(p50 / 1000, 2),
        "p95_ms": round(p95 / 1000, 2),
        "p99_ms": round(p99 / 1000, 2),
    }


def users(
    port: int,
    paths: list[str],
    *,
    seconds: float,
    clients: int,
    think_ms: int,
    headers: dict | None = None,
) -> dict:
    """`clients` users at once, each waiting a random 0..2×think_ms (mean think_ms) after every
    answer before asking for the next page, as people reading pages do. wrk's `delay()` cannot
    model this against gunicorn's sync workers (each answer closes the connection and the wait
    ends up inside the measured latency), so each user is a thread with its own connection per
    request; latency is from sending the request to reading the whole answer."""
    import http.client
    import random
    import threading

    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def user(seed: int) -> None:
        rng = random.Random(seed)
        time.sleep(rng.uniform(0, 2 * think_ms / 1000))  # arrivals spread, not in one burst
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status < 400
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
            time.sleep(rng.uniform(0, 2 * think_ms / 1000))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies) or [0.0]

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 2)

    return {
        "rps": round(len(latencies) / (time.monotonic() - started), 1),
        "requests": len(latencies),
        "errors": errors[0],
        "p50_ms": at(50),
        "p95_ms": at(95),
        "p99_ms": at(99),
    }


def measure(
    server: Server,
    paths: list[str],
    *,
    seconds: float = 8.0,
    connections: int = 16,
    headers: dict | None = None,
    name: str = "paths",
    think_ms: int = 0,
) -> dict:
    """Warm every worker on every path, then one wrk run (or, with `think_ms`, `connections`
    users who read each page for a while: `users`); worker CPU per request beside it."""
    statuses = {fetch(server.port, p, headers) for p in paths[:50] for _ in range(2)}
    before = cpu_ticks(server.workers)
    load = os.getloadavg()[0]
    if think_ms:
        out = users(
            server.port,
            paths,
            seconds=seconds,
            clients=connections,
            think_ms=think_ms,
            headers=headers,
        )
    else:
        out = wrk(
            server.port, paths, seconds=seconds, connections=connections, headers=headers, name=name
        )
    ticks = cpu_ticks(server.workers) - before
    out["cpu_ms_per_request"] = round(
        ticks / os.sysconf("SC_CLK_TCK") * 1000 / max(out["requests"], 1), 2
    )
    out["warm_statuses"] = sorted(statuses)
    out["load_1m"] = round((load + os.getloadavg()[0]) / 2, 1)
    return out
