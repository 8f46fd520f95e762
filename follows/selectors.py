"""Reads of follows, always the user's own."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from follows.matching import new_match_ids
from follows.models import Follow, SavedSearch


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
