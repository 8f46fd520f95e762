"""Precomputed statistics: public pages and the public API read these, never the live tables."""

from django.conf import settings
from django.db import models

from core.models import TimeStampedModel
from insight.choices import Scope


class SnapshotQuerySet(models.QuerySet):
    def standing(self, scope: str):
        """The snapshots over every year (not an annual report's), newest first."""
        return self.filter(scope=scope, year=None).order_by("-computed_at", "-id")


class StatisticsSnapshot(TimeStampedModel):
    """The figures of `insight.figures` as computed at one moment for one audience (公开 or 市局),
    over every year or (an annual report's) one year. Written by `manage.py compute_statistics`
    (cron) or on the bureau's request; never changed afterwards."""

    scope = models.CharField("范围", max_length=10, choices=Scope.choices)
    year = models.PositiveSmallIntegerField(
        "年度", null=True, blank=True, help_text="为空表示全部年度；有值为年度报告所用"
    )
    computed_at = models.DateTimeField("计算时间", db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="为空表示定时任务计算",
    )
    data = models.JSONField("统计数据", default=dict)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "统计快照"
        verbose_name_plural = "统计快照"
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["scope", "year", "-computed_at"], name="snapshot_latest")]

    def __str__(self) -> str:
        year = f"{self.year}年度" if self.year else "全部年度"
        return f"{self.get_scope_display()} {year} {self.computed_at:%Y-%m-%d %H:%M}"

    def figure(self, key: str) -> dict | None:
        return next((f for f in self.data.get("figures", []) if f["key"] == key), None)
