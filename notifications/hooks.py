"""What notifications give the workflow engine (registered in `NotificationsConfig.ready`).

- `notify`: the engine's status-change messages go to the inbox.
- `work_items_completed`: a notification about a task is marked done (read) once the task leaves
  the recipient's queue — the work item that waited for them is completed.
"""

from __future__ import annotations

from django.utils import timezone

from core.workflow import hooks
from notifications.choices import Kind
from notifications.models import Notification
from notifications.services import notify

TASK_KINDS = (Kind.WORKFLOW, Kind.DEADLINE)


def _waited_for(user, item) -> bool:
    if item.assignee_id:
        return item.assignee_id == user.pk
    return item.role in user.role_keys and item.scope in hooks.scope_keys(user)


def task_notifications_done(items) -> int:
    """Mark read the unread task notifications about the items' records whose recipients the
    completed items waited for; returns how many."""
    done = 0
    by_object: dict[tuple[int, str], list] = {}
    for item in items:
        by_object.setdefault((item.content_type_id, item.object_id), []).append(item)
    for (content_type_id, object_id), completed in by_object.items():
        unread = Notification.objects.unread().filter(
            kind__in=TASK_KINDS, content_type_id=content_type_id, object_id=object_id
        )
        ids = [
            n.pk
            for n in unread.select_related("recipient")
            if any(_waited_for(n.recipient, item) for item in completed)
        ]
        if ids:
            done += Notification.objects.filter(pk__in=ids).update(read_at=timezone.now())
    return done


def register() -> None:
    hooks.register_hook("notify", notify)
    hooks.register_hook("work_items_completed", task_notifications_done)
