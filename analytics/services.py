"""Writes of the site analytics besides the flush: the bureau's answer to a query users could
not find, and the retention purge."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from analytics.choices import TermStatus
from analytics.models import FlushBatch, SearchDay, SearchTerm, StandardViewDay
from core import audit


@transaction.atomic
def search_term_mark(*, term: SearchTerm, status: str, note: str = "", actor) -> SearchTerm:
    """Mark a query handled (a standard or a synonym now answers it), ignored (noise) or open
    again. The city bureau only."""
    if not getattr(actor, "is_bureau", False):
        raise PermissionDenied
    if status not in TermStatus.values:
        raise ValidationError({"status": "处理状态无效"})
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "处理说明最多 200 字"})
    term = SearchTerm.objects.select_for_update().get(pk=term.pk)
    fields = ["status", "status_note"]
    before = audit.snapshot(term, fields)
    term.status, term.status_note, term.status_changed_at = status, note, timezone.now()
    term.save(update_fields=[*fields, "status_changed_at"])
    audit.record(
        actor=actor,
        action="analytics.term_mark",
        obj=term,
        before=before,
        after=audit.snapshot(term, fields),
    )
    return term


def purge(*, today: datetime.date | None = None, days: int | None = None) -> dict[str, int]:
    """Retention: per-term and per-standard day rows older than ANALYTICS_RETENTION_DAYS are
    deleted, and terms last searched before then (unless the bureau marked them); flush batch
    ids after a week. The daily site figures (no personal data) are kept."""
    today = today or timezone.localdate()
    days = days if days is not None else settings.ANALYTICS_RETENTION_DAYS
    cutoff = today - datetime.timedelta(days=days)
    counts = {
        "search_days": SearchDay.objects.filter(day__lt=cutoff).delete()[0],
        "standard_view_days": StandardViewDay.objects.filter(day__lt=cutoff).delete()[0],
        "terms": SearchTerm.objects.filter(last_seen__lt=cutoff, status=TermStatus.OPEN)
        .delete()[1]
        .get("analytics.SearchTerm", 0),
        "batches": FlushBatch.objects.filter(
            flushed_at__lt=timezone.now() - datetime.timedelta(days=7)
        ).delete()[0],
    }
    return counts
