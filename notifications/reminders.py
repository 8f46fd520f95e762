"""Deadline reminders from open work items (run daily by `send_deadline_reminders`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.models import WorkItem
from core.workflow import hooks, processes
from notifications.choices import Kind
from notifications.models import Notification
from notifications.services import notify


def send_deadline_reminders(*, days_ahead: int = 2) -> dict[str, int]:
    """Tell the people an open work item waits for when it is due within `days_ahead` days or
    overdue (an overdue item also its oversight role). A recipient gets at most one reminder per record per day, so reruns are harmless."""
    today = timezone.localdate()
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    by_process = {p.key: p for p in processes()}
    due = (
        WorkItem.objects.open()
        .filter(due__lte=today + dt.timedelta(days=days_ahead))
        .select_related("assignee", "content_type")
        .order_by("content_type_id", "object_id", "id")
    )
    items = sent = 0
    for item in due.iterator():
        proc = by_process.get(item.process)
        obj = item.target
        if proc is None or obj is None:
            continue
        already = set(
            Notification.objects.filter(
                kind=Kind.DEADLINE,
                content_type_id=item.content_type_id,
                object_id=item.object_id,
                created_at__gte=start_of_day,
            ).values_list("recipient_id", flat=True)
        )
        overdue = item.due < today
        people = hooks.users_of(item)
        if overdue and item.oversight_role:  # an overdue item is told to who oversees it (督办)
            people += hooks.scope_users(item.oversight_role, "")
        recipients = [u for u in {u.pk: u for u in people}.values() if u.pk not in already]
        if not recipients:
            continue
        items += 1
        with transaction.atomic():
            sent += len(
                notify(
                    recipients=recipients,
                    kind=Kind.DEADLINE,
                    title=f"{'已逾期' if overdue else '即将到期'}：{proc.label} {obj}",
                    body=f"待办“{item.label}”（{proc.state_label(item.state)}），"
                    f"办理期限 {item.due:%Y年%m月%d日}。",
                    url=obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
                    obj=obj,
                )
            )
    return {"items": items, "notifications": sent}
