"""Deadline reminders for every workflow process (run daily by `send_deadline_reminders`)."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.workflow import processes
from notifications.choices import Kind
from notifications.models import Notification
from notifications.services import notify


def send_deadline_reminders(*, days_ahead: int = 2) -> dict[str, int]:
    """Tell the people responsible about records due within `days_ahead` days or overdue.
    A recipient gets at most one reminder per record per day, so reruns are harmless."""
    today = timezone.localdate()
    start_of_day = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    items = sent = 0
    for proc in processes():
        if not proc.deadline_field or proc.responsible is None:
            continue
        model = proc.model_class()
        content_type = ContentType.objects.get_for_model(model)
        due = model._default_manager.filter(
            **{f"{proc.deadline_field}__lte": today + dt.timedelta(days=days_ahead)}
        ).exclude(**{f"{proc.deadline_field}": None})
        for obj in due.iterator():
            deadline = getattr(obj, proc.deadline_field)
            already = set(
                Notification.objects.filter(
                    kind=Kind.DEADLINE,
                    content_type=content_type,
                    object_id=str(obj.pk),
                    created_at__gte=start_of_day,
                ).values_list("recipient_id", flat=True)
            )
            recipients = [u for u in proc.responsible(obj) if u.pk not in already]
            if not recipients:
                continue
            items += 1
            overdue = deadline < today
            state = proc.state(getattr(obj, proc.state_field)).label
            with transaction.atomic():
                sent += len(
                    notify(
                        recipients=recipients,
                        kind=Kind.DEADLINE,
                        title=f"{'已逾期' if overdue else '即将到期'}：{proc.label} {obj}",
                        body=f"当前状态“{state}”，办理期限 {deadline:%Y年%m月%d日}。",
                        url=obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "",
                        obj=obj,
                    )
                )
    return {"items": items, "notifications": sent}
