"""Counting in the request path: called by the home, standard detail and search views. No
database access here, ever: a count goes to the buffer (one Redis round trip, or a dict in this
process) and `analytics.flush` writes it later. A failing buffer loses the count, never the page.

A process with a local buffer starts a daemon thread on its first count that flushes every
ANALYTICS_FLUSH_SECONDS; with Redis the same thread (on whichever nodes run it) and the
`manage.py flush_analytics` cron both drain the shared buffer, safely.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
import logging
import os
import threading
import time

from django.conf import settings
from django.utils import timezone

from analytics.buffer import get_buffer
from analytics.choices import SearchSource
from analytics.classify import is_person, normalize_query

log = logging.getLogger(__name__)
_warned = [0.0]


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:512]


_day = {"start": None, "end": None, "iso": ""}


def _today() -> str:
    """The Asia/Shanghai day of now, as text; converted once a day, not per request."""
    now = timezone.now()
    if _day["start"] is None or not (_day["start"] <= now < _day["end"]):
        local = timezone.localtime(now)
        start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        _day.update(
            start=start, end=start + datetime.timedelta(days=1), iso=local.date().isoformat()
        )
    return _day["iso"]


_down_until = [0.0]
PAUSE_AFTER_FAILURE = 30.0  # seconds without trying a failing buffer (Redis down: no waits)


def _add(incr: dict[str, int], set_: dict[str, int] | None = None) -> None:
    if _down_until[0] and time.monotonic() < _down_until[0]:
        return
    try:
        get_buffer().add(incr, set_)
    except Exception:  # counting must never fail a page
        now = time.monotonic()
        _down_until[0] = now + PAUSE_AFTER_FAILURE
        if now - _warned[0] > 60:
            _warned[0] = now
            log.warning("analytics: buffer unavailable, counts dropped", exc_info=True)
        return
    _ensure_flusher()


def home_visit(request) -> None:
    """A person opened the home page."""
    if request.method == "GET" and is_person(_user_agent(request)):
        _add({f"h|{_today()}": 1})


def standard_view(request, standard_id: int) -> None:
    """A person opened a standard's page."""
    if request.method == "GET" and is_person(_user_agent(request)):
        _add({f"v|{_today()}|{int(standard_id)}": 1})


def search(request, *, query: str, result_count: int, source: str = SearchSource.PAGE) -> None:
    """A person (or, through the API, a program) searched `query` and found `result_count`.
    Only a first page of a non-empty query is a search (paging through results is not)."""
    api = source == SearchSource.API
    if not query.strip() or not is_person(_user_agent(request), api=api):
        return
    day = _today()
    text = normalize_query(query)
    incr = {f"s|{day}|{source}|{text}": 1}
    set_ = {}
    if result_count == 0:
        incr[f"z|{day}|{text}"] = 1
    if text:
        set_[f"r|{day}|{text}"] = int(result_count)
    _add(incr, set_)


# The flusher thread: one per process, restarted after a fork (gunicorn workers).
_flusher = {"pid": None}
_flusher_lock = threading.Lock()


def _ensure_flusher() -> None:
    seconds = getattr(settings, "ANALYTICS_FLUSH_SECONDS", 0)
    if seconds <= 0 or _flusher["pid"] == os.getpid():
        return
    with _flusher_lock:
        if _flusher["pid"] == os.getpid():
            return
        _flusher["pid"] = os.getpid()
        threading.Thread(
            target=_flush_forever, args=(seconds,), name="analytics-flush", daemon=True
        ).start()


def _flush_forever(seconds: float) -> None:
    from django.db import close_old_connections

    from analytics.flush import flush

    while True:
        time.sleep(seconds)
        try:
            flush()
        except Exception:  # the counts stay buffered for the next round
            log.warning("analytics: flush failed", exc_info=True)
        finally:
            close_old_connections()


@atexit.register
def _flush_at_exit() -> None:
    if _flusher["pid"] != os.getpid():
        return
    from analytics.flush import flush

    with contextlib.suppress(Exception):  # the database may be gone already at exit
        flush()
