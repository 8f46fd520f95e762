"""Reads of a user's notifications."""

from __future__ import annotations

from django.db.models import Count, Q, Window

from core.compiled_queries import compiled_query
from notifications.models import Notification

LATEST = 5  # the workspace's card


def latest_with_unread_count(user) -> tuple[list[Notification], int]:
    """The user's `LATEST` newest notifications and how many of all theirs are unread, in one
    query: the count is a window over every visible row, computed before the LIMIT."""
    if user is None or not user.is_authenticated:
        return [], 0
    rows = _latest_with_unread_total(user.pk)
    return rows, (rows[0].unread_total if rows else 0)


def unread_count(user) -> int:
    """The header's badge on every signed-in page."""
    if user is None or not user.is_authenticated:
        return 0
    counts = _unread_totals(user.pk)
    return counts[0] if counts else 0


# Both read on every signed-in page (the workspace, the header): compiled once per process.
@compiled_query(int)
def _latest_with_unread_total(user_id: int):
    return Notification.objects.of_recipient(user_id).annotate(
        unread_total=Window(Count("pk", filter=Q(read_at=None)))
    )[:LATEST]


@compiled_query(int)
def _unread_totals(user_id: int):
    return (
        Notification.objects.of_recipient(user_id)
        .unread()
        .order_by()
        .values("recipient_id")
        .annotate(total=Count("pk"))
        .values_list("total", flat=True)
    )
