"""Writes of notifications. `notify` is the one entry point for every feature that tells users."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from core import audit
from notifications.choices import Kind
from notifications.models import Notification, NotificationPreference


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    obj: models.Model | None = None,
) -> list[Notification]:
    """Put a message in each recipient's inbox; emails go out as a background task after commit."""
    Kind(kind)  # unknown kinds are a programming error
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not users:
        return []
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    # The title becomes the email subject and often quotes what users typed (names): one line,
    # or the mail is refused as a header injection and the whole batch goes unsent.
    title = " ".join(title.split())
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                kind=kind,
                title=title[:200],
                body=body,
                url=url[:500],
                content_type=content_type,
                object_id=str(obj.pk) if obj is not None else "",
            )
            for pk in users
        ]
    )
    ids = [n.pk for n in rows]  # bulk_create returns keys on PostgreSQL and SQLite ≥ 3.35
    transaction.on_commit(partial(_enqueue_emails, ids))
    return rows


def _enqueue_emails(ids: list[int]) -> None:
    from notifications.tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when `ids` is None)."""
    qs = Notification.objects.visible_to(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, user, email_enabled: bool, email_muted_kinds: list[str]) -> None:
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    before = audit.snapshot(pref)
    pref.email_enabled = email_enabled
    pref.email_muted_kinds = sorted({Kind(k).value for k in email_muted_kinds})
    pref.save(update_fields=["email_enabled", "email_muted_kinds"])
    audit.record(
        actor=user,
        action="notification.preferences",
        obj=pref,
        before=before,
        after=audit.snapshot(pref),
    )
