"""The deployment guide tested: scripts/deploy_local.py brings up nginx (the shipped site file,
TLS) + gunicorn + PostgreSQL + Redis + the task worker + the search indexer on this machine,
with production settings, and a browser goes through nginx."""

import importlib.util
import os
import re
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("deploy_local", ROOT / "scripts" / "deploy_local.py")
deploy_local = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(deploy_local)

pytestmark = pytest.mark.e2e
SPOOFED = "203.0.113.9"


def _postgres_answers() -> bool:
    import psycopg

    try:
        psycopg.connect(deploy_local.PG_ADMIN_URL, connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


@pytest.fixture(scope="module")
def stack():
    from django.db import connection

    if connection.vendor == "postgresql" and os.environ.get("CI"):
        # The stack brings its own database: once per CI run (the SQLite pass) is enough.
        pytest.skip("the deployment journey runs in the SQLite pass (it creates its own database)")
    if not deploy_local.nginx_binary():
        if os.environ.get("CI"):
            pytest.fail(
                "nginx not found; CI must run the deployment journey (apt-get install nginx)"
            )
        pytest.skip(
            "nginx is not installed (apt-get install -y nginx): the deployment journey needs it"
        )
    if not _postgres_answers():
        pytest.skip(f"PostgreSQL does not answer at {deploy_local.PG_ADMIN_URL}")
    with deploy_local.LocalStack(log=lambda *_: None) as running:
        yield running


@pytest.fixture
def https_page(browser, stack):
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        ignore_https_errors=True,  # the stack's throwaway self-signed certificate
        extra_http_headers={"X-Forwarded-For": SPOOFED},  # a client lying about its address
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not violations, violations


def _searched(page, url: str, query: str, deadline: float = 30) -> str:
    """The results page once the indexer (a separate process) has caught up."""
    end = time.monotonic() + deadline
    while True:
        page.goto(f"{url}/standards/?q={query}")
        text = page.inner_text("main")
        if "共找到" in text or time.monotonic() > end:
            return text
        time.sleep(0.5)


def test_a_visitor_and_a_user_go_through_nginx_to_the_whole_stack(stack, https_page):
    page, url = https_page, stack.url

    response = page.goto(url + "/")
    assert response.status == 200
    assert response.headers["server"] == "nginx"  # server_tokens off: no version
    assert "max-age=31536000" in response.headers["strict-transport-security"]
    assert "济宁市标准化综合管理与公共服务平台" in page.title()

    # Search (the index is written by the indexer service, read by gunicorn's workers).
    assert "共找到 1 条标准" in _searched(page, url, "足球")
    page.get_by_role("link", name="DB3708/T 12-2021").click()
    assert page.get_by_role("heading", level=1).inner_text() == "足球场地人造草面层维护规范"

    # A static file served by nginx from collectstatic's folder: hashed name, cached a year.
    href = page.locator('link[rel="stylesheet"]').first.get_attribute("href")
    assert re.search(r"\.[0-9a-f]{12}\.css$", href), href
    static = page.request.get(url + href)
    assert static.status == 200
    assert static.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "x-request-id" not in static.headers  # nginx answered, not the application

    # Sign in (CSRF over HTTPS behind the proxy, secure cookies).
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(deploy_local.USERNAME)
    page.get_by_label("密码").fill(deploy_local.PASSWORD)
    page.get_by_role("button", name="登录").click()
    assert "/accounts/login/" not in page.url
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]

    # nginx replaced the address the client claimed by the one it saw, and that header reached
    # the application server (gunicorn's access log prints X-Forwarded-For); the application
    # recorded the sign-in from that address.
    logins = [
        line for line in stack.tail("gunicorn", 200).splitlines() if "POST /accounts/login/" in line
    ]
    assert logins and logins[-1].split()[1] == "127.0.0.1", logins
    assert SPOOFED not in stack.tail("gunicorn", 200)
    addresses = stack.query("SELECT host(ip_address) FROM axes_accesslog ORDER BY id DESC LIMIT 1")
    assert addresses == [("127.0.0.1",)]

    # An upload over client_max_body_size: refused by nginx with 413 before the application.
    big = page.request.post(
        url + "/standards/validity/",
        multipart={
            "file": {"name": "big.pdf", "mimeType": "application/pdf", "buffer": b"0" * (61 << 20)}
        },
    )
    assert big.status == 413
    assert "上传的文件过大" in big.text()
    assert "x-request-id" not in big.headers


def test_plain_http_is_redirected_to_https(stack, browser):
    context = browser.new_context(ignore_https_errors=True)
    response = context.request.get(
        f"http://127.0.0.1:{stack.http_port}/standards/?q=1", max_redirects=0
    )
    assert response.status == 301
    assert response.headers["location"].startswith("https://127.0.0.1")
    context.close()


def test_the_task_worker_and_the_indexer_run_under_their_units(stack):
    for name in ("gunicorn", "worker", "indexer", "nginx"):
        assert stack.procs[name].poll() is None, stack.tail(name)
