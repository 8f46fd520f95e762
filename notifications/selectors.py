"""Reads of a user's notifications."""

from __future__ import annotations

from django.db.models import Count, Q, Window

from notifications.models import Notification


def latest_with_unread_count(user, limit: int = 5) -> tuple[list[Notification], int]:
    """The user's `limit` newest notifications and how many of all theirs are unread, in one
    query: the count is a window over every visible row, computed before the LIMIT."""
    rows = list(
        Notification.objects.visible_to(user).annotate(
            unread_total=Window(Count("pk", filter=Q(read_at=None)))
        )[:limit]
    )
    return rows, (rows[0].unread_total if rows else 0)
