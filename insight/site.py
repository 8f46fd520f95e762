"""Site figures: registered users from accounts; home-page visits and standard views from the
site analytics, which this module does not import.

THE SEAM: `_analytics_totals()` is the one place that will ask the analytics app (its
`analytics.selectors`) for the visits and views, connected at merge. Until then it answers
None for both, which pages show as "暂无数据" and the API as null.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model


def _analytics_totals() -> dict[str, int | None]:
    """{"home_visits": int | None, "standard_views": int | None} — the analytics seam."""
    return {"home_visits": None, "standard_views": None}


def registered_users() -> int:
    """Active accounts (one query)."""
    return get_user_model().objects.filter(is_active=True).count()


def site_figures() -> dict[str, int | None]:
    """{"registered_users", "home_visits", "standard_views"}; None where not counted (yet)."""
    return {"registered_users": registered_users(), **_analytics_totals()}
