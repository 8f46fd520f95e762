"""Writes of articles: the city bureau only, validated, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from notices import editorial
from notices.choices import ArticleState, Category
from notices.models import Article

EDITABLE = ("category", "title", "summary", "body", "publish_at", "pinned")


def _require_bureau(actor) -> None:
    editorial.require_bureau(actor, "只有市市场监管局可以发布和管理通知公告")


def _check_publish_at(values: dict) -> dict[str, str]:
    publish_at = values.get("publish_at")
    if publish_at is not None and (
        not isinstance(publish_at, dt.datetime) or timezone.is_naive(publish_at)
    ):
        return {"publish_at": "请填写有效的发布时间"}
    return {}


def _clean(values: dict) -> dict:
    """Validated, normalized field values; every problem reported at once, by field."""
    values = editorial.clean(
        values, categories=Category.values, category_error="请选择栏目", check=_check_publish_at
    )
    values["pinned"] = bool(values.get("pinned"))
    return values


@transaction.atomic
def article_create(
    *,
    category: str,
    title: str,
    summary: str = "",
    body: str = "",
    publish_at: dt.datetime | None = None,
    pinned: bool = False,
    actor,
) -> Article:
    """A draft article; `article_publish` makes it public (at `publish_at` when that is later)."""
    _require_bureau(actor)
    values = _clean(
        {
            "category": category,
            "title": title,
            "summary": summary,
            "body": body,
            "publish_at": publish_at,
            "pinned": pinned,
        }
    )
    article = Article.objects.create(author=actor, **values)
    audit.record(
        actor=actor, action="article.create", obj=article, after=audit.snapshot(article, EDITABLE)
    )
    return article


@transaction.atomic
def article_update(*, article: Article, actor, **changes) -> Article:
    """Change an article's fields (those in EDITABLE), in any state."""
    _require_bureau(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    article = Article.objects.select_for_update().get(pk=article.pk)
    values = _clean({**{f: getattr(article, f) for f in EDITABLE}, **changes})
    audit.save_changes(article, values, fields=EDITABLE, actor=actor, action="article.update")
    return article


@transaction.atomic
def article_publish(*, article: Article, publish_at: dt.datetime | None = None, actor) -> Article:
    """Publish a draft or withdrawn article: public from `publish_at` (given, already set, or
    now)."""
    _require_bureau(actor)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.state == ArticleState.PUBLISHED:
        raise ValidationError("该文章已发布")
    if publish_at is not None and timezone.is_naive(publish_at):
        raise ValidationError({"publish_at": "请填写有效的发布时间"})
    article.publish_at = publish_at or article.publish_at or timezone.now()
    article.state = ArticleState.PUBLISHED
    article.save(update_fields=["state", "publish_at", "updated_at"])
    audit.record(
        actor=actor,
        action="article.publish",
        obj=article,
        extra={"publish_at": article.publish_at.isoformat()},
    )
    return article


@transaction.atomic
def article_withdraw(*, article: Article, reason: str = "", actor) -> Article:
    """Withdraw a published article: the public no longer sees it."""
    _require_bureau(actor)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.state != ArticleState.PUBLISHED:
        raise ValidationError("只有已发布的文章可以撤回")
    article.state = ArticleState.WITHDRAWN
    article.save(update_fields=["state", "updated_at"])
    audit.record(
        actor=actor,
        action="article.withdraw",
        obj=article,
        extra={"reason": (reason or "").strip()[:300]},
    )
    return article
