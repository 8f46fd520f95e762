"""Fault drills with real processes and kill -9, on the stack of scripts/deploy_local.py (nginx,
gunicorn, PostgreSQL, the task worker, the search indexer): an import killed mid-file, the
indexer killed mid-batch, a gunicorn worker killed, the application's PostgreSQL connections
terminated under load. What each showed: docs/operations.md (故障演练)."""

import importlib.util
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("deploy_local", ROOT / "scripts" / "deploy_local.py")
deploy_local = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deploy_local)

ROWS = 12_000
SEED = 3  # the stack's own catalog


@pytest.fixture(scope="module")
def stack():
    import psycopg
    from django.db import connection

    if not deploy_local.nginx_binary():
        if os.environ.get("CI"):
            pytest.fail("nginx not found; CI must run the live drills (apt-get install nginx)")
        pytest.skip("nginx is not installed (apt-get install -y nginx): the live drills need it")
    if connection.vendor == "postgresql" and os.environ.get("CI"):
        pytest.skip("the live drills run in the SQLite pass (they create their own database)")
    try:
        psycopg.connect(deploy_local.PG_ADMIN_URL, connect_timeout=3).close()
    except psycopg.Error:
        pytest.skip(f"PostgreSQL does not answer at {deploy_local.PG_ADMIN_URL}")
    with deploy_local.LocalStack(log=lambda *_: None) as running:
        yield running


def _count(stack) -> int:
    return stack.query("SELECT count(*) FROM catalog_standard")[0][0]


def _big_file(stack) -> Path:
    path = stack.dir / "big.csv"
    lines = ["标准号,标准名称,状态,发布日期,代替标准"]
    for i in range(ROWS):
        replaces = f"GB/T {70000 + i + 5_000}-2020" if i % 20 == 0 and i + 5_000 < ROWS else ""
        lines.append(f"GB/T {70000 + i}-2020,演练标准{i},现行,2020-01-01,{replaces}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import_process(stack, path: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [str(deploy_local.DEPLOY / "manage.sh"), "import_standards", str(path)],
        env={**stack._process_env(), "JINING_ENV": str(stack.dir / "jining.env")},
        cwd=deploy_local.ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_an_import_and_the_indexer_killed_with_sigkill_recover_to_the_same_result(stack):
    path = _big_file(stack)
    stack.stop("indexer", sig=signal.SIGKILL)  # changes queue up in the outbox meanwhile

    importing = _import_process(stack, path)
    _wait(lambda: _count(stack) > SEED, 300, "the import's first chunk")
    importing.send_signal(signal.SIGKILL)  # manage.sh exec'd python: this is the importer
    importing.communicate(timeout=30)
    killed_at = _count(stack) - SEED
    # Whole chunks of 500 only: nothing half-written.
    assert 0 < killed_at < ROWS and killed_at % 500 == 0, killed_at

    out = stack.manage("import_standards", str(path))
    assert f"新增 {ROWS - killed_at}，更新 0，未变化 {killed_at}" in out, out
    assert _count(stack) == SEED + ROWS
    dangling = stack.query(
        "SELECT count(*) FROM catalog_standardreplacement WHERE old_id IS NULL OR new_id IS NULL"
    )
    assert dangling == [(0,)]
    assert "新增 0，更新 0，未变化 12000" in stack.manage("import_standards", str(path))

    # The indexer starts on the queue and is killed while it applies it.
    indexer = stack.start_indexer()
    time.sleep(1.0)
    indexer.send_signal(signal.SIGKILL)
    stack.stop("indexer", sig=signal.SIGKILL)
    stack.start_indexer()

    def caught_up():
        (position,) = stack.query(
            "SELECT position FROM catalog_changecursor WHERE name = 'search:local-1'"
        )[0]
        (newest,) = stack.query("SELECT coalesce(max(id), 0) FROM catalog_catalogchange")[0]
        return position >= newest

    _wait(caught_up, 300, "the restarted indexer")
    out = stack.manage("check_search_index", "--no-apply")
    assert "检索索引与数据库一致" in out and f"{SEED + ROWS} 条记录" in out, out


def _hammer(stack, seconds: float, statuses: list, stop: threading.Event):
    import ssl
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    context = ssl._create_unverified_context()  # noqa: S323 (the stack's own certificate)
    end = time.monotonic() + seconds
    while time.monotonic() < end and not stop.is_set():
        try:
            with urllib.request.urlopen(  # noqa: S310
                stack.url + "/standards/?q=" + quote("演练"), context=context, timeout=30
            ) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
        except OSError as error:
            statuses.append(repr(error))


def test_terminated_database_connections_under_load_answer_503_and_recover(stack):
    statuses: list = []
    stop = threading.Event()
    load = [threading.Thread(target=_hammer, args=(stack, 8, statuses, stop)) for _ in range(3)]
    for thread in load:
        thread.start()
    import psycopg

    with psycopg.connect(deploy_local.PG_ADMIN_URL, autocommit=True) as admin:
        for _ in range(5):
            time.sleep(1)
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [stack.database],
            )
    for thread in load:
        thread.join()
    after: list = []
    _hammer(stack, 1, after, threading.Event())
    print("statuses under connection kills:", {s: statuses.count(s) for s in set(statuses)})
    assert statuses and set(statuses) <= {200, 503}, sorted(set(map(str, statuses)))
    assert after and set(after) == {200}
    # gunicorn and the indexer went on by themselves (new connections).
    for name in ("gunicorn", "indexer"):
        assert stack.procs[name].poll() is None, stack.tail(name)
    # django-tasks' db_worker exits on a lost connection; systemd starts it again
    # (Restart=always, deploy/systemd/jining-worker.service): as systemd would.
    worker = stack.procs["worker"]
    if worker.poll() is not None:
        print("db_worker exited", worker.returncode, "and is restarted as systemd would")
        stack.stop("worker")
        worker = stack.start_worker()
    time.sleep(3)
    assert worker.poll() is None, stack.tail("worker")


def test_a_gunicorn_worker_killed_is_replaced_and_the_site_keeps_answering(stack):
    master = stack.procs["gunicorn"].pid
    children = subprocess.run(  # noqa: S603
        ["/usr/bin/pgrep", "-P", str(master)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(children) == 2
    os.kill(int(children[0]), signal.SIGKILL)
    statuses: list = []
    _hammer(stack, 3, statuses, threading.Event())
    assert statuses and set(statuses) == {200}
    _wait(
        lambda: (
            len(
                subprocess.run(  # noqa: S603
                    ["/usr/bin/pgrep", "-P", str(master)], capture_output=True, text=True
                ).stdout.split()
            )
            == 2
        ),
        30,
        "gunicorn to replace its worker",
    )
