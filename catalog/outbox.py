"""The catalog's change outbox (`CatalogChange`) and its consumers' cursors (`ChangeCursor`).

Every catalog write records what changed in the same transaction (`record`, `record_keys`,
`record_links`). Consumers read the outbox in id order, each with its own cursor: every app
node's search indexer (`search:<SEARCH_NODE>`) and the follows alerts (`follows`).

Ids come from a sequence, but on PostgreSQL a transaction that took a lower id may commit after
one that took a higher id. A consumer that reads past an id not yet visible records it as a gap
and re-reads its gaps on every read until the row appears or the gap is older than
`CATALOG_OUTBOX_GAP_SECONDS` (longer than any write transaction: its id was rolled back). Applying
a row twice must be harmless (the indexer re-reads the standard; follows advances its cursor in
the transaction that writes its notifications). Rows are pruned below the smallest live cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.dispatch import Signal
from django.utils import timezone

from catalog.models import CatalogChange, ChangeCursor, Standard
from core import sql_lists

Kind = CatalogChange.Kind
# Sent (outside any index lock) after an indexer applied outbox rows to its index: consumers
# that need indexed standards (follows' saved searches) go on from there. kwargs: applied.
changes_indexed = Signal()
ROW_FIELDS = ("id", "kind", "standard_id", "code_key", "data")
MAX_GAPS = 1_000


def gap_seconds() -> int:
    return getattr(settings, "CATALOG_OUTBOX_GAP_SECONDS", 900)


def stale_after() -> dt.timedelta:
    """A cursor not moved (or touched) for this long is no longer live: pruning ignores it and
    its consumer must start again (a search node rebuilds)."""
    return dt.timedelta(days=getattr(settings, "CATALOG_OUTBOX_STALE_DAYS", 7))


# --- writing ----------------------------------------------------------------------------------


# Who applies the outbox right after a commit in embedded mode (SEARCH_INDEXER=inline): the
# search indexer registers itself at start-up (CatalogConfig.ready), so the outbox, which the
# indexer reads, does not import it back.
_inline_consumers: list = []


def on_commit_apply(consumer) -> None:
    """Register a callable run after each commit that wrote to the outbox (inline mode)."""
    if consumer not in _inline_consumers:
        _inline_consumers.append(consumer)


def _after_commit() -> None:
    if settings.SEARCH_INDEXER == "inline":
        for consumer in _inline_consumers:
            consumer()


def _schedule() -> None:
    # Once per write; a second run after the same commit finds nothing to do (two queries).
    transaction.on_commit(_after_commit)


def record(kind: str, standards: Iterable[tuple[int, str]], *, data: dict | None = None) -> None:
    """Record changes of these (id, code_key) standards, in the caller's transaction."""
    rows = [
        CatalogChange(kind=kind, standard_id=pk, code_key=key, data=data or {})
        for pk, key in standards
    ]
    if not rows:
        return
    CatalogChange.objects.bulk_create(rows, batch_size=2_000)
    _schedule()


def record_status(standards: Iterable[tuple[Standard, str]]) -> None:
    """Record updates of standards, with their old status when it changed."""
    rows = [
        CatalogChange(
            kind=Kind.UPDATED,
            standard_id=s.pk,
            code_key=s.code_key,
            data={"status": [old, s.status]} if old != s.status else {},
        )
        for s, old in standards
    ]
    if rows:
        CatalogChange.objects.bulk_create(rows, batch_size=2_000)
        _schedule()


def record_keys(kind: str, code_keys: list[str]) -> None:
    """Like `record`, for standards known by code key (a bulk import): one INSERT … SELECT per
    chunk of keys, in the caller's transaction."""
    if not code_keys:
        return
    qn = connection.ops.quote_name
    outbox, standards = qn(CatalogChange._meta.db_table), qn(Standard._meta.db_table)
    created_at = CatalogChange._meta.get_field("created_at").get_db_prep_save(
        timezone.now(), connection
    )
    data = CatalogChange._meta.get_field("data").get_db_prep_save({}, connection)
    with connection.cursor() as cursor:
        for chunk in sql_lists.chunks(code_keys):
            where, params = sql_lists.column_in("code_key", chunk)
            sql = (
                f"INSERT INTO {outbox} (kind, standard_id, code_key, data, created_at) "  # noqa: S608 (quoted names, bound values)
                f"SELECT %s, id, code_key, %s, %s FROM {standards} WHERE {where} ORDER BY id"
            )
            cursor.execute(sql, [str(kind), data, created_at, *params])
    _schedule()


def record_links(links: Iterable) -> None:
    """Record replacement links (`StandardReplacement`): code_key is the replaced standard's."""
    rows = [
        CatalogChange(
            kind=Kind.LINKED,
            standard_id=link.old_id,
            code_key=link.old_key,
            data={"new_key": link.new_key, "new_code": link.new_code, "partial": link.is_partial},
        )
        for link in links
    ]
    if rows:
        CatalogChange.objects.bulk_create(rows, batch_size=2_000)
        _schedule()


# --- reading ----------------------------------------------------------------------------------


@dataclass
class Batch:
    """Rows read by one consumer, and where its cursor goes once they are applied."""

    name: str
    rows: list[dict]
    position: int
    gaps: list = field(default_factory=list)
    changed: bool = False


def cursor_state(name: str) -> ChangeCursor | None:
    return ChangeCursor.objects.filter(name=name).first()


def lock_cursor(name: str) -> ChangeCursor:
    """The cursor, created if need be, locked for the rest of the caller's transaction (a write
    first, so that SQLite takes its write lock before the read)."""
    ChangeCursor.objects.get_or_create(name=name)
    ChangeCursor.objects.filter(name=name).update(updated_at=timezone.now())
    return ChangeCursor.objects.select_for_update().get(name=name)


def _live_gaps(gaps: list, now: dt.datetime) -> list:
    limit = now.timestamp() - gap_seconds()
    return [g for g in gaps if g[2] >= limit]


def _in(gaps: list, pk: int) -> bool:
    return any(lo <= pk <= hi for lo, hi, _ in gaps)


def _without(gaps: list, found: set[int]) -> list:
    """Gap ranges with the found ids taken out (a range may split)."""
    out = []
    for lo, hi, since in gaps:
        inside = sorted(pk for pk in found if lo <= pk <= hi)
        start = lo
        for pk in inside:
            if pk > start:
                out.append([start, pk - 1, since])
            start = pk + 1
        if start <= hi:
            out.append([start, hi, since])
    return out


def holes(ids: list[int], after: int, upto: int) -> list[list[int]]:
    """The ranges of ids in (after, upto] missing from the sorted `ids`."""
    out, expected = [], after + 1
    for pk in ids:
        if pk > expected:
            out.append([expected, pk - 1])
        expected = max(expected, pk + 1)
    if upto >= expected:
        out.append([expected, upto])
    return out


def read(
    name: str,
    *,
    limit: int = 20_000,
    ceiling: ChangeCursor | None = None,
    cursor: ChangeCursor | None = None,
    now: dt.datetime | None = None,
) -> Batch:
    """The next rows for consumer `name`: its gaps first, then rows past its position (up to
    `limit`). With `ceiling` (another consumer's cursor), only rows that one has applied."""
    now = now or timezone.now()
    cur = cursor or ChangeCursor.objects.filter(name=name).first() or ChangeCursor(name=name)
    gaps = _live_gaps(cur.gaps or [], now)
    ahead = Q(id__gt=cur.position)
    if ceiling is not None:
        ahead &= Q(id__lte=ceiling.position)
    condition = ahead
    for lo, hi, _since in gaps:
        condition |= Q(id__gte=lo, id__lte=hi)
    rows = list(CatalogChange.objects.filter(condition).order_by("id").values(*ROW_FIELDS)[:limit])
    if ceiling is not None and ceiling.gaps:
        rows = [r for r in rows if not _in(ceiling.gaps, r["id"])]
    found_in_gaps = {r["id"] for r in rows if r["id"] <= cur.position}
    past = [r["id"] for r in rows if r["id"] > cur.position]
    position = past[-1] if past else cur.position
    stamp = now.timestamp()
    new_gaps = _without(gaps, found_in_gaps) + [
        [lo, hi, stamp] for lo, hi in holes(past, cur.position, position)
    ]
    if len(new_gaps) > MAX_GAPS:  # keep the newest; older ones would soon expire anyway
        new_gaps = new_gaps[-MAX_GAPS:]
    changed = bool(rows) or new_gaps != (cur.gaps or [])
    return Batch(name=name, rows=rows, position=position, gaps=new_gaps, changed=changed)


def advance(batch: Batch, **extra) -> None:
    """Move the cursor once the batch is applied (in the consumer's transaction if it has one)."""
    updated = ChangeCursor.objects.filter(name=batch.name).update(
        position=batch.position, gaps=batch.gaps, updated_at=timezone.now(), **extra
    )
    if not updated:
        ChangeCursor.objects.create(
            name=batch.name, position=batch.position, gaps=batch.gaps, **extra
        )


def start_position(now: dt.datetime | None = None) -> tuple[int, list]:
    """A cursor for a consumer starting from a snapshot taken now (a rebuild): the newest id,
    and as gaps the ids missing among recent rows (transactions still open may commit them)."""
    now = now or timezone.now()
    top = CatalogChange.objects.aggregate(m=Max("id"))["m"] or 0
    since = now - dt.timedelta(seconds=gap_seconds())
    recent = CatalogChange.objects.filter(created_at__gte=since, id__lte=top)
    low = recent.aggregate(m=Min("id"))["m"]
    if low is None:
        return top, []
    ids = list(recent.order_by("id").values_list("id", flat=True))
    stamp = now.timestamp()
    return top, [[lo, hi, stamp] for lo, hi in holes(ids, low - 1, top)][-MAX_GAPS:]


def max_id() -> int:
    return CatalogChange.objects.aggregate(m=Max("id"))["m"] or 0


def live_cursors(now: dt.datetime | None = None):
    now = now or timezone.now()
    return ChangeCursor.objects.filter(updated_at__gte=now - stale_after())


def is_stale(cur: ChangeCursor, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return cur.updated_at is not None and cur.updated_at < now - stale_after()


def prune(*, chunk: int = 10_000) -> int:
    """Delete rows every live cursor has passed (and that no gap may still bring back)."""
    marks = []
    for cur in live_cursors():
        marks.append(cur.position + 1)
        marks.extend(lo for lo, _hi, _since in cur.gaps or [])
    if not marks:
        return 0
    below = min(marks)
    deleted = 0
    low = CatalogChange.objects.aggregate(m=Min("id"))["m"]
    while low is not None and low < below:
        top = min(below, low + chunk)
        with transaction.atomic():
            deleted += CatalogChange.objects.filter(id__gte=low, id__lt=top).delete()[0]
        low = top
    return deleted
