"""Writes of the standardization profile: score-model versions, computed scores, and the
bureau's manual decisions on drafting-unit links. Every write is audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.choices import DraftingMatch
from catalog.models import StandardDraftingOrganization
from core import audit
from directory.models import Organization
from profiles import models as m
from profiles.facts import facts_of
from profiles.models import OrganizationScore, ScoreModel
from profiles.recommendations import stored_recommendations
from profiles.scoring import score


def _require_bureau(actor) -> None:
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied("只有市市场监管局可以进行此操作")


def _decimal(value, label: str) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label}应为数字") from None
    if not number.is_finite() or number < 0 or number > 10_000:
        raise ValidationError(f"{label}应在 0 到 10000 之间")
    return f"{number.quantize(Decimal('0.01'))}"


def score_model_default() -> ScoreModel:
    """The first version, created when none exists (the defaults documented on the page)."""
    current = ScoreModel.objects.current()
    if current is not None:
        return current
    return ScoreModel.objects.create(
        version=1,
        weights=m.DEFAULT_WEIGHTS,
        points=m.DEFAULT_POINTS,
        caps=m.DEFAULT_CAPS,
        note="初始版本",
    )


@transaction.atomic
def score_model_publish(
    *, weights: dict, half_life_years, breadth_points, points: dict, caps: dict, note: str, actor
) -> ScoreModel:
    """Save a new version of the score model (the old ones stay, with the scores computed by
    them); the next computation uses it."""
    _require_bureau(actor)
    if Decimal(str(half_life_years or 0)) <= 0:
        raise ValidationError("时效半衰期应大于 0 年")
    clean_weights = {
        kind: {role: _decimal(weights.get(kind, {}).get(role, 0), "标准权重") for role in m.ROLES}
        for kind in m.KINDS
    }
    clean_points = {key: _decimal(points.get(key, 0), "成果分值") for key in m.EXTRAS}
    clean_caps = {
        key: _decimal(caps[key], "上限") for key in m.CAPPED if caps.get(key) not in (None, "")
    }
    last = ScoreModel.objects.select_for_update().order_by("-version").first()
    model = ScoreModel.objects.create(
        version=(last.version + 1) if last else 1,
        weights=clean_weights,
        half_life_years=Decimal(_decimal(half_life_years, "时效半衰期")),
        breadth_points=Decimal(_decimal(breadth_points, "广度加分")),
        points=clean_points,
        caps=clean_caps,
        note=note,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="profiles.model_publish",
        obj=model,
        message=f"发布评分模型第 {model.version} 版",
        after={
            "weights": clean_weights,
            "half_life_years": str(model.half_life_years),
            "breadth_points": str(model.breadth_points),
            "points": clean_points,
            "caps": clean_caps,
        },
    )
    return model


def organization_score_refresh(
    *, organization: Organization, actor=None, model: ScoreModel | None = None, memo=None
) -> OrganizationScore:
    """Compute and store one organization's score and recommendations."""
    model = model or score_model_default()
    facts = facts_of(organization)
    breakdown = score(facts, model.params())
    led = sum(1 for f in facts.standards if f.role == "lead")
    values = {
        "model": model,
        "total": breakdown.total,
        "breakdown": breakdown.as_json(),
        "categories": {k: f"{v:.2f}" for k, v in breakdown.by_category().items()},
        "led_count": led,
        "joined_count": len(facts.standards) - led,
        "recommendations": stored_recommendations(organization, memo=memo),
        "computed_at": timezone.now(),
    }
    stored, _ = OrganizationScore.objects.update_or_create(
        organization=organization, defaults=values
    )
    if actor is not None:  # a refresh on demand; the nightly run writes one event for all
        audit.record(
            actor=actor,
            action="profiles.score_refresh",
            obj=organization,
            message=f"重新计算标准化水平：{stored.total} 分",
        )
    return stored


def profiles_compute(*, actor=None, organizations=None, progress=None) -> int:
    """Every organization's score and recommendations (the nightly `compute_profiles`)."""
    model = score_model_default()
    memo: dict = {}
    qs = organizations if organizations is not None else Organization.objects.all()
    count = 0
    for organization in qs.select_related("industry").order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            organization_score_refresh(organization=organization, model=model, memo=memo)
        count += 1
        if progress:
            progress(1)
    audit.record(
        actor=actor,
        action="profiles.compute",
        message=f"计算标准化档案：{count} 个机构（评分模型第 {model.version} 版）",
        extra={"organizations": count, "model": model.version},
    )
    return count


@transaction.atomic
def drafting_unit_decide(
    *, unit: StandardDraftingOrganization, organization: Organization | None, actor
) -> StandardDraftingOrganization:
    """The bureau links a drafting unit to an organization, confirms a link, or undoes it
    (`organization=None`); the automatic matching never changes the decision."""
    _require_bureau(actor)
    locked = StandardDraftingOrganization.objects.select_for_update().get(pk=unit.pk)
    before = {"organization": locked.organization_id, "match": locked.match}
    locked.organization = organization
    locked.match = DraftingMatch.MANUAL
    locked.save(update_fields=["organization", "match"])
    audit.record(
        actor=actor,
        action="profiles.unit_link" if organization else "profiles.unit_unlink",
        obj=locked.standard,
        message=f"起草单位「{locked.name}」"
        + (f"关联到「{organization.name}」" if organization else "取消关联"),
        before=before,
        after={"organization": locked.organization_id, "match": locked.match},
    )
    return locked
