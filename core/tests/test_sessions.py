"""Database sessions read through a compiled query (`core.sessions`): the signed-in user is kept,
an expired or unknown session is nobody's, and the read is not compiled again."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import timezone

from testing.personas import PersonaTestCase


class SessionTests(PersonaTestCase):
    def session_key(self) -> str:
        return self.client.cookies[settings.SESSION_COOKIE_NAME].value

    def test_a_signed_in_session_is_read_without_compiling_its_query_again(self):
        self.login(self.enterprise_user)
        self.assertEqual(self.client.get("/accounts/profile/").status_code, 200)
        with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=AssertionError):
            from core.sessions import SessionStore

            store = SessionStore(self.session_key())
            self.assertEqual(int(store["_auth_user_id"]), self.enterprise_user.pk)

    def test_an_expired_session_signs_nobody_in_and_gets_a_new_key(self):
        self.login(self.enterprise_user)
        key = self.session_key()
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - dt.timedelta(seconds=1)
        )
        response = self.client.get("/workspace/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))

        from core.sessions import SessionStore

        store = SessionStore(key)
        self.assertEqual(store.load(), {})
        self.assertIsNone(store.session_key)

    def test_an_unknown_or_malformed_key_is_an_empty_session(self):
        from core.sessions import SessionStore

        for key in ("x" * 32, "short", None):
            with self.subTest(key=key):
                store = SessionStore(key)
                self.assertEqual(store.load(), {})
                self.assertIsNone(store.session_key)
