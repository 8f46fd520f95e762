"""Writes of the statistics: computing and storing snapshots."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core import audit
from insight import figures
from insight.choices import Scope
from insight.models import StatisticsSnapshot

KEEP = 48  # standing snapshots kept per scope (two days of hourly runs)


def may_view_dashboard(user) -> bool:
    """The city bureau (every county) and county officers (their own county)."""
    from accounts.roles import Role

    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_bureau", False):
        return True
    return user.has_role(Role.COUNTY_OFFICER) and user.county_id is not None


def may_compute(user) -> bool:
    """Only the city bureau refreshes the city's snapshots and downloads the annual report."""
    return getattr(user, "is_authenticated", False) and getattr(user, "is_bureau", False)


def snapshot_compute(*, scope: str, year: int | None = None, actor=None) -> StatisticsSnapshot:
    """Compute every figure of `scope` (over every year, or over `year` for an annual report)
    and store it. Standing snapshots beyond the last `KEEP` of the scope are deleted."""
    if scope not in Scope.values:
        raise ValueError(scope)
    filters = figures.Filters(year_from=year, year_to=year) if year else figures.Filters()
    data = figures.compute(scope, filters)
    with transaction.atomic():
        snapshot = StatisticsSnapshot.objects.create(
            scope=scope, year=year, computed_at=timezone.now(), requested_by=actor, data=data
        )
        if year is None:
            old = StatisticsSnapshot.objects.standing(scope).values_list("pk", flat=True)[KEEP:]
            StatisticsSnapshot.objects.filter(pk__in=list(old)).delete()
    return snapshot


def snapshots_refresh(*, actor=None) -> list[StatisticsSnapshot]:
    """The public and the bureau's standing snapshots, computed now (the cron command)."""
    return [snapshot_compute(scope=scope, actor=actor) for scope in (Scope.PUBLIC, Scope.BUREAU)]


def snapshots_request(*, actor) -> None:
    """The bureau asks for fresh snapshots: queued as a background task after commit."""
    if not may_compute(actor):
        raise PermissionDenied
    audit.record(actor=actor, action="insight.snapshot_request", extra={})
    transaction.on_commit(lambda: compute_snapshots.enqueue(actor.pk))


@task()
def compute_snapshots(actor_id: int | None = None) -> int:
    """Background task: recompute the standing snapshots; returns how many were stored."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return len(snapshots_refresh(actor=actor))


def annual_snapshot(*, year: int, actor=None) -> StatisticsSnapshot:
    """The bureau's figures over one year, stored as the snapshot an annual report is built
    from (so the report and a later look at the snapshot show the same numbers)."""
    return snapshot_compute(scope=Scope.BUREAU, year=year, actor=actor)
