"""The API does what its OpenAPI schema says: generated requests to every GET operation, as an
anonymous client and as an enterprise's system with a token, get no server error and a response
that matches the documented schema. Bounded: a few derandomized examples per operation."""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog.tests.factories import link, make_standard
from config.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_data(db, wsgi_keeps_the_test_connection):
    roles_sync()
    old = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
    new = make_standard("GB/T 19001-2016", "质量管理体系 要求")
    link(old, new)
    make_standard("DB3708/T 12-2021", "足球场地建设规范", kind="local")
    user = User.objects.create_user(
        username="system", password="x-Unused-2026", email="s@example.invalid"
    )
    user_grant_role(user=user, role=Role.ENTERPRISE)
    return Token.objects.create(user=user).key


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Requests go through the WSGI app, not Django's test client: like the client, keep
    Django from closing the test's database connection at the end of each request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded through the WSGI app at collection (the schema view reads no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
# Fuzzing with a few derandomized examples per operation; the exhaustive coverage phase (every
# boundary of every parameter) would take minutes.
schema.config.phases.coverage.enabled = False

BOUNDED = settings(
    max_examples=2,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@BOUNDED
def test_it_answers_anonymous_clients_as_documented(case, api_data):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_it_answers_an_enterprise_token_as_documented(case, api_data):
    case.call_and_validate(headers={"Authorization": f"Token {api_data}"}, checks=CHECKS)


def test_it_generates_the_schema_without_warnings(db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_it_documents_the_standard_list_as_one_search_response_and_history_unpaged():
    paths = schema.raw_schema["paths"]
    ok = paths["/api/v1/standards/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert ok["schema"] == {"$ref": "#/components/schemas/SearchResponse"}
    results = schema.raw_schema["components"]["schemas"]["SearchResponse"]["properties"]["results"]
    assert results["items"] == {"$ref": "#/components/schemas/StandardBrief"}
    history = paths["/api/v1/organizations/{id}/history/"]["get"]
    assert history["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"
    assert not [p for p in history.get("parameters", []) if p["in"] == "query"]
