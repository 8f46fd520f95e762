"""Reads of calls, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from calls.choices import CallState
from calls.models import Call


def calls_visible_to(user) -> QuerySet[Call]:
    return Call.objects.visible_to(user)


def open_calls(program: str | None = None) -> QuerySet[Call]:
    """Calls taking applications now, closing soonest first."""
    qs = Call.objects.in_state(CallState.OPEN, timezone.now()).order_by("closes_at", "id")
    return qs.filter(program=program) if program else qs
