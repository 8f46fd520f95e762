"""The daily status roll-over: standards whose dates have come move on (即将实施 → 现行 on the
implement date, → 废止 on the abolish date). A catalog service like those in `services.py`:
audited, and recorded in the catalog outbox (the search index and followers take it from there)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog import outbox
from catalog.choices import Status
from catalog.models import Standard
from catalog.validation import UPCOMING_WITHOUT_DATE_DAYS, derive_status
from core import audit


@transaction.atomic
def standards_refresh_status(*, actor=None, today: dt.date | None = None) -> int:
    """Bring every standard's status in line with its dates as of `today`; returns how many moved."""
    today = today or timezone.localdate()
    stale = today - dt.timedelta(days=UPCOMING_WITHOUT_DATE_DAYS)
    due = Standard.objects.select_for_update().filter(
        Q(status=Status.UPCOMING, implement_date__lte=today)
        | Q(status=Status.UPCOMING, implement_date__isnull=True, issue_date__lt=stale)
        | (~Q(status=Status.ABOLISHED) & Q(abolish_date__lte=today))
    )
    events, changed = [], []
    for standard in due.order_by("pk"):
        status = derive_status(
            given=Status(standard.status),
            implement_date=standard.implement_date,
            abolish_date=standard.abolish_date,
            issue_date=standard.issue_date,
            today=today,
        )
        if status == standard.status:
            continue
        before = audit.snapshot(standard, ["status"])
        changed.append((standard, standard.status))
        standard.status = status
        standard.save(update_fields=["status", "updated_at"])
        events.append(
            audit.build(
                actor=actor,
                action="standard.status_refresh",
                obj=standard,
                before=before,
                after=audit.snapshot(standard, ["status"]),
                extra={"date": today},
            )
        )
    audit.AuditEvent.objects.bulk_create(events)
    outbox.record_status(changed)
    return len(changed)
