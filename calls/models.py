"""Calls (征集/申报通知) with an application window in Asia/Shanghai time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from calls.choices import STATE_STAGE, CallState, CloseKind
from calls.programs import program_label
from core.models import TimeStampedModel


def _state_q(state: str, now: dt.datetime) -> Q:
    open_q = Q(closed_at__isnull=True)
    return {
        CallState.UPCOMING: open_q & Q(opens_at__gt=now),
        CallState.OPEN: open_q & Q(opens_at__lte=now, closes_at__gt=now),
        CallState.ENDED: open_q & Q(closes_at__lte=now),
        CallState.CLOSED: Q(close_kind=CloseKind.CLOSED),
        CallState.WITHDRAWN: Q(close_kind=CloseKind.WITHDRAWN),
    }[CallState(state)]


class CallQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Calls are public notices; a withdrawn one is seen by the bureau only."""
        if user is not None and getattr(user, "is_bureau", False):
            return self
        return self.exclude(close_kind=CloseKind.WITHDRAWN)

    def in_state(self, state: str, now: dt.datetime | None = None):
        return self.filter(_state_q(state, now or timezone.now()))

    def open_first(self, now: dt.datetime | None = None):
        """Open calls first (closing soonest first), then upcoming, then the rest, newest first."""
        now = now or timezone.now()
        return self.annotate(
            _rank=Case(
                When(_state_q(CallState.OPEN, now), then=Value(0)),
                When(_state_q(CallState.UPCOMING, now), then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        ).order_by("_rank", "closes_at", "-opens_at", "-id")


class Call(TimeStampedModel):
    """An annual call of a program with its window, guidance and eligibility; the bureau may close
    it early or withdraw it."""

    program = models.CharField("项目类别", max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("标题", max_length=200)
    guidance = models.TextField("申报指南", blank=True, help_text="保存时按白名单清理的富文本")
    eligibility = models.TextField("申报条件", blank=True)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    close_kind = models.CharField("关闭方式", max_length=20, choices=CloseKind.choices, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    close_reason = models.CharField("关闭原因", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = "征集通知"
        verbose_name_plural = "征集通知"
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["program", "closes_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_window_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:call_detail", args=[self.pk])

    @property
    def program_label(self) -> str:
        return program_label(self.program)

    def state_at(self, now: dt.datetime) -> CallState:
        if self.close_kind:
            return CallState(self.close_kind)
        if now < self.opens_at:
            return CallState.UPCOMING
        if now < self.closes_at:
            return CallState.OPEN
        return CallState.ENDED

    @property
    def state(self) -> CallState:
        return self.state_at(timezone.now())

    @property
    def stage(self) -> str:
        return STATE_STAGE[self.state]

    @property
    def last_day(self) -> dt.date:
        """The last local day of the window (a window closing at midnight ends the day before)."""
        return (timezone.localtime(self.closes_at) - dt.timedelta(microseconds=1)).date()

    @property
    def days_left(self) -> int | None:
        """Whole days left including today while open (1 = closes tonight); None otherwise."""
        if self.state != CallState.OPEN:
            return None
        return (self.last_day - timezone.localdate()).days + 1
