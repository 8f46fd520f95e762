"""Site analytics: counts per Asia/Shanghai day, written only by `analytics.flush` from the
request-path buffer (`analytics.buffer`). No row holds an address, a user or a session: a search
is kept only as its normalized text (`analytics.normalize`)."""

from django.db import models
from django.utils import timezone

from analytics.choices import Metric, TermStatus

MAX_QUERY_LENGTH = 64


class DailyCount(models.Model):
    """One figure of one day: home-page visits, standard page views, searches (page / API),
    searches that found nothing. Kept for good (a few rows a day, nothing personal)."""

    day = models.DateField("日期")
    metric = models.CharField("指标", max_length=20, choices=Metric.choices)
    count = models.PositiveBigIntegerField("次数", default=0)

    class Meta:
        verbose_name = "每日统计"
        verbose_name_plural = "每日统计"
        constraints = [
            models.UniqueConstraint(fields=["day", "metric"], name="analytics_daily_day_metric")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_metric_display()} {self.count}"


class StandardViewDay(models.Model):
    """Views of one standard's page on one day. The running total per standard is the
    standard's own `view_count`, updated by the same flush (the page reads it at no cost).
    No database constraint to the catalog: a standard deleted before the flush leaves its
    counts behind instead of failing the flush; `purge_analytics` removes old days."""

    day = models.DateField("日期")
    standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="标准",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    count = models.PositiveIntegerField("浏览次数", default=0)

    class Meta:
        verbose_name = "标准每日浏览"
        verbose_name_plural = "标准每日浏览"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "standard"], name="analytics_standard_view_day_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} #{self.standard_id} {self.count}"


class SearchTerm(models.Model):
    """A normalized search text (NFKC, lower case, spaces collapsed, at most 64 characters),
    with its totals and the bureau's answer when users found nothing (handled: a standard or
    a synonym was added; ignored: noise). A handled term that finds nothing again reopens."""

    query = models.CharField("检索词", max_length=MAX_QUERY_LENGTH, unique=True)
    total = models.PositiveIntegerField("检索次数", default=0)
    zero_total = models.PositiveIntegerField("无结果次数", default=0)
    last_result_count = models.PositiveIntegerField("最近结果数", default=0)
    first_seen = models.DateField("首次检索")
    last_seen = models.DateField("最近检索")
    last_zero_seen = models.DateField("最近无结果", null=True, blank=True)
    status = models.CharField(
        "处理状态", max_length=10, choices=TermStatus.choices, default=TermStatus.OPEN
    )
    status_note = models.CharField("处理说明", max_length=200, blank=True)
    status_changed_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "检索词"
        verbose_name_plural = "检索词"
        indexes = [models.Index(fields=["status", "-zero_total"], name="analytics_term_zero")]

    def __str__(self) -> str:
        return self.query


class SearchDay(models.Model):
    """How often a term was searched on one day, and how often it found nothing. Removed
    after ANALYTICS_RETENTION_DAYS by `purge_analytics`."""

    day = models.DateField("日期")
    term = models.ForeignKey(SearchTerm, verbose_name="检索词", on_delete=models.CASCADE)
    count = models.PositiveIntegerField("检索次数", default=0)
    zero_count = models.PositiveIntegerField("无结果次数", default=0)

    class Meta:
        verbose_name = "检索词每日次数"
        verbose_name_plural = "检索词每日次数"
        constraints = [
            models.UniqueConstraint(fields=["day", "term"], name="analytics_search_day_term")
        ]

    def __str__(self) -> str:
        return f"{self.day} #{self.term_id} {self.count}"


class SiteTotals(models.Model):
    """The one row of running totals the public pages read (precomputed at each flush, never
    summed per request). Its row lock also serializes flushes across app nodes."""

    home_visits = models.PositiveBigIntegerField("首页访问", default=0)
    standard_views = models.PositiveBigIntegerField("标准浏览", default=0)
    searches = models.PositiveBigIntegerField("检索", default=0)
    registered_users = models.PositiveIntegerField("注册用户", default=0)
    flushed_at = models.DateTimeField("最近汇总", null=True, blank=True)

    class Meta:
        verbose_name = "网站累计"
        verbose_name_plural = "网站累计"

    def __str__(self) -> str:
        return "网站累计"


class FlushBatch(models.Model):
    """A buffer batch already written to the database: a flush that crashed after its commit
    and before it deleted the batch from Redis finds its id here and does not count it twice."""

    batch_id = models.CharField("批次", max_length=64, unique=True)
    fields = models.PositiveIntegerField("条目数", default=0)
    flushed_at = models.DateTimeField("汇总时间", default=timezone.now)

    class Meta:
        verbose_name = "汇总批次"
        verbose_name_plural = "汇总批次"

    def __str__(self) -> str:
        return self.batch_id
