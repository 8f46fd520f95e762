"""Reads of the provincial register: the public list, a user's projects, the bureau's queue, and
counts for dashboards."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Prefetch, Q

from provincial.choices import ProvincialStage, UpdateState
from provincial.models import DraftingUnit, ProvincialProject, StageUpdate


def _with_units(qs):
    return qs.select_related("county", "standard").prefetch_related(
        Prefetch("units", queryset=DraftingUnit.objects.select_related("organization"))
    )


def projects_public(*, q: str = "", stage: str = "", year: int | None = None):
    qs = ProvincialProject.objects.all()
    if q:
        qs = qs.filter(Q(title__icontains=q[:100]) | Q(plan_number__icontains=q[:100]))
    if stage in ProvincialStage.values:
        qs = qs.filter(stage=stage)
    if year:
        qs = qs.filter(year=year)
    return _with_units(qs.order_by("-year", "plan_number"))


def projects_of(user):
    """我的省标项目: those one of the user's organizations drafts."""
    return _with_units(ProvincialProject.objects.of_user(user).order_by("-year", "plan_number"))


def project_get(pk: int) -> ProvincialProject:
    return _with_units(ProvincialProject.objects.all()).get(pk=pk)


def sees_internals(project: ProvincialProject, user) -> bool:
    return ProvincialProject.objects.internal_visible_to(user).filter(pk=project.pk).exists()


def updates_of(project: ProvincialProject):
    return project.updates.select_related("organization", "proposed_by")


def pending_updates():
    """The bureau's queue: updates waiting for confirmation, oldest first."""
    return (
        StageUpdate.objects.filter(state=UpdateState.SUBMITTED)
        .select_related("project", "organization", "proposed_by")
        .order_by("created_at", "id")
    )


def provincial_counts(year: int | None = None) -> dict:
    """Projects by stage (every stage, in order) and by county (name, or "未关联县区"), and
    by county and stage, for dashboards: {"total", "by_stage", "by_county", "by_county_stage"}."""
    qs = ProvincialProject.objects.all()
    if year:
        qs = qs.filter(year=year)
    rows = list(qs.values("stage", "county__name").annotate(n=Count("id")))
    by_stage = {key: 0 for key in ProvincialStage.values}
    by_county: Counter = Counter()
    by_county_stage: dict[str, dict[str, int]] = {}
    for row in rows:
        county = row["county__name"] or "未关联县区"
        by_stage[row["stage"]] += row["n"]
        by_county[county] += row["n"]
        by_county_stage.setdefault(county, {})[row["stage"]] = row["n"]
    return {
        "total": sum(by_stage.values()),
        "by_stage": by_stage,
        "by_county": dict(sorted(by_county.items())),
        "by_county_stage": by_county_stage,
    }
