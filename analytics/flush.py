"""Moving the buffer's counts into the database: `flush()` (run by `manage.py flush_analytics`
every minute, and by each process's flusher thread).

One transaction per batch. It first updates the `SiteTotals` row, which takes its lock: flushes
from several nodes run one after the other, so each reads the day rows and writes them back
added (`bulk_create(update_conflicts=True)`, an upsert on SQLite and PostgreSQL) without losing
a concurrent flush's counts. The batch id is written in the same transaction (`FlushBatch`): a
batch seen again after a crash between commit and clean-up is dropped, not counted twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from analytics.buffer import Batch, get_buffer
from analytics.choices import Metric, SearchSource, TermStatus
from analytics.models import (
    DailyCount,
    FlushBatch,
    SearchDay,
    SearchTerm,
    SiteTotals,
    StandardViewDay,
)
from analytics.selectors import SITE_TOTALS_KEY

CHUNK = 500
SOURCE_METRIC = {SearchSource.PAGE: Metric.SEARCH_PAGE, SearchSource.API: Metric.SEARCH_API}


@dataclass
class _Term:
    total: int = 0
    zero: int = 0
    first: datetime.date | None = None
    last: datetime.date | None = None
    last_zero: datetime.date | None = None
    result_day: datetime.date | None = None
    result_count: int = 0

    def seen(self, day: datetime.date) -> None:
        self.first = min(self.first or day, day)
        self.last = max(self.last or day, day)


@dataclass
class Parsed:
    daily: dict[tuple[datetime.date, str], int] = field(default_factory=lambda: defaultdict(int))
    views: dict[tuple[datetime.date, int], int] = field(default_factory=lambda: defaultdict(int))
    terms: dict[str, _Term] = field(default_factory=lambda: defaultdict(_Term))
    term_days: dict[tuple[datetime.date, str], list[int]] = field(
        default_factory=lambda: defaultdict(lambda: [0, 0])
    )


def parse(counts: dict[str, int]) -> Parsed:
    """The buffer's fields (see `analytics.buffer`) as rows to add; malformed fields are skipped."""
    out = Parsed()
    for key, n in counts.items():
        kind, _, rest = key.partition("|")
        day_text, _, rest = rest.partition("|")
        try:
            day = datetime.date.fromisoformat(day_text)
            n = int(n)
        except ValueError:
            continue
        if kind == "h":
            out.daily[(day, Metric.HOME_VISIT)] += n
        elif kind == "v" and rest.isdigit():
            out.daily[(day, Metric.STANDARD_VIEW)] += n
            out.views[(day, int(rest))] += n
        elif kind == "s":
            source, _, query = rest.partition("|")
            if source not in SOURCE_METRIC:
                continue
            out.daily[(day, SOURCE_METRIC[source])] += n
            if query:
                out.terms[query].total += n
                out.terms[query].seen(day)
                out.term_days[(day, query)][0] += n
        elif kind == "z":
            out.daily[(day, Metric.SEARCH_ZERO)] += n
            if rest:
                term = out.terms[rest]
                term.zero += n
                term.last_zero = max(term.last_zero or day, day)
                out.term_days[(day, rest)][1] += n
        elif kind == "r" and rest:
            term = out.terms[rest]
            if term.result_day is None or day >= term.result_day:
                term.result_day, term.result_count = day, n
    # Terms only "r"/"z" without "s" cannot happen from one request; drop them if a buffer was cut.
    for query in [q for q, t in out.terms.items() if not t.total]:
        del out.terms[query]
    cap = getattr(settings, "ANALYTICS_MAX_TERMS_PER_FLUSH", 5000)
    if len(out.terms) > cap:  # a flood of distinct texts: keep the most searched
        kept = set(sorted(out.terms, key=lambda q: -out.terms[q].total)[:cap])
        out.terms = {q: t for q, t in out.terms.items() if q in kept}
    out.term_days = {k: v for k, v in out.term_days.items() if k[1] in out.terms}
    return out


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _lock_totals(now) -> None:
    """Take the flush lock: the first statement of the transaction is a write on the one row."""
    if not SiteTotals.objects.filter(pk=1).update(flushed_at=now):
        SiteTotals.objects.create(pk=1, flushed_at=now)


def _add_daily(daily: dict) -> None:
    if not daily:
        return
    days = {day for day, _ in daily}
    existing = {(row.day, row.metric): row.count for row in DailyCount.objects.filter(day__in=days)}
    DailyCount.objects.bulk_create(
        [
            DailyCount(day=day, metric=metric, count=existing.get((day, metric), 0) + n)
            for (day, metric), n in sorted(daily.items())
        ],
        update_conflicts=True,
        unique_fields=["day", "metric"],
        update_fields=["count"],
    )


def _add_views(views: dict) -> None:
    if not views:
        return
    days = {day for day, _ in views}
    ids = sorted({pk for _, pk in views})
    existing = {}
    for chunk in _chunks(ids):
        for row in StandardViewDay.objects.filter(day__in=days, standard_id__in=chunk):
            existing[(row.day, row.standard_id)] = row.count
    rows = [
        StandardViewDay(day=day, standard_id=pk, count=existing.get((day, pk), 0) + n)
        for (day, pk), n in sorted(views.items())
    ]
    for chunk in _chunks(rows):
        StandardViewDay.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["day", "standard"],
            update_fields=["count"],
        )
    # The running total the standard's page shows (one statement per chunk of standards).
    per_standard: dict[int, int] = defaultdict(int)
    for (_, pk), n in views.items():
        per_standard[pk] += n
    standard = apps.get_model("catalog", "Standard")
    for chunk in _chunks(ids):
        standard.objects.filter(pk__in=chunk).update(
            view_count=F("view_count")
            + Case(*(When(pk=pk, then=Value(per_standard[pk])) for pk in chunk), default=0)
        )


def _add_terms(terms: dict[str, _Term], term_days: dict) -> None:
    if not terms:
        return
    queries = sorted(terms)
    existing: dict[str, SearchTerm] = {}
    for chunk in _chunks(queries):
        existing.update({t.query: t for t in SearchTerm.objects.filter(query__in=chunk)})
    now = timezone.now()
    rows = []
    for query in queries:
        new = terms[query]
        old = existing.get(query)
        row = SearchTerm(
            query=query,
            total=new.total + (old.total if old else 0),
            zero_total=new.zero + (old.zero_total if old else 0),
            first_seen=min(new.first, old.first_seen) if old else new.first,
            last_seen=max(new.last, old.last_seen) if old else new.last,
            last_zero_seen=max(
                filter(None, [new.last_zero, old and old.last_zero_seen]), default=None
            ),
            last_result_count=(
                new.result_count
                if new.result_day and (not old or new.result_day >= old.last_seen)
                else (old.last_result_count if old else 0)
            ),
            status=old.status if old else TermStatus.OPEN,
            status_note=old.status_note if old else "",
            status_changed_at=old.status_changed_at if old else None,
        )
        if old and old.status == TermStatus.HANDLED and new.zero:  # still not found: reopen
            row.status, row.status_changed_at = TermStatus.OPEN, now
        rows.append(row)
    fields = [
        "total",
        "zero_total",
        "first_seen",
        "last_seen",
        "last_zero_seen",
        "last_result_count",
        "status",
        "status_changed_at",
    ]
    for chunk in _chunks(rows):
        SearchTerm.objects.bulk_create(
            chunk, update_conflicts=True, unique_fields=["query"], update_fields=fields
        )
    ids = {}
    for chunk in _chunks(queries):
        ids.update(SearchTerm.objects.filter(query__in=chunk).values_list("query", "id"))
    days = {day for day, _ in term_days}
    old_days = {}
    for chunk in _chunks(sorted(ids.values())):
        for row in SearchDay.objects.filter(day__in=days, term_id__in=chunk):
            old_days[(row.day, row.term_id)] = (row.count, row.zero_count)
    day_rows = []
    for (day, query), (count, zero) in sorted(term_days.items()):
        before = old_days.get((day, ids[query]), (0, 0))
        day_rows.append(
            SearchDay(
                day=day, term_id=ids[query], count=before[0] + count, zero_count=before[1] + zero
            )
        )
    for chunk in _chunks(day_rows):
        SearchDay.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["day", "term"],
            update_fields=["count", "zero_count"],
        )


def apply(batch: Batch) -> bool:
    """Write one batch; False when it had been written already (nothing changes then)."""
    parsed = parse(batch.counts)
    now = timezone.now()
    with transaction.atomic():
        _lock_totals(now)
        if FlushBatch.objects.filter(batch_id=batch.batch_id).exists():
            return False
        FlushBatch.objects.create(batch_id=batch.batch_id, fields=len(batch.counts), flushed_at=now)
        _add_daily(parsed.daily)
        _add_views(parsed.views)
        _add_terms(parsed.terms, parsed.term_days)

        def total(*metrics) -> int:
            return sum(n for (_, m), n in parsed.daily.items() if m in metrics)

        SiteTotals.objects.filter(pk=1).update(
            home_visits=F("home_visits") + total(Metric.HOME_VISIT),
            standard_views=F("standard_views") + total(Metric.STANDARD_VIEW),
            searches=F("searches") + total(Metric.SEARCH_PAGE, Metric.SEARCH_API),
            registered_users=get_user_model().objects.filter(is_active=True).count(),
        )
    return True


@dataclass
class FlushResult:
    batches: int = 0
    fields: int = 0
    skipped: int = 0


def flush(buffer=None) -> FlushResult:
    """Drain the buffer (this node's: `get_buffer()`) into the database. A batch whose write
    fails stays in the buffer (the error is raised; the next flush retries it)."""
    buffer = get_buffer() if buffer is None else buffer
    result = FlushResult()
    for batch in buffer.take():
        if batch.counts:
            if apply(batch):
                result.batches += 1
                result.fields += len(batch.counts)
            else:
                result.skipped += 1
        buffer.done(batch)
    if not result.batches:  # a quiet minute: the public figure of registered users still moves
        SiteTotals.objects.filter(pk=1).update(
            registered_users=get_user_model().objects.filter(is_active=True).count()
        )
    cache.delete(SITE_TOTALS_KEY)  # the public totals show this flush from the next request
    return result
