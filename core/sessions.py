"""Django's database sessions (SESSION_ENGINE = "core.sessions"), the session's row read through a
compiled query: every signed-in request reads it first."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from core.compiled_queries import compiled_query


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        rows = _live_sessions(self.session_key, timezone.now()) if self.session_key else []
        if rows:
            return rows[0]
        self._session_key = None  # unknown or expired: a new key when the session is saved
        return None


@compiled_query(str, dt.datetime)
def _live_sessions(session_key: str, now: dt.datetime):
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)[:1]
