"""Alerts: catalog changes → one notification per follower.

Follows is a consumer of the catalog's change outbox (`catalog.outbox`) with its own cursor
(`follows`): after this node's indexer applied changes (`outbox.changes_indexed`), and from the
digest, `process_pending` reads what the outbox holds beyond the cursor — but never beyond this
node's search cursor, since new standards are matched against saved searches in the index — and
tells each follower once per batch (a bulk import gives one notification per user, not one per
standard). The notifications and the cursor move are one transaction, so nothing is told twice
and nothing is lost. Replacement links are told once each (`CatalogChange` keeps those told).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from follows.choices import ChangeKind
from follows.models import CatalogChange, Follow, SavedSearch

log = logging.getLogger(__name__)
MAX_LINES = 50
CHUNK = 5_000  # ids per IN (...) query
CURSOR = "follows"
BATCH = 20_000


def on_changes_indexed(sender=None, **kwargs) -> None:
    """Receiver of `catalog.outbox.changes_indexed` (connected in `FollowsConfig.ready`)."""
    process_pending_safely()


def process_pending_safely() -> None:
    """After a commit: never fail the request for an alert; the rows stay pending."""
    try:
        process_pending()
    except Exception:
        log.exception("follow alerts failed; the changes stay pending")


@dataclass
class Line:
    text: str
    title: str
    url: str
    obj: object = None


def _status_label(value: str) -> str:
    from catalog.choices import Status

    return Status(value).label if value in Status.values else value or "—"


def _visible(user, standard) -> bool:
    return standard.is_public or getattr(user, "is_bureau", False)


def _status_lines(rows: list[dict], lines) -> None:
    first: dict[int, str] = {}  # the status before the first change of each standard
    for row in rows:
        first.setdefault(row["standard_id"], row["data"]["status"][0])
    follows = Follow.objects.filter(standard_id__in=list(first)).select_related("user", "standard")
    for follow in follows:
        s, old_value = follow.standard, first[follow.standard_id]
        if not _visible(follow.user, s) or s.status == old_value:
            continue
        old, new = _status_label(old_value), _status_label(s.status)
        lines[follow.user].append(
            Line(
                text=f"{s.code}《{s.title}》状态由“{old}”变为“{new}”",
                title=f"关注的标准 {s.code} 状态变为“{new}”",
                url=s.get_absolute_url(),
                obj=s,
            )
        )


def _new_links(rows: list[dict]) -> list[CatalogChange]:
    """The replacement links among `rows` not told before, recorded as told now."""
    wanted: dict[str, CatalogChange] = {}
    for row in rows:
        data = row["data"]
        key = f"{row['code_key']}>{data['new_key']}"[:220]
        wanted[key] = CatalogChange(
            kind=ChangeKind.REPLACED,
            code_key=row["code_key"],
            old_value="部分" if data.get("partial") else "",
            new_value=(data.get("new_code") or "")[:100],
            dedupe_key=key,
            processed_at=timezone.now(),
        )
    keys = list(wanted)
    told = set()
    for start in range(0, len(keys), CHUNK):
        told.update(
            CatalogChange.objects.filter(dedupe_key__in=keys[start : start + CHUNK]).values_list(
                "dedupe_key", flat=True
            )
        )
    fresh = [change for key, change in wanted.items() if key not in told]
    CatalogChange.objects.bulk_create(fresh, batch_size=2_000, ignore_conflicts=True)
    return fresh


def _replaced_lines(changes: list[CatalogChange], lines) -> None:
    by_key = defaultdict(list)
    for c in changes:
        by_key[c.code_key].append(c)
    follows = Follow.objects.filter(standard__code_key__in=by_key).select_related(
        "user", "standard"
    )
    for follow in follows:
        s = follow.standard
        if not _visible(follow.user, s):
            continue
        for c in by_key[s.code_key]:
            verb = f"{c.old_value}代替"
            lines[follow.user].append(
                Line(
                    text=f"{s.code}《{s.title}》已被 {c.new_value} {verb}",
                    title=f"关注的标准 {s.code} 已被 {c.new_value} {verb}",
                    url=s.get_absolute_url(),
                    obj=s,
                )
            )


def match_text(saved: SavedSearch, codes: list[str]) -> str:
    shown = "、".join(codes[:5]) + ("等" if len(codes) > 5 else "")
    return f"保存的检索“{saved.name}”有 {len(codes)} 项新标准：{shown}"


def _match_lines(ids: list[int], lines) -> None:
    from catalog.models import Standard, search_scopes
    from follows.matching import matching_ids

    groups: dict[tuple, list[SavedSearch]] = defaultdict(list)
    for saved in SavedSearch.objects.select_related("user").filter(user__is_active=True):
        scopes = tuple(search_scopes(saved.user))
        groups[(repr(sorted(saved.params.items())), scopes)].append(saved)
    codes = {}
    for searches in groups.values():
        matched = matching_ids(searches[0].params, ids, user=searches[0].user)
        if not matched:
            continue
        missing = sorted(matched - codes.keys())
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            codes.update(Standard.objects.filter(pk__in=chunk).values_list("pk", "code"))
        found = sorted(codes[pk] for pk in matched if pk in codes)
        if not found:
            continue
        for saved in searches:
            lines[saved.user].append(
                Line(
                    text=match_text(saved, found),
                    title=f"保存的检索“{saved.name}”有 {len(found)} 项新标准",
                    url=reverse("follows:saved_search_open", args=[saved.pk]),
                )
            )


def tell(user, lines: list[Line], *, title: str | None = None) -> None:
    """One notification (inbox + email) to `user` summarising `lines`."""
    from notifications.choices import Kind
    from notifications.services import notify

    if len(lines) == 1 and title is None:
        line = lines[0]
        notify(
            recipients=[user],
            kind=Kind.ALERT,
            title=line.title,
            body=line.text + "。",
            url=line.url,
            obj=line.obj,
        )
        return
    body = "\n".join(f"· {line.text}" for line in lines[:MAX_LINES])
    if len(lines) > MAX_LINES:
        body += f"\n……另有 {len(lines) - MAX_LINES} 项，请到“我的关注”查看。"
    notify(
        recipients=[user],
        kind=Kind.ALERT,
        title=title or f"您关注的标准和检索有 {len(lines)} 项更新",
        body=body,
        url=reverse("follows:home"),
    )


def process_pending() -> int:
    """Turn the outbox rows beyond the follows cursor into notifications; returns how many
    users were told. Rows this node's index has not applied yet wait for the next run."""
    from catalog import outbox
    from catalog.models import CatalogChange as Change
    from catalog.search import indexer

    ceiling = outbox.cursor_state(indexer.cursor_name())
    if ceiling is None or indexer.needs_rebuild(ceiling):
        return 0  # this node's index is not there yet: new standards could not be matched
    told = 0
    while True:
        with transaction.atomic():
            cursor = outbox.lock_cursor(CURSOR)
            batch = outbox.read(CURSOR, limit=BATCH, ceiling=ceiling, cursor=cursor)
            if not batch.changed:
                return told
            rows = batch.rows
            lines: dict = defaultdict(list)
            status = [r for r in rows if r["kind"] == Change.Kind.UPDATED and "status" in r["data"]]
            if status:
                _status_lines(status, lines)
            linked = [r for r in rows if r["kind"] == Change.Kind.LINKED]
            if linked:
                _replaced_lines(_new_links(linked), lines)
            created = [r["standard_id"] for r in rows if r["kind"] == Change.Kind.CREATED]
            if created and SavedSearch.objects.exists():
                _match_lines(created, lines)
            for user, user_lines in lines.items():
                if user.is_active:
                    tell(user, user_lines)
            outbox.advance(batch)
        told += len(lines)
        if len(rows) < BATCH:
            return told
