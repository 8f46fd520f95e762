"""Site figures: registered users from accounts; home-page visits and standard views from the
site analytics (`analytics.selectors.site_totals`, one stored row kept by its flush). Before
the first flush they are None, which pages show as "暂无数据" and the API as null."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from analytics.selectors import site_totals


def _analytics_totals() -> dict[str, int | None]:
    """{"home_visits": int | None, "standard_views": int | None}: None until counting began."""
    totals = site_totals()
    if totals.flushed_at is None:
        return {"home_visits": None, "standard_views": None}
    return {"home_visits": totals.home_visits, "standard_views": totals.standard_views}


def registered_users() -> int:
    """Active accounts (one query)."""
    return get_user_model().objects.filter(is_active=True).count()


def site_figures() -> dict[str, int | None]:
    """{"registered_users", "home_visits", "standard_views"}; None where not counted (yet)."""
    return {"registered_users": registered_users(), **_analytics_totals()}
