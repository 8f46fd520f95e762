"""Production settings come from the environment; these read them in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import skipUnless

from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase

ROOT = Path(__file__).resolve().parents[2]
NAMES = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
]  # fmt: skip


def production_settings(names=NAMES, **env) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DEMO_MODE", "TESTING", "DB_PREPARED_STATEMENTS"}
    }
    clean.update({"SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    code = (
        "import json, config.settings as s;"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_secure_cookies_turn_on_https_only_cookies_and_hsts():
    values = production_settings(SECURE_COOKIES="1")
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is False  # the TLS proxy redirects; opt in otherwise
    assert production_settings(SECURE_SSL_REDIRECT="1")["SECURE_SSL_REDIRECT"] is True


def test_hsts_can_be_tuned_or_switched_off():
    values = production_settings(SECURE_COOKIES="1", SECURE_HSTS_SECONDS="0")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert production_settings()["SECURE_HSTS_SECONDS"] == 0  # plain HTTP: never HSTS


def database_options(**env) -> dict:
    return production_settings(names=["DATABASES"], **env)["DATABASES"]["default"].get(
        "OPTIONS", {}
    )


def test_postgresql_prepares_repeated_statements_unless_a_pooler_forbids_it():
    url = "postgres://jining@db.example:5432/jining"
    options = database_options(DATABASE_URL=url)
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    off = database_options(DATABASE_URL=url, DB_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    # SQLite has neither (its OPTIONS are its pragmas).
    assert "prepare_threshold" not in database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3")


@skipUnless(connection.vendor == "postgresql", "prepared statements are PostgreSQL's")
class PreparedStatementTests(TestCase):
    def test_a_query_a_connection_repeats_is_planned_once_on_the_server(self):
        def prepared() -> int:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_prepared_statements")
                return cursor.fetchone()[0]

        before = prepared()
        for pk in range(6):  # one statement, different values
            list(Group.objects.filter(pk=pk).values_list("name", flat=True))
        assert prepared() == before + 1
