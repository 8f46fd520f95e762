"""A database lock timeout anywhere in a request answers 503 with Retry-After (a page in Chinese,
a structured error in the API), never a 500."""

from unittest import mock

from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from catalog.tests.factories import make_standard
from core.middleware import is_database_busy
from testing.personas import PersonaTestCase

LOCKED = OperationalError("database is locked")


def touch_session(request):
    request.session["touched"] = True
    return HttpResponse("ok")


urlpatterns = [path("touch-session/", touch_session)]


class DatabaseBusyTest(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")

    def assert_busy_page(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")
        html = response.content.decode()
        self.assertIn("系统正忙", html)
        self.assertIn("请稍后重试", html)

    def test_a_page_whose_read_finds_the_database_locked_answers_503_in_chinese(self):
        with mock.patch("catalog.views.selectors.standard_get", side_effect=LOCKED):
            response = self.client.get(self.standard.get_absolute_url())
        self.assert_busy_page(response)

    def test_the_api_answers_a_structured_503(self):
        with mock.patch("catalog.api.selectors.public_search", side_effect=LOCKED):
            response = self.client.get("/api/v1/standards/", {"q": "质量"})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "5")
        self.assertEqual(response.json()["error"]["code"], "database_busy")
        self.assertIn("系统正忙", response.json()["error"]["message"])

    def test_a_login_whose_write_finds_the_database_locked_answers_503(self):
        self.citizen.set_password("a-long-password-1")
        self.citizen.save()
        with mock.patch.object(type(self.citizen), "save", side_effect=LOCKED):  # last_login
            response = self.client.post(
                "/accounts/login/", {"username": "citizen", "password": "a-long-password-1"}
            )
        self.assert_busy_page(response)

    @override_settings(ROOT_URLCONF=__name__)
    def test_a_lock_in_a_middleware_after_the_view_answers_503_too(self):
        client = Client(raise_request_exception=False)
        with mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.save", side_effect=LOCKED
        ):
            response = client.get("/touch-session/")  # the session is saved after the view
        self.assert_busy_page(response)

    def test_other_database_errors_stay_errors(self):
        client = Client(raise_request_exception=False)
        with mock.patch(
            "catalog.views.selectors.standard_get", side_effect=OperationalError("no such table")
        ):
            response = client.get(self.standard.get_absolute_url())
        self.assertEqual(response.status_code, 500)

    def test_it_recognizes_postgresql_lock_timeouts(self):
        class Cause(Exception):
            sqlstate = "55P03"

        error = OperationalError("canceling statement due to lock timeout")
        error.__cause__ = Cause()
        self.assertTrue(is_database_busy(error))
        self.assertTrue(is_database_busy(LOCKED))
        self.assertFalse(is_database_busy(OperationalError("no such column")))
        self.assertFalse(is_database_busy(ValueError("database is locked")))
