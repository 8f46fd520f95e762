"""Keeping the topics' rule matches current, and telling the topics' followers.

Rules are evaluated with the catalog's own search as the public sees it (public scope), at
most `RULE_CAP` matches each (the page says when a rule found more). Their matches are stored
(`NodePlacement` rows with the rule), so pages read a table, not the index.

The topics are a consumer of the catalog outbox with their own cursor (`topics`): after this
node's indexer applied changes (`outbox.changes_indexed`) and from `manage.py refresh_topics`
(cron, every few minutes), `process_pending` reads the rows beyond the cursor (never beyond the
node's search cursor: new standards are matched in the index), re-checks the changed standards
against every rule, and tells each follower of an affected topic **one** notification per batch:
a new standard entered the topic, a standard in it was abolished or replaced. Drafts opening for
comment in a topic's field are told once each (`ToldConsultation`). The notifications and the
cursor move are one transaction; replaying is harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from topics.models import NodePlacement, NodeRule, ToldConsultation, Topic

log = logging.getLogger(__name__)
CURSOR = "topics"
RULE_CAP = 2_000  # matches kept per rule
BATCH = 20_000
CONSULTATION_DAYS = 30  # a consultation opened longer ago than this is never told


def evaluate_rule(rule: NodeRule) -> int:
    """Recompute one rule's matches from the index (public scope, capped); returns how many
    are stored. Idempotent."""
    from catalog.filters import search_form
    from catalog.search import query as search_query
    from catalog.selectors import search_request

    form = search_form(rule.params)
    ids: list[int] = []
    count = 0
    if form.is_valid():
        req = search_request(user=None, data=form.cleaned_data, limit=RULE_CAP, facets=False)
        result = search_query.search(req)
        ids, count = result.ids[:RULE_CAP], result.count
    with transaction.atomic():
        rule = NodeRule.objects.select_for_update().filter(pk=rule.pk).first()
        if rule is None:
            return 0
        wanted = set(ids)
        have = set(NodePlacement.objects.filter(rule=rule).values_list("standard_id", flat=True))
        gone = have - wanted
        if gone:
            NodePlacement.objects.filter(rule=rule, standard_id__in=gone).delete()
        NodePlacement.objects.bulk_create(
            [NodePlacement(node_id=rule.node_id, rule=rule, standard_id=pk) for pk in ids
             if pk not in have],
            batch_size=1_000, ignore_conflicts=True,
        )  # fmt: skip
        rule.match_count, rule.is_capped = count, count > RULE_CAP
        rule.evaluated_at = timezone.now()
        rule.save(update_fields=["match_count", "is_capped", "evaluated_at", "updated_at"])
    return len(ids)


def refresh_all() -> int:
    """Re-evaluate every rule (the `--full` refresh); returns how many rules."""
    rules = list(NodeRule.objects.all())
    for rule in rules:
        evaluate_rule(rule)
    return len(rules)


# --- the outbox ---------------------------------------------------------------------------------


def on_changes_indexed(sender=None, **kwargs) -> None:
    """Receiver of `catalog.outbox.changes_indexed` (connected in `TopicsConfig.ready`)."""
    try:
        process_pending()
    except Exception:
        log.exception("topics refresh failed; the changes stay pending")


def _recheck(changed: list[int], entered: dict) -> None:
    """Add or remove the changed standards in every rule's matches; `entered` collects
    {standard id: {rule ids}} of additions."""
    from follows.matching import matching_ids

    placed = _rule_placements(changed)
    for rule in NodeRule.objects.all():
        matched = matching_ids(rule.params, changed) if changed else set()
        present = placed.get(rule.pk, set())
        gone = present - matched
        if gone:
            NodePlacement.objects.filter(rule=rule, standard_id__in=gone).delete()
        fresh = sorted(matched - present)
        room = RULE_CAP - NodePlacement.objects.filter(rule=rule).count()
        if len(fresh) > room:
            fresh = fresh[: max(room, 0)]
            NodeRule.objects.filter(pk=rule.pk).update(is_capped=True)
        NodePlacement.objects.bulk_create(
            [NodePlacement(node_id=rule.node_id, rule=rule, standard_id=pk) for pk in fresh],
            ignore_conflicts=True,
        )
        if matched != present:
            NodeRule.objects.filter(pk=rule.pk).update(
                match_count=max(rule.match_count + len(fresh) - len(gone), 0),
                evaluated_at=timezone.now(),
            )
        for pk in fresh:
            entered[pk].add(rule.pk)


def _rule_placements(changed: list[int]) -> dict[int, set[int]]:
    """{rule id: {ids among `changed` it has placed}}, in one query over the id range
    rather than one IN list per rule: a bulk import's batch is 20,000 ids, and nine rules sent
    180,000 parameters per batch (on PostgreSQL most of a fresh index's rebuild time). A rule
    holds at most about RULE_CAP rows, so the range reads at most that many per rule."""
    out: dict[int, set[int]] = defaultdict(set)
    if not changed:
        return out
    wanted = set(changed)
    rows = NodePlacement.objects.filter(
        rule__isnull=False, standard_id__gte=min(changed), standard_id__lte=max(changed)
    ).values_list("rule_id", "standard_id")
    for rule_id, standard_id in rows:
        if standard_id in wanted:
            out[rule_id].add(standard_id)
    return out


def _topics_of(standard_ids) -> dict[int, set[int]]:
    """{standard id: {topic ids}} of the standards in some published topic's tree."""
    out: dict[int, set[int]] = defaultdict(set)
    ids = sorted(standard_ids)
    for start in range(0, len(ids), 5_000):
        rows = NodePlacement.objects.filter(
            standard_id__in=ids[start : start + 5_000], node__topic__is_published=True
        ).values_list("standard_id", "node__topic_id")
        for standard_id, topic_id in rows:
            out[standard_id].add(topic_id)
    return out


def _new_links(rows: list[dict]) -> list[dict]:
    """Replacement links not told to topics' followers before, recorded as told now (in the
    follows' table of told links, under a key of their own)."""
    from follows.choices import ChangeKind
    from follows.models import CatalogChange as Told

    wanted = {}
    for row in rows:
        key = f"topics:{row['code_key']}>{row['data'].get('new_key', '')}"[:220]
        wanted[key] = row
    told = set(
        Told.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True)
    )
    fresh = {k: r for k, r in wanted.items() if k not in told}
    Told.objects.bulk_create(
        [Told(kind=ChangeKind.REPLACED, code_key=r["code_key"][:100], dedupe_key=k,
              new_value=(r["data"].get("new_code") or "")[:100], processed_at=timezone.now())
         for k, r in fresh.items()],
        ignore_conflicts=True,
    )  # fmt: skip
    return list(fresh.values())


def _lines_for_changes(rows: list[dict], entered: dict[int, set[int]], lines) -> None:
    from catalog.models import CatalogChange as Change
    from catalog.models import Standard
    from follows.alerts import Line
    from follows.models import Follow
    from follows.selectors import followers_of

    created = {r["standard_id"] for r in rows if r["kind"] == Change.Kind.CREATED}
    new_in = {pk for pk in entered if pk in created}
    abolished = {
        r["standard_id"]
        for r in rows
        if r["kind"] == Change.Kind.UPDATED
        and (r["data"].get("status") or [None, None])[1] == "abolished"
    }
    linked_rows = [r for r in rows if r["kind"] == Change.Kind.LINKED and r["standard_id"]]
    linked = []
    if linked_rows:
        in_topics = _topics_of({r["standard_id"] for r in linked_rows})
        linked = _new_links([r for r in linked_rows if r["standard_id"] in in_topics])
    replaced = defaultdict(list)
    for row in linked:
        replaced[row["standard_id"]].append(row["data"].get("new_code") or "")
    ids = new_in | abolished | set(replaced)
    if not ids:
        return
    where = _topics_of(ids)
    if not where:
        return
    standards = (
        Standard.objects.public().filter(pk__in=list(where)).only("code", "title", "code_key")
    )
    topics = Topic.objects.in_bulk({t for ts in where.values() for t in ts})
    followers = followers_of("topics.topic", topics)
    # Who follows the standard itself hears of its abolition or replacement from that follow
    # (follows.alerts, the same outbox rows): not a second time from the topic.
    told_directly = set(
        Follow.objects.filter(standard_id__in=abolished | set(replaced)).values_list(
            "user_id", "standard_id"
        )
    )
    for s in standards:
        for topic_id in sorted(where[s.pk]):
            topic = topics[topic_id]
            news, standard_news = [], []
            if s.pk in new_in:
                news.append(f"新标准 {s.code}《{s.title}》进入专题“{topic.name}”")
            if s.pk in abolished:
                standard_news.append(f"专题“{topic.name}”中的 {s.code}《{s.title}》已废止")
            for new_code in replaced.get(s.pk, []):
                standard_news.append(
                    f"专题“{topic.name}”中的 {s.code}《{s.title}》已被 {new_code} 代替"
                )
            for user in followers.get(topic_id, []):
                direct = (user.pk, s.pk) in told_directly
                for text in news if direct else news + standard_news:
                    lines[user].append(
                        Line(text=text, title=text, url=topic.get_absolute_url(), obj=topic)
                    )


def _tell(lines) -> int:
    from follows.alerts import tell

    for user, user_lines in lines.items():
        title = None if len(user_lines) == 1 else f"您关注的专题有 {len(user_lines)} 项更新"
        tell(user, user_lines, title=title)
    return len(lines)


def process_pending() -> int:
    """Apply the outbox rows beyond the topics' cursor; returns how many users were told."""
    from catalog import outbox
    from catalog.search import indexer

    ceiling = outbox.cursor_state(indexer.cursor_name())
    if ceiling is None or indexer.needs_rebuild(ceiling):
        return 0
    mine = outbox.cursor_state(CURSOR)
    if mine is None or outbox.is_stale(mine):
        # A new (or long-stopped) consumer starts from now, with every rule evaluated in full:
        # the outbox rows before now may be gone.
        position, gaps = outbox.start_position()
        outbox.advance(outbox.Batch(name=CURSOR, rows=[], position=position, gaps=gaps))
        refresh_all()
    told = 0
    while True:
        with transaction.atomic():
            cursor = outbox.lock_cursor(CURSOR)
            batch = outbox.read(CURSOR, limit=BATCH, ceiling=ceiling, cursor=cursor)
            if not batch.changed:
                return told
            rows = batch.rows
            changed = sorted(
                {r["standard_id"] for r in rows if r["standard_id"] and r["kind"] != "linked"}
            )
            entered: dict[int, set[int]] = defaultdict(set)
            if changed and NodeRule.objects.exists():
                _recheck(changed, entered)
            lines: dict = defaultdict(list)
            _lines_for_changes(rows, entered, lines)
            told += _tell(lines)
            outbox.advance(batch)
        if len(rows) < BATCH:
            return told


# --- drafts open for comment ------------------------------------------------------------------


def topic_words(topic: Topic) -> list[str]:
    """What "in the topic's field" means for a consultation title: the topic's keywords and
    the words of its rules' queries (consultations carry no ICS/CCS)."""
    words = set(topic.keywords.split())
    for rule in NodeRule.objects.filter(node__topic=topic):
        words.update((rule.params.get("q") or "").split())
    return sorted(w for w in words if len(w) >= 2)


def tell_consultations(now: dt.datetime | None = None) -> int:
    """Tell the followers of each published topic of the consultations that opened in its field
    and were not told yet; returns how many users were told."""
    from consultation.models import Consultation
    from follows.alerts import Line
    from follows.selectors import followers_of

    now = now or timezone.now()
    with transaction.atomic():
        opened = list(
            Consultation.objects.public(now)
            .filter(opens_at__gte=now - dt.timedelta(days=CONSULTATION_DAYS), closes_at__gte=now)
            .exclude(pk__in=ToldConsultation.objects.values("consultation_id"))
            .select_for_update(skip_locked=True)
            .order_by("id")[:500]
        )
        if not opened:
            return 0
        topics = list(Topic.objects.published())
        followers = followers_of("topics.topic", [t.pk for t in topics])
        lines: dict = defaultdict(list)
        for topic in topics:
            if not followers.get(topic.pk):
                continue
            words = topic_words(topic)
            for c in opened:
                if not any(w in c.title for w in words):
                    continue
                text = (
                    f"专题“{topic.name}”领域的《{c.title}》正在征求意见，"
                    f"截止 {timezone.localdate(c.closes_at):%Y-%m-%d}"
                )
                for user in followers[topic.pk]:
                    lines[user].append(Line(text=text, title=text, url=c.get_absolute_url(), obj=c))
        ToldConsultation.objects.bulk_create(
            [ToldConsultation(consultation=c) for c in opened], ignore_conflicts=True
        )
        return _tell(lines)
