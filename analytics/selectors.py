"""Reads of the site analytics, for the bureau's pages and for other apps (the statistics
dashboards read these, never the tables):

- `daily_figures(start, end)`: one `DayFigures` per day (Asia/Shanghai), zeros filled;
- `top_searches(start, end, limit, public=False)`: the most searched texts; `public=True` keeps
  only texts searched at least ANALYTICS_PUBLIC_MIN_SEARCHES times and not ignored;
- `zero_result_searches(start, end, status=open)`: what users could not find (bureau only);
- `top_viewed_standards(start, end, limit)`: the standards whose pages were opened most;
- `standard_view_count(standard_id)`: the stored running total (one primary-key read);
- `site_totals()`: the public running totals (one row, cached for a minute).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse

from analytics.choices import Metric, TermStatus
from analytics.models import DailyCount, FlushBatch, SearchDay, SiteTotals, StandardViewDay

MAX_DAYS = 400  # the longest period a page or export asks for
SITE_TOTALS_KEY = "analytics:site_totals"


@dataclass(frozen=True)
class DayFigures:
    day: datetime.date
    registered_users: int = 0
    home_visits: int = 0
    standard_views: int = 0
    search_page: int = 0
    search_api: int = 0
    zero_result_searches: int = 0

    @property
    def searches(self) -> int:
        return self.search_page + self.search_api


@dataclass(frozen=True)
class SiteFigures:
    registered_users: int = 0
    home_visits: int = 0
    standard_views: int = 0
    searches: int = 0
    flushed_at: datetime.datetime | None = None


_FIELD = {
    Metric.HOME_VISIT: "home_visits",
    Metric.STANDARD_VIEW: "standard_views",
    Metric.SEARCH_PAGE: "search_page",
    Metric.SEARCH_API: "search_api",
    Metric.SEARCH_ZERO: "zero_result_searches",
}


def clamp_period(start: datetime.date, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    if start > end:
        start, end = end, start
    return max(start, end - datetime.timedelta(days=MAX_DAYS - 1)), end


def daily_figures(start: datetime.date, end: datetime.date) -> list[DayFigures]:
    """Every day from `start` to `end` (inclusive, at most MAX_DAYS), oldest first. Two queries."""
    start, end = clamp_period(start, end)
    values: dict[datetime.date, dict[str, int]] = {}
    for day, metric, count in DailyCount.objects.filter(day__range=(start, end)).values_list(
        "day", "metric", "count"
    ):
        if metric in _FIELD:
            values.setdefault(day, {})[_FIELD[metric]] = count
    joined = (
        get_user_model()
        .objects.filter(date_joined__date__range=(start, end))
        .annotate(joined_on=TruncDate("date_joined"))
        .values("joined_on")
        .annotate(n=Count("id"))
        .values_list("joined_on", "n")
    )
    for day, n in joined:
        values.setdefault(day, {})["registered_users"] = n
    days = (end - start).days + 1
    return [
        DayFigures(day=day, **values.get(day, {}))
        for day in (start + datetime.timedelta(days=i) for i in range(days))
    ]


def top_searches(
    start: datetime.date, end: datetime.date, limit: int = 20, *, public: bool = False
) -> list[dict]:
    """[{"term_id", "query", "count", "zero_count", "status"}] most searched first. Public: only
    texts searched at least ANALYTICS_PUBLIC_MIN_SEARCHES times in the period, none ignored."""
    start, end = clamp_period(start, end)
    rows = (
        SearchDay.objects.filter(day__range=(start, end))
        .values("term_id", "term__query", "term__status")
        .annotate(total=Sum("count"), zero=Sum("zero_count"))
    )
    if public:
        rows = rows.exclude(term__status=TermStatus.IGNORED).filter(
            total__gte=settings.ANALYTICS_PUBLIC_MIN_SEARCHES
        )
    rows = rows.order_by("-total", "term__query")[: max(0, min(limit, 200))]
    return [
        {
            "term_id": r["term_id"],
            "query": r["term__query"],
            "count": r["total"],
            "zero_count": r["zero"],
            "status": r["term__status"],
        }
        for r in rows
    ]


def zero_result_searches(
    start: datetime.date, end: datetime.date, *, status: str | None = TermStatus.OPEN
) -> QuerySet:
    """Texts that found nothing in the period, most often first: rows of {"term_id", "query",
    "zero_count" (in the period), "count" (searches in the period), "first_seen",
    "last_zero_seen", "last_result_count", "status", "status_note"}. A queryset: page it.
    `status=None` for every status. For the bureau only."""
    start, end = clamp_period(start, end)
    rows = SearchDay.objects.filter(day__range=(start, end))
    if status:
        rows = rows.filter(term__status=status)
    return (
        rows.values(
            "term_id",
            "term__query",
            "term__first_seen",
            "term__last_zero_seen",
            "term__last_result_count",
            "term__status",
            "term__status_note",
        )
        .annotate(zero_count=Sum("zero_count"), count=Sum("count"))
        .filter(zero_count__gt=0)
        .order_by("-zero_count", "term__query")
    )


def top_viewed_standards(start: datetime.date, end: datetime.date, limit: int = 10) -> list[dict]:
    """[{"standard_id", "code", "title", "url", "views"}] most viewed in the period first; public
    standards only (a page's counts never name a hidden standard)."""
    start, end = clamp_period(start, end)
    rows = (
        StandardViewDay.objects.filter(day__range=(start, end), standard__is_public=True)
        .values("standard_id", "standard__code", "standard__code_key", "standard__title")
        .annotate(views=Sum("count"))
        .order_by("-views", "standard__code")[: max(0, min(limit, 100))]
    )
    return [
        {
            "standard_id": r["standard_id"],
            "code": r["standard__code"],
            "title": r["standard__title"],
            "url": reverse("catalog:standard_detail", kwargs={"code": r["standard__code_key"]}),
            "views": r["views"],
        }
        for r in rows
    ]


def standard_view_count(standard_id: int) -> int:
    """The standard's stored running total of page views (as of the last flush)."""
    standard = apps.get_model("catalog", "Standard")
    return standard.objects.filter(pk=standard_id).values_list("view_count", flat=True).first() or 0


def site_totals() -> SiteFigures:
    """Registered users, home visits, standard views and searches since counting began: one
    stored row, precomputed at each flush, cached for a minute."""

    def read() -> SiteFigures:
        row = SiteTotals.objects.filter(pk=1).first()
        if row is None:
            return SiteFigures()
        return SiteFigures(
            registered_users=row.registered_users,
            home_visits=row.home_visits,
            standard_views=row.standard_views,
            searches=row.searches,
            flushed_at=row.flushed_at,
        )

    return cache.get_or_set(SITE_TOTALS_KEY, read, 60)


def period_totals(figures: list[DayFigures]) -> DayFigures:
    """The sum of a list of days (its `day` is the last day)."""
    if not figures:
        return DayFigures(day=datetime.date.today())
    return DayFigures(
        day=figures[-1].day,
        **{
            name: sum(getattr(f, name) for f in figures)
            for name in ("registered_users", *_FIELD.values())
        },
    )


def includes_demo_data() -> bool:
    """Whether the figures include the demo's (`demo/analytics.py`, batches "demo-…")."""
    return FlushBatch.objects.filter(batch_id__startswith="demo-").exists()
