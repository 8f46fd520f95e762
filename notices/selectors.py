"""Reads of articles, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from notices.choices import Category
from notices.models import Article


def articles_visible_to(user) -> QuerySet[Article]:
    return Article.objects.visible_to(user)


def public_articles(category: str | None = None) -> QuerySet[Article]:
    qs = Article.objects.public().pinned_first()
    return qs.filter(category=category) if category else qs


def home_notices(limit: int = 5) -> list[Article]:
    """Pinned, then latest public 通知公告: one bounded query."""
    return list(
        public_articles(Category.NOTICE).only("id", "title", "category", "publish_at", "pinned")[
            :limit
        ]
    )
