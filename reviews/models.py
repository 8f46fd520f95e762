"""Score sheets (评分表) with ordered criteria, and experts' reviews of any record."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import AboutQuerySet, TimeStampedModel
from reviews.choices import DEFAULT_VOTES


class ScoreSheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The bureau manages sheets; an expert sees the sheets of their reviews."""
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(reviews__expert=user).distinct()


class ScoreSheet(TimeStampedModel):
    """A score sheet of a program: ordered criteria with their maximum points, a pass mark and
    the votes an expert chooses from. Frozen once used; changes go into a new version."""

    name = models.CharField("名称", max_length=100)
    program = models.CharField("项目类别", max_length=40, db_index=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name="上一版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pass_mark = models.DecimalField("合格分", max_digits=6, decimal_places=1)
    votes = models.JSONField("表决选项", default=list)
    frozen_at = models.DateTimeField("启用时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "评分表"
        verbose_name_plural = "评分表"
        ordering = ["program", "name", "-version"]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    def get_absolute_url(self) -> str:
        return reverse("reviews:sheet_edit", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def vote_choices(self) -> list[tuple[str, str]]:
        return [tuple(v) for v in (self.votes or DEFAULT_VOTES)]

    def vote_label(self, key: str) -> str:
        return dict(self.vote_choices).get(key, key)

    @property
    def max_total(self) -> Decimal:
        return sum((c.max_points for c in self.criteria.all()), Decimal(0))


class Criterion(models.Model):
    """One row of a score sheet."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name="评分表", on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField("序号")
    label = models.CharField("评分项", max_length=100)
    description = models.CharField("评分说明", max_length=500, blank=True)
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "评分项"
        verbose_name_plural = "评分项"
        ordering = ["sheet", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "position"], name="criterion_position"),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="criterion_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class ReviewQuerySet(AboutQuerySet):
    def visible_to(self, user):
        """The bureau sees every review; an expert their own; nobody else any."""
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(expert=user)

    def pending(self):
        return self.filter(submitted_at__isnull=True)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Review(TimeStampedModel):
    """An expert's review of a record on a score sheet: assigned with a due date, then submitted
    with a score per criterion, the total, a vote, an opinion and a no-conflict declaration."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="评审对象类型", on_delete=models.PROTECT
    )
    object_id = models.CharField("评审对象编号", max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name="评分表", on_delete=models.PROTECT, related_name="reviews"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="评审专家",
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    due = models.DateField("评审期限", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="指派人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # {criterion id: points as text}: Decimal kept exact in JSON.
    scores = models.JSONField("各项得分", default=dict, blank=True)
    total = models.DecimalField("总分", max_digits=7, decimal_places=1, null=True, blank=True)
    vote = models.CharField("表决意见", max_length=40, blank=True)
    opinion = models.TextField("评审意见", blank=True)
    declared_no_conflict = models.BooleanField("已声明无利益冲突", default=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "专家评审"
        verbose_name_plural = "专家评审"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["expert", "submitted_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "expert"], name="one_review_per_expert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} 评审 {self.content_type.model}#{self.object_id}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:review_detail", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def overdue(self) -> bool:
        return not self.is_submitted and self.due is not None and self.due < timezone.localdate()

    @property
    def vote_label(self) -> str:
        return self.sheet.vote_label(self.vote) if self.vote else ""

    def score_for(self, criterion: Criterion) -> Decimal | None:
        value = (self.scores or {}).get(str(criterion.pk))
        return Decimal(value) if value is not None else None
