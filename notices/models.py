"""Articles: 通知公告, 政策法规 and 工作动态, scheduled by `publish_at`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel
from notices.choices import STATE_STAGE, ArticleState, Category


class ArticleQuerySet(models.QuerySet):
    def public(self, now=None):
        """Published articles whose time has come."""
        return self.filter(state=ArticleState.PUBLISHED, publish_at__lte=now or timezone.now())

    def visible_to(self, user):
        """The bureau sees every article (drafts, scheduled, withdrawn); everyone else the public
        ones."""
        if user is not None and getattr(user, "is_bureau", False):
            return self
        return self.public()

    def pinned_first(self):
        return self.order_by("-pinned", "-publish_at", "-id")


class Article(TimeStampedModel):
    category = models.CharField("栏目", max_length=20, choices=Category.choices, db_index=True)
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = models.TextField("正文", blank=True, help_text="保存时按白名单清理的富文本")
    publish_at = models.DateTimeField("发布时间", null=True, blank=True)
    pinned = models.BooleanField("置顶", default=False)
    state = models.CharField(
        "状态", max_length=20, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作者",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "通知公告"
        ordering = ["-pinned", "-publish_at", "-id"]
        indexes = [models.Index(fields=["state", "category", "publish_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])

    @property
    def stage(self) -> str:
        return STATE_STAGE[ArticleState(self.state)]

    @property
    def scheduled(self) -> bool:
        """Published but not yet public."""
        return (
            self.state == ArticleState.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )
