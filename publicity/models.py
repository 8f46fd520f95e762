"""Publicity notices (公示) about any record, and the objections (异议) raised against them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import AboutQuerySet, TimeStampedModel
from publicity.choices import STATE_STAGE, NoticeState


class NoticeQuerySet(AboutQuerySet):
    def visible_to(self, user):
        """Public from the first day of the period; the bureau also sees scheduled ones."""
        if user is not None and getattr(user, "is_bureau", False):
            return self
        return self.filter(starts_on__lte=timezone.localdate())

    def current(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today)

    def ended(self, today: dt.date | None = None):
        return self.filter(ends_on__lt=today or timezone.localdate())


class Notice(TimeStampedModel):
    """A publicity notice: its text, the rows it publicizes and its period (whole Shanghai days,
    `starts_on` to `ends_on` inclusive)."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="公示对象类型", on_delete=models.PROTECT
    )
    object_id = models.CharField("公示对象编号", max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    issuer = models.CharField("发布单位", max_length=100, blank=True)
    starts_on = models.DateField("公示开始日期")
    days = models.PositiveSmallIntegerField("公示天数")
    working_days = models.BooleanField("按工作日计算", default=True)
    ends_on = models.DateField("公示截止日期", db_index=True)
    columns = models.JSONField("公示列表表头", default=list, blank=True)
    # Decimal amounts and dates are stored as their text (DjangoJSONEncoder), shown as given.
    rows = models.JSONField("公示列表", default=list, blank=True, encoder=DjangoJSONEncoder)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="notice_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("publicity:notice_detail", args=[self.pk])

    def state_on(self, today: dt.date) -> NoticeState:
        if today < self.starts_on:
            return NoticeState.UPCOMING
        if today <= self.ends_on:
            return NoticeState.OPEN
        return NoticeState.ENDED

    @property
    def state(self) -> NoticeState:
        return self.state_on(timezone.localdate())

    @property
    def stage(self) -> str:
        return STATE_STAGE[self.state]

    @property
    def is_open(self) -> bool:
        return self.state == NoticeState.OPEN

    @property
    def days_left(self) -> int | None:
        """Calendar days left including today while open."""
        if not self.is_open:
            return None
        return (self.ends_on - timezone.localdate()).days + 1

    @property
    def period_label(self) -> str:
        unit = "个工作日" if self.working_days else "天"
        return f"{self.days}{unit}"


class ObjectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The bureau sees every objection; a signed-in objector their own; nobody else any."""
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(submitted_by=user)

    def unanswered(self):
        return self.filter(answered_at__isnull=True)


class Objection(TimeStampedModel):
    """An objection to a notice, raised during its period by anyone (signed in or not), answered
    by the bureau."""

    notice = models.ForeignKey(
        Notice, verbose_name="公示", on_delete=models.PROTECT, related_name="objections"
    )
    receipt = models.CharField("回执编号", max_length=32, unique=True)
    name = models.CharField("姓名", max_length=50)
    organization = models.CharField("单位", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    email = models.EmailField("电子邮箱", blank=True)
    content = models.TextField("异议内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.receipt} {self.name}"
