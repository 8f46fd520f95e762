"""Reads of follows, always the user's own."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from follows.matching import new_match_ids
from follows.models import Follow, ObjectFollow, SavedSearch


def follows_of(user) -> QuerySet[Follow]:
    return Follow.objects.visible_to(user).select_related("standard")


def saved_searches_of(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.visible_to(user)


def follow_get(*, user, pk: int) -> Follow:
    follow = follows_of(user).filter(pk=pk).first()
    if follow is None:
        raise Http404("没有找到该关注")
    return follow


def saved_search_get(*, user, pk: int) -> SavedSearch:
    saved = saved_searches_of(user).filter(pk=pk).first()
    if saved is None:
        raise Http404("没有找到该检索")
    return saved


def followed_standard_ids(user) -> set[int]:
    return set(Follow.objects.visible_to(user).values_list("standard_id", flat=True))


def search_url(saved: SavedSearch) -> str:
    return reverse("catalog:standard_list") + "?" + urlencode(saved.params)


@dataclass
class SavedSearchRow:
    saved: SavedSearch
    new_count: int
    url: str


def saved_search_rows(user) -> list[SavedSearchRow]:
    """The user's saved searches with how many new standards match since they last looked."""
    return [
        SavedSearchRow(
            saved=saved,
            new_count=len(new_match_ids(saved.params, saved.last_seen_at, user=user)),
            url=search_url(saved),
        )
        for saved in saved_searches_of(user)
    ]


def object_follows_of(user) -> QuerySet[ObjectFollow]:
    return ObjectFollow.objects.visible_to(user).select_related("content_type")


def object_follow_get(*, user, pk: int) -> ObjectFollow:
    follow = object_follows_of(user).filter(pk=pk).first()
    if follow is None:
        raise Http404("没有找到该关注")
    return follow


@dataclass
class ObjectFollowRow:
    follow: ObjectFollow
    noun: str
    obj: object


def object_follow_rows(user) -> list[ObjectFollowRow]:
    """The user's followed records that still exist and that they may still see (one query for
    the follows, one per kind of record followed)."""
    from collections import defaultdict

    from follows import followables

    rows, by_kind = [], defaultdict(list)
    follows = list(object_follows_of(user))
    for follow in follows:
        by_kind[follow.content_type].append(follow.object_id)
    found = {}
    for content_type, ids in by_kind.items():
        kind = followables.get(f"{content_type.app_label}.{content_type.model}")
        if kind is None:
            continue
        for pk, obj in kind.in_bulk(user, ids).items():
            found[(content_type.pk, pk)] = (kind.noun, obj)
    for follow in follows:
        hit = found.get((follow.content_type_id, follow.object_id))
        if hit:
            rows.append(ObjectFollowRow(follow=follow, noun=hit[0], obj=hit[1]))
    return rows


def followers_of(model_label: str, ids) -> dict[int, list]:
    """{object id: [active users following it]} for records of one registered kind."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(apps.get_model(model_label))
    out: dict[int, list] = {}
    follows = ObjectFollow.objects.filter(
        content_type=content_type, object_id__in=list(ids), user__is_active=True
    ).select_related("user")
    for follow in follows:
        out.setdefault(follow.object_id, []).append(follow.user)
    return out
