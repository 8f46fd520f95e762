"""Reads of calls, scoped to the user."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from calls.choices import CallState
from calls.models import Call


def calls_visible_to(user) -> QuerySet[Call]:
    return Call.objects.visible_to(user)


def open_calls(program: str | None = None, *, now: dt.datetime | None = None) -> QuerySet[Call]:
    """Calls taking applications now (or at `now`), closing soonest first."""
    qs = Call.objects.in_state(CallState.OPEN, now or timezone.now()).order_by("closes_at", "id")
    return qs.filter(program=program) if program else qs
