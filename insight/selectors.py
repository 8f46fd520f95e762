"""Reads of the statistics."""

from __future__ import annotations

from insight import figures
from insight.choices import Scope
from insight.models import StatisticsSnapshot


def latest_snapshot(scope: str = Scope.PUBLIC) -> StatisticsSnapshot | None:
    """The newest standing snapshot of `scope`: one query, whatever the size of the catalog."""
    return StatisticsSnapshot.objects.standing(scope).first()


def dashboard_filters(user, filters: figures.Filters) -> figures.Filters:
    """A county officer's dashboard is always their own county, whatever was asked."""
    if getattr(user, "is_bureau", False):
        return filters
    return figures.Filters(filters.year_from, filters.year_to, user.county_id)


def dashboard_figures(user, filters: figures.Filters) -> dict:
    """The bureau's figures computed now under the user's scope (bounded GROUP BY queries)."""
    return figures.compute(Scope.BUREAU, dashboard_filters(user, filters))


def dashboard_figure(user, key: str, filters: figures.Filters) -> dict:
    return figures.figure(key, Scope.BUREAU, dashboard_filters(user, filters))
