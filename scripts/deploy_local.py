#!/usr/bin/env python3
"""Bring up the whole production stack on this machine, as docs/deployment.md describes it, to
test the guide and the files in deploy/:

    nginx (deploy/nginx/jining.conf: TLS with a throwaway self-signed certificate, the HTTP→HTTPS
      redirect, static files, client_max_body_size, X-Forwarded-*)
      → gunicorn (the ExecStart of deploy/systemd/jining-web.service, deploy/gunicorn.conf.py)
      → PostgreSQL (a fresh database `ops_deploy_<random>`), Redis (a key prefix of its own)
    + the task worker and the search indexer (their systemd units' ExecStart)

Everything runs from a temporary folder, on free ports (never 8000/5432/6379 for its own
servers), with the release steps of the guide run through deploy/manage.sh: migrate,
load_reference, sync_roles, collectstatic, check --deploy. Stopping kills every process it
started, drops the database, deletes its Redis keys and the folder.

    .venv/bin/python scripts/deploy_local.py        # up; prints the address; Ctrl+C stops it

e2e/test_deployment_journey.py drives a browser through it. Needs nginx (apt-get install nginx),
openssl, PostgreSQL on 127.0.0.1:5432 (DEPLOY_PG_ADMIN_URL) and, optionally, Redis.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PG_ADMIN_URL = os.environ.get("DEPLOY_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = ("127.0.0.1", 6379)
USERNAME = "deploycheck"
PASSWORD = "Deploy-check-2026"  # noqa: S105 (a throwaway account in a throwaway database)
CATALOG = (
    "标准号,标准名称,状态,发布日期,实施日期,代替标准\n"
    "GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01,GB/T 19001-2008\n"
    "GB/T 19001-2008,质量管理体系 要求,废止,2008-10-29,2009-03-01,\n"
    "DB3708/T 12-2021,足球场地人造草面层维护规范,现行,2021-05-10,2021-06-10,\n"
)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=2):
            return True
    except OSError:
        return False


def exec_start(unit: str) -> list[str]:
    """The ExecStart command line of a shipped systemd unit, for this checkout."""
    text = (DEPLOY / "systemd" / unit).read_text()
    line = re.search(r"^ExecStart=(.+)$", text, re.M).group(1)
    return [arg.replace("/srv/jining/app", str(ROOT)) for arg in shlex.split(line)]


class LocalStack:
    def __init__(self, *, workers: int = 2, log=print):
        self.log = log
        self.workers = workers
        self.procs: dict[str, subprocess.Popen] = {}
        self.dir: Path | None = None
        self.database = f"ops_deploy_{secrets.token_hex(4)}"
        self.db_created = False
        self.https_port = _free_port()
        self.http_port = _free_port()
        self.app_port = _free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.env: dict[str, str] = {}

    # --- pieces ---------------------------------------------------------------------------

    def _admin(self):
        import psycopg

        return psycopg.connect(PG_ADMIN_URL, autocommit=True)

    def database_url(self) -> str:
        base = PG_ADMIN_URL.rsplit("/", 1)[0]
        return f"{base}/{self.database}"

    def query(self, sql: str, params=()) -> list[tuple]:
        """Read the stack's database (what the application recorded)."""
        import psycopg

        with psycopg.connect(self.database_url()) as conn:
            return conn.execute(sql, params).fetchall()

    def _write_env(self) -> Path:
        d = self.dir
        self.env = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": self.database_url(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.url,
            "SITE_URL": self.url,
            "SECURE_COOKIES": "1",
            "SECURE_PROXY_SSL": "1",
            "AXES_PROXY_COUNT": "1",
            "MEDIA_ROOT": str(d / "data" / "media"),
            "STATIC_ROOT": str(d / "data" / "static"),
            "SEARCH_INDEX_DIR": str(d / "data" / "search-index"),
            "SEARCH_INDEXER": "worker",
            "SEARCH_NODE": "local-1",
            "GUNICORN_BIND": f"127.0.0.1:{self.app_port}",
            "GUNICORN_WORKERS": str(self.workers),
            "CACHE_KEY_PREFIX": self.database,
            "LOG_LEVEL": "WARNING",
        }
        if _answers(REDIS):
            self.env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
        path = d / "jining.env"
        path.write_text("".join(f"{k}={v}\n" for k, v in self.env.items()))
        return path

    def _process_env(self) -> dict[str, str]:
        keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TZ") if k in os.environ}
        return {**keep, "PYTHONUNBUFFERED": "1", **self.env}

    def manage(self, *args: str, input: str | None = None) -> str:
        """A management command through deploy/manage.sh, as cron and the operators run it."""
        done = subprocess.run(  # noqa: S603
            [str(DEPLOY / "manage.sh"), *args],
            env={**self._process_env(), "JINING_ENV": str(self.dir / "jining.env")},
            cwd=ROOT,
            capture_output=True,
            text=True,
            input=input,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.dir / "log" / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(  # noqa: S603
            args,
            cwd=ROOT,
            env=self._process_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with all its children
        )
        proc._log = log
        self.procs[name] = proc
        return proc

    def start_gunicorn(self) -> subprocess.Popen:
        return self._start("gunicorn", exec_start("jining-web.service"))

    def start_worker(self) -> subprocess.Popen:
        return self._start("worker", exec_start("jining-worker.service"))

    def start_indexer(self) -> subprocess.Popen:
        return self._start("indexer", exec_start("jining-indexer.service"))

    def _certificate(self) -> None:
        ssl_dir = self.dir / "ssl"
        ssl_dir.mkdir()
        subprocess.run(  # noqa: S603
            [
                shutil.which("openssl") or "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                str(ssl_dir / "privkey.pem"),
                "-out",
                str(ssl_dir / "fullchain.pem"),
            ],
            check=True,
            capture_output=True,
        )

    def nginx_site(self) -> str:
        """deploy/nginx/jining.conf with this machine's ports and folders (every replaced piece
        must be in the shipped file: a renamed path fails here, not silently)."""
        text = (DEPLOY / "nginx" / "jining.conf").read_text()
        d = self.dir
        for old, new in (
            ("listen [::]:80;", ""),
            ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https_port} ssl http2;"),
            ("server_name bz.example.gov.cn;", "server_name 127.0.0.1 localhost;"),
            ("/etc/ssl/jining/", f"{d}/ssl/"),
            ("/srv/jining/data/static/", f"{self.env['STATIC_ROOT']}/"),
            ("127.0.0.1:8001", f"127.0.0.1:{self.app_port}"),
            ("/var/log/nginx/", f"{d}/log/"),
            ("/var/www/html", f"{d}/www"),
        ):
            if old not in text:
                raise RuntimeError(f"deploy/nginx/jining.conf no longer contains {old!r}")
            text = text.replace(old, new)
        return text

    def start_nginx(self) -> subprocess.Popen:
        d = self.dir
        self._certificate()
        (d / "www").mkdir()
        (d / "site.conf").write_text(self.nginx_site())
        temp = d / "nginx-temp"
        temp.mkdir()
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (d / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/log/nginx-error.log;\n"
            "events { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            "  sendfile on;\n"
            f"  access_log {d}/log/nginx-access.log;\n"
            + "".join(
                f"  {kind}_temp_path {temp}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + f"  include {d}/site.conf;\n}}\n"
        )
        base = [
            nginx_binary(),
            "-e",
            f"{d}/log/nginx-error.log",
            "-p",
            str(d),
            "-c",
            f"{d}/nginx.conf",
        ]
        test = subprocess.run([*base, "-t"], capture_output=True, text=True)  # noqa: S603
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{test.stderr}")
        return self._start("nginx", [*base, "-g", "daemon off;"])

    def wait_until_up(self, timeout: float = 90) -> None:
        context = ssl._create_unverified_context()  # noqa: S323 (our own throwaway certificate)
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited ({proc.returncode}):\n{self.tail(name)}")
            try:
                with urllib.request.urlopen(self.url + "/", context=context, timeout=5) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError) as exc:
                last = exc
            time.sleep(0.5)
        raise RuntimeError(
            f"the stack did not answer at {self.url}: {last}\n{self.tail('gunicorn')}"
        )

    def tail(self, name: str, lines: int = 40) -> str:
        path = self.dir / "log" / f"{name}.log" if self.dir else None
        if not path or not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # --- the whole -------------------------------------------------------------------------

    def up(self) -> LocalStack:
        if not nginx_binary():
            raise RuntimeError("nginx is not installed (apt-get install -y nginx)")
        self.dir = Path(tempfile.mkdtemp(prefix="ops-deploy-"))
        self.dir.chmod(0o755)  # nginx's workers read the static files
        (self.dir / "log").mkdir()
        try:
            with self._admin() as admin:
                admin.execute(f'CREATE DATABASE "{self.database}"')
            self.db_created = True
            self._write_env()
            self.log(f"database {self.database}, folder {self.dir}")
            for step in (
                ("migrate", "--noinput", "-v0"),
                ("load_reference",),
                ("sync_roles",),
                ("collectstatic", "--noinput", "-v0"),
                ("check", "--deploy"),
            ):
                self.log("manage.py " + " ".join(step))
                self.manage(*step)
            (self.dir / "catalog.csv").write_text(CATALOG, encoding="utf-8")
            self.manage("import_standards", str(self.dir / "catalog.csv"))
            self._create_user()
            self.start_indexer()
            self.start_worker()
            self.start_gunicorn()
            self.start_nginx()
            self.wait_until_up()
        except BaseException:
            self.down()
            raise
        self.log(f"up: {self.url}/ (HTTP {self.http_port} redirects), user {USERNAME} / {PASSWORD}")
        return self

    def _create_user(self) -> None:
        script = (
            "from accounts.models import User\n"
            f"User.objects.create_user({USERNAME!r}, password={PASSWORD!r})\n"
        )
        self.manage("shell", input=script)

    def stop(self, name: str, *, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        proc._log.close()

    def down(self) -> None:
        for name in ("nginx", "gunicorn", "worker", "indexer", *list(self.procs)):
            self.stop(name)
        if self.db_created:
            try:
                with self._admin() as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                self.db_created = False
            except Exception as exc:  # keep tearing down
                self.log(f"could not drop {self.database}: {exc}")
        if self.env.get("REDIS_URL"):
            try:
                import redis

                client = redis.Redis.from_url(self.env["REDIS_URL"])
                for key in client.scan_iter(f"{self.database}:*"):
                    client.delete(key)
            except Exception as exc:
                self.log(f"could not delete the Redis keys: {exc}")
        if self.dir and self.dir.exists() and not os.environ.get("DEPLOY_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> LocalStack:
        return self.up()

    def __exit__(self, *exc) -> None:
        self.down()


def main() -> int:
    stack = LocalStack()
    stack.up()
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        print("Ctrl+C 停止 (stops everything and drops the database)", flush=True)
        while not stopping:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        stack.down()
    return 0


if __name__ == "__main__":
    sys.exit(main())
