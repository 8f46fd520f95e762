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
from django.test.utils import CaptureQueriesContext

from accounts.models import User

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


def database(**env) -> dict:
    settings = production_settings(names=["DATABASES"], **env)["DATABASES"]["default"]
    return {"ENGINE": settings["ENGINE"], **settings.get("OPTIONS", {})}


def test_postgresql_prepares_repeated_statements_unless_a_pooler_forbids_it():
    url = "postgres://jining@db.example:5432/jining"
    on = database(DATABASE_URL=url)
    assert on["server_side_binding"] is True and on["prepare_threshold"] == 5
    assert on["ENGINE"] == "config.postgresql"  # told the server's parameter limit
    off = database(DATABASE_URL=url, DB_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    assert off["ENGINE"] == "django.db.backends.postgresql"
    # SQLite has neither (its OPTIONS are its pragmas).
    assert "prepare_threshold" not in database(DATABASE_URL="sqlite:////tmp/x.sqlite3")


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


@skipUnless(connection.vendor == "postgresql", "the parameter limit is PostgreSQL's")
class ParameterLimitTests(TestCase):
    """A server-bound statement carries at most 65,535 values; lists longer than that work."""

    MANY = 70_000

    @classmethod
    def setUpTestData(cls):
        cls.groups = Group.objects.bulk_create(Group(name=f"g{i}") for i in range(5))

    def test_a_long_list_of_values_finds_what_it_names_and_only_that(self):
        wanted = [g.pk for g in self.groups[:3]]
        values = [*wanted, None, *range(10**9, 10**9 + self.MANY)]
        found = Group.objects.filter(pk__in=values)
        assert sorted(found.values_list("pk", flat=True)) == sorted(wanted)
        assert set(Group.objects.exclude(pk__in=values)) == set(self.groups[3:])
        names = [g.name for g in self.groups[:2]] + [f"x{i}" for i in range(self.MANY)]
        assert set(Group.objects.filter(name__in=names)) == set(self.groups[:2])
        assert len(Group.objects.in_bulk(values)) == 3

    def test_a_long_list_of_related_objects_filters_by_their_keys(self):
        user = User.objects.create_user("many", password="x" * 12)
        user.groups.add(self.groups[0])
        values = [self.groups[0].pk, *range(10**9, 10**9 + self.MANY)]
        assert list(User.objects.filter(groups__in=values)) == [user]

    def test_a_short_list_keeps_its_placeholders(self):
        with CaptureQueriesContext(connection) as queries:
            list(Group.objects.filter(pk__in=[1, 2, 3]))
        assert "IN (" in queries[0]["sql"] and "ANY" not in queries[0]["sql"]

    def test_a_bulk_update_of_more_values_than_the_limit_is_batched(self):
        rows = Group.objects.bulk_create(Group(name=f"bulk{i}") for i in range(34_000))
        for row in rows:
            row.name = f"renamed-{row.name}"
        Group.objects.bulk_update(rows, ["name"])  # two values a row: 68,000 in one statement
        assert Group.objects.filter(name__startswith="renamed-bulk").count() == len(rows)
