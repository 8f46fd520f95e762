"""The periodic digest (`manage.py send_follow_digest`): one message per user with the new matches
of their saved searches and the followed standards about to take effect or be abolished. Every
item sent is recorded (`DigestItem`), so running it again sends nothing new."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from follows.alerts import Line, match_text, process_pending_safely, tell
from follows.choices import Period
from follows.matching import new_match_ids
from follows.models import DigestItem, Follow, SavedSearch

PERIOD_DAYS = {Period.DAILY: 1, Period.WEEKLY: 7}


def _upcoming_items(user_follows, today, ahead) -> list[tuple[str, Line]]:
    from catalog.choices import Status

    items = []
    horizon = today + dt.timedelta(days=ahead)
    for follow in user_follows:
        s = follow.standard
        url = s.get_absolute_url()
        if (
            s.status == Status.UPCOMING
            and s.implement_date
            and today <= s.implement_date <= horizon
        ):
            days = (s.implement_date - today).days
            text = (
                f"{s.code}《{s.title}》将于 {s.implement_date:%Y年%m月%d日} 实施（还有 {days} 天）"
            )
            items.append((f"implement:{s.pk}:{s.implement_date}", Line(text, text, url, s)))
        if s.status != Status.ABOLISHED and s.abolish_date and today <= s.abolish_date <= horizon:
            days = (s.abolish_date - today).days
            text = f"{s.code}《{s.title}》将于 {s.abolish_date:%Y年%m月%d日} 废止（还有 {days} 天）"
            items.append((f"abolish:{s.pk}:{s.abolish_date}", Line(text, text, url, s)))
    return items


def _match_items(searches, since) -> list[tuple[list[str], SavedSearch, list[int]]]:
    out = []
    for saved in searches:
        ids = sorted(
            new_match_ids(saved.params, max(since, saved.created_at), user=saved.user, limit=None)
        )
        if ids:
            out.append(([f"match:{saved.pk}:{pk}" for pk in ids], saved, ids))
    return out


def send_follow_digest(*, period: str = Period.DAILY, now=None) -> dict[str, int]:
    """Send each user with something new one digest; returns users told and items sent."""
    from catalog.models import Standard

    period = Period(period)
    process_pending_safely()  # alerts still waiting (e.g. indexed by the worker since)
    now = now or timezone.now()
    today = timezone.localdate(now)
    since = now - dt.timedelta(days=PERIOD_DAYS[period])
    ahead = settings.FOLLOW_UPCOMING_DAYS
    follows_by_user = defaultdict(list)
    for follow in Follow.objects.filter(user__is_active=True).select_related("user", "standard"):
        follows_by_user[follow.user].append(follow)
    searches_by_user = defaultdict(list)
    for saved in SavedSearch.objects.filter(user__is_active=True).select_related("user"):
        searches_by_user[saved.user].append(saved)
    users_told = items_sent = 0
    for user in set(follows_by_user) | set(searches_by_user):
        sent = set(DigestItem.objects.filter(user=user).values_list("key", flat=True))
        keys, lines = [], []
        for key, line in _upcoming_items(follows_by_user[user], today, ahead):
            if key not in sent:
                keys.append(key)
                lines.append(line)
        for item_keys, saved, ids in _match_items(searches_by_user[user], since):
            fresh = [(k, pk) for k, pk in zip(item_keys, ids, strict=True) if k not in sent]
            if not fresh:
                continue
            codes = sorted(
                Standard.objects.filter(pk__in=[pk for _, pk in fresh]).values_list(
                    "code", flat=True
                )
            )
            url = reverse("follows:saved_search_open", args=[saved.pk])
            text = match_text(saved, codes)
            lines.append(Line(text, text, url))
            keys.extend(k for k, _ in fresh)
        if not lines:
            continue
        with transaction.atomic():
            DigestItem.objects.bulk_create(
                [DigestItem(user=user, key=k, period=period, sent_at=now) for k in keys],
                ignore_conflicts=True,
            )
            tell(user, lines, title=f"{period.label}关注摘要：{len(lines)} 项更新")
        users_told += 1
        items_sent += len(keys)
    return {"users": users_told, "items": items_sent}
