"""Curated achievements (品牌、典型案例) the bureau writes, and their images.

The other kinds of the showcase (published DB3708/T standards, named pilots, forerunners, awards,
upgraded standards) are not stored here: `showcase.selectors` reads them from their own records,
so that a pilot named today is shown today and one revoked disappears at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel
from showcase.choices import STATE_STAGE, Category, ItemState


class ShowcaseItemQuerySet(models.QuerySet):
    def public(self):
        return self.filter(state=ItemState.PUBLISHED)

    def visible_to(self, user):
        """The bureau sees every item (drafts and withdrawn ones); everyone else the published."""
        if user is not None and getattr(user, "is_bureau", False):
            return self
        return self.public()


class ShowcaseItem(TimeStampedModel):
    """An achievement the bureau presents itself (a 标准化品牌, a typical case), with images."""

    category = models.CharField(
        "类别", max_length=20, choices=Category.choices, default=Category.BRAND
    )
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = models.TextField("正文", blank=True, help_text="保存时按白名单清理的富文本")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    county = models.ForeignKey(
        "reference.Region",
        verbose_name="所在县(市、区)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        "reference.IndustryClass",
        verbose_name="行业门类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 1},
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="相关机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="相关标准",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_item = models.ForeignKey(
        "programs.PlanItem",
        verbose_name="相关建设项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        "状态", max_length=20, choices=ItemState.choices, default=ItemState.DRAFT, db_index=True
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    featured = models.BooleanField("首页推荐", default=False)
    position = models.PositiveIntegerField("排序", default=0, help_text="数字小的排在前面")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作者",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ShowcaseItemQuerySet.as_manager()

    class Meta:
        verbose_name = "成果展示条目"
        verbose_name_plural = "成果展示条目"
        ordering = ["position", "-published_at", "-id"]
        indexes = [models.Index(fields=["state", "featured", "position"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("showcase:detail", args=["curated", self.pk])

    @property
    def stage(self) -> str:
        return STATE_STAGE[ItemState(self.state)]


class ShowcaseImage(models.Model):
    """An image of a curated item: a PNG/JPEG document (checked by `documents`) and its
    required text alternative."""

    item = models.ForeignKey(
        ShowcaseItem, verbose_name="条目", on_delete=models.CASCADE, related_name="images"
    )
    document = models.OneToOneField(
        "documents.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    alt = models.CharField("图片说明", max_length=120, help_text="供读屏软件朗读，必填")
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "成果图片"
        verbose_name_plural = "成果图片"
        ordering = ["item", "position", "id"]

    def __str__(self) -> str:
        return self.alt

    def get_absolute_url(self) -> str:
        return reverse("showcase:image", args=[self.pk])
