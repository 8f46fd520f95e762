"""Alerts: catalog changes → one notification per follower.

The catalog services call `catalog_changed(...)` / `links_changed(...)` inside their transaction;
that writes `CatalogChange` rows (an outbox) and schedules `process_pending` after commit, which
tells each follower once per commit, summarising everything that commit changed (a bulk import
gives one notification per user, not one per standard). New standards are matched against saved
searches through the search index, so they wait until the indexer has applied them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalog.models import Standard
from follows.choices import ChangeKind
from follows.models import CatalogChange, Follow, SavedSearch

log = logging.getLogger(__name__)
MAX_LINES = 50
CHUNK = 5_000  # ids per IN (...) query
CREATE_ACTIONS = {"standard.create", "standard.import_create"}


def catalog_changed(
    events: Iterable = (), links: Iterable = (), created_keys: Iterable[str] = ()
) -> None:
    """Record what followers may care about from audit events of standards (creations and status
    changes) and new replacement links. Call inside the writing transaction. Only what someone
    follows is recorded, so a bulk import into a catalog nobody follows writes (almost) nothing."""
    created, status = [], {}
    for event in events:
        if not event.object_id:
            continue
        fields = (event.changes or {}).get("fields", {})
        if event.action in CREATE_ACTIONS:
            created.append(int(event.object_id))
        elif "status" in fields:
            status[int(event.object_id)] = fields["status"]
    rows = []
    created_keys = list(created_keys)
    if created_keys and SavedSearch.objects.exists():
        # Bulk imports audit creations per chunk, so they name the new standards by key.
        created += Standard.objects.filter(code_key__in=created_keys).values_list("pk", flat=True)
    if created and SavedSearch.objects.exists():
        rows += [CatalogChange(kind=ChangeKind.CREATED, standard_id=pk) for pk in created]
    if status:
        followed = Follow.objects.filter(standard_id__in=list(status)).values_list(
            "standard_id", flat=True
        )
        for pk in set(followed):
            old, new = status[pk]
            rows.append(
                CatalogChange(
                    kind=ChangeKind.STATUS,
                    standard_id=pk,
                    old_value=old or "",
                    new_value=new or "",
                )
            )
    for link in links:
        rows.append(
            CatalogChange(
                kind=ChangeKind.REPLACED,
                code_key=link.old_key,
                old_value="部分" if link.is_partial else "",
                new_value=link.new_code[:100],
                dedupe_key=f"{link.old_key}>{link.new_key}"[:220],
            )
        )
    if not rows:
        return
    CatalogChange.objects.bulk_create(rows, batch_size=2_000, ignore_conflicts=True)
    transaction.on_commit(process_pending_safely)


def links_changed(standard) -> None:
    """After replacement links of `standard` were edited by hand: tell about links not told yet."""
    catalog_changed(links=[*standard.replaces_links.all(), *standard.replaced_by_links.all()])


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


def _status_lines(changes, lines) -> None:
    by_standard = {c.standard_id: c for c in changes}  # the last change of each wins
    follows = Follow.objects.filter(standard_id__in=by_standard).select_related("user", "standard")
    for follow in follows:
        s, change = follow.standard, by_standard[follow.standard_id]
        if not _visible(follow.user, s) or s.status == change.old_value:
            continue
        old, new = _status_label(change.old_value), _status_label(s.status)
        lines[follow.user].append(
            Line(
                text=f"{s.code}《{s.title}》状态由“{old}”变为“{new}”",
                title=f"关注的标准 {s.code} 状态变为“{new}”",
                url=s.get_absolute_url(),
                obj=s,
            )
        )


def _replaced_lines(changes, lines) -> None:
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
    from catalog.models import Standard
    from follows.matching import matching_ids

    groups: dict[str, list[SavedSearch]] = defaultdict(list)
    for saved in SavedSearch.objects.select_related("user").filter(user__is_active=True):
        groups[repr(sorted(saved.params.items()))].append(saved)
    codes = {}
    for searches in groups.values():
        matched = matching_ids(searches[0].params, ids)
        if not matched:
            continue
        missing = sorted(matched - codes.keys())
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            codes.update(Standard.objects.filter(pk__in=chunk).values_list("pk", "code"))
        found = sorted(codes[pk] for pk in matched if pk in codes)
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
    """Turn pending catalog changes into notifications; returns how many users were told.
    New standards not yet in the search index stay pending for the next run."""
    from catalog.models import SearchIndexChange

    with transaction.atomic():
        pending = list(
            CatalogChange.objects.select_for_update(skip_locked=True)
            .filter(processed_at=None)
            .order_by("id")
        )
        created = [c.standard_id for c in pending if c.kind == ChangeKind.CREATED]
        unindexed = set()
        for start in range(0, len(created), CHUNK):
            unindexed.update(
                SearchIndexChange.objects.filter(
                    standard_id__in=created[start : start + CHUNK]
                ).values_list("standard_id", flat=True)
            )
        ready = [c for c in pending if c.standard_id not in unindexed or c.kind != "created"]
        if not ready:
            return 0
        lines: dict = defaultdict(list)
        _status_lines([c for c in ready if c.kind == ChangeKind.STATUS], lines)
        _replaced_lines([c for c in ready if c.kind == ChangeKind.REPLACED], lines)
        new_ids = [c.standard_id for c in ready if c.kind == ChangeKind.CREATED]
        if new_ids and SavedSearch.objects.exists():
            _match_lines(new_ids, lines)
        for user, user_lines in lines.items():
            if user.is_active:
                tell(user, user_lines)
        now, done = timezone.now(), [c.pk for c in ready]
        for start in range(0, len(done), CHUNK):
            CatalogChange.objects.filter(pk__in=done[start : start + CHUNK]).update(
                processed_at=now
            )
    return len(lines)
