"""Writes of reviews: score sheets (the bureau), assignment with conflict checks (the bureau),
submission (the assigned expert); all validated and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from calls.programs import is_program
from core import audit
from directory.models import Expert, Organization
from directory.selectors import experts_eligible_for
from notifications.choices import Kind
from notifications.services import notify
from reviews import engine
from reviews.choices import DEFAULT_VOTES
from reviews.models import Criterion, Review, ScoreSheet


def _require_bureau(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied(f"只有市市场监管局可以{what}")


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _clean_sheet(*, name, program, pass_mark, criteria, votes) -> dict:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "请填写评分表名称"
    if not is_program(program or ""):
        errors["program"] = "未知的项目类别"
    rows = []
    for index, row in enumerate(criteria, start=1):
        label = (row.get("label") or "").strip()
        points = _decimal(row.get("max_points"))
        if not label or points is None or points <= 0 or points != points.quantize(Decimal("0.1")):
            errors["criteria"] = f"第 {index} 项须有名称和大于 0 的满分（最多一位小数）"
            break
        rows.append((label, (row.get("description") or "").strip()[:500], points))
    if not rows and "criteria" not in errors:
        errors["criteria"] = "评分表至少要有一个评分项"
    mark = _decimal(pass_mark)
    total = sum((r[2] for r in rows), Decimal(0))
    if mark is None or mark < 0 or (rows and mark > total):
        errors["pass_mark"] = f"合格分应在 0 至 {total} 之间"
    votes = [[str(k), str(v)] for k, v in (votes or DEFAULT_VOTES)]
    if not votes or len({k for k, _ in votes}) != len(votes):
        errors["votes"] = "表决选项不能为空或重复"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "program": program, "pass_mark": mark, "rows": rows, "votes": votes}


def _write_criteria(sheet: ScoreSheet, rows) -> None:
    sheet.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(sheet=sheet, position=i, label=label, description=desc, max_points=points)
        for i, (label, desc, points) in enumerate(rows, start=1)
    )


def _sheet_snapshot(sheet: ScoreSheet) -> dict:
    return {
        **audit.snapshot(sheet, ["name", "program", "pass_mark", "votes", "version"]),
        "criteria": [[c.label, str(c.max_points)] for c in sheet.criteria.all()],
    }


@transaction.atomic
def sheet_create(
    *,
    name: str,
    program: str,
    pass_mark,
    criteria: Sequence[Mapping],
    votes: Sequence[Sequence[str]] | None = None,
    actor,
) -> ScoreSheet:
    """A new score sheet; `criteria` in order, each {label, description, max_points}."""
    _require_bureau(actor, "管理评分表")
    clean = _clean_sheet(
        name=name, program=program, pass_mark=pass_mark, criteria=criteria, votes=votes
    )
    sheet = ScoreSheet.objects.create(
        name=clean["name"],
        program=clean["program"],
        pass_mark=clean["pass_mark"],
        votes=clean["votes"],
        created_by=actor,
    )
    _write_criteria(sheet, clean["rows"])
    audit.record(actor=actor, action="score_sheet.create", obj=sheet, after=_sheet_snapshot(sheet))
    return sheet


@transaction.atomic
def sheet_update(
    *, sheet: ScoreSheet, name: str, pass_mark, criteria: Sequence[Mapping], votes=None, actor
) -> ScoreSheet:
    """Change a sheet not yet used; a used (frozen) sheet is changed through a new version."""
    _require_bureau(actor, "管理评分表")
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if sheet.is_frozen:
        raise ValidationError("该评分表已用于评审，不能修改；请复制为新版本后修改")
    clean = _clean_sheet(
        name=name,
        program=sheet.program,
        pass_mark=pass_mark,
        criteria=criteria,
        votes=votes or sheet.votes,
    )
    before = _sheet_snapshot(sheet)
    sheet.name, sheet.pass_mark, sheet.votes = clean["name"], clean["pass_mark"], clean["votes"]
    sheet.save(update_fields=["name", "pass_mark", "votes", "updated_at"])
    _write_criteria(sheet, clean["rows"])
    audit.record(
        actor=actor,
        action="score_sheet.update",
        obj=sheet,
        before=before,
        after=_sheet_snapshot(sheet),
    )
    return sheet


@transaction.atomic
def sheet_new_version(*, sheet: ScoreSheet, actor) -> ScoreSheet:
    """A copy of the sheet as its next version, editable until used."""
    _require_bureau(actor, "管理评分表")
    copy = ScoreSheet.objects.create(
        name=sheet.name,
        program=sheet.program,
        version=sheet.version + 1,
        previous=sheet,
        pass_mark=sheet.pass_mark,
        votes=sheet.votes,
        created_by=actor,
    )
    _write_criteria(copy, [(c.label, c.description, c.max_points) for c in sheet.criteria.all()])
    audit.record(actor=actor, action="score_sheet.version", obj=copy, extra={"previous": sheet.pk})
    return copy


def _refusal(expert: Expert, eligible_ids: set[int], already: set[int]) -> str | None:
    if expert.user_id is None:
        return f"专家{expert.name}尚未开通平台账号，不能指派"
    if expert.user_id in already:
        return f"专家{expert.name}已被指派评审该事项"
    if expert.pk not in eligible_ids:
        if not (expert.is_active and expert.is_available):
            return f"专家{expert.name}不在库或暂不能参加评审"
        return f"专家{expert.name}与申报单位存在利益关系（任职或已声明回避），须回避，不能指派"
    return None


def organization_of(obj: models.Model) -> Organization | None:
    """Whose work is reviewed: the object itself if it is an organization, else its
    `organization` (an application's applicant); processes may pass `organization=` instead."""
    if isinstance(obj, Organization):
        return obj
    return getattr(obj, "organization", None)


@transaction.atomic
def review_assign(
    *,
    object: models.Model,
    experts: Iterable[Expert],
    sheet: ScoreSheet,
    due: dt.date | None,
    actor,
    organization=None,
) -> list[Review]:
    """Assign experts from the pool to review `object` on `sheet`, all or none. An expert with a
    conflict with the object's organization (`organization`, else `object.organization`) is refused."""
    _require_bureau(actor, "指派评审专家")
    experts = list(experts)
    if not experts:
        raise ValidationError({"experts": "请至少选择一位专家"})
    if due is not None and due < timezone.localdate():
        raise ValidationError({"due": "评审期限不能早于今天"})
    if organization is None:
        organization = organization_of(object)
    # Lock the reviewed record, then the sheet: concurrent assignments to it serialize, so
    # "already assigned" below sees any other one that committed (the unique constraint backs it).
    list(type(object)._default_manager.select_for_update().filter(pk=object.pk).values_list("pk"))
    sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    eligible = set(
        experts_eligible_for(organization)
        .filter(pk__in=[e.pk for e in experts])
        .values_list("pk", flat=True)
    )
    already = set(Review.objects.about(object).values_list("expert_id", flat=True))
    refusals = [r for r in (_refusal(e, eligible, already) for e in experts) if r]
    if refusals:
        raise ValidationError({"experts": refusals})
    if sheet.frozen_at is None:
        sheet.frozen_at = timezone.now()
        sheet.save(update_fields=["frozen_at", "updated_at"])
    content_type = ContentType.objects.get_for_model(object)
    reviews = [
        Review.objects.create(
            content_type=content_type,
            object_id=str(object.pk),
            sheet=sheet,
            expert=expert.user,
            due=due,
            assigned_by=actor,
        )
        for expert in experts
    ]
    audit.record(
        actor=actor,
        action="review.assign",
        obj=object,
        extra={
            "experts": [e.name for e in experts],
            "sheet": sheet.pk,
            "due": due,
            "reviews": [r.pk for r in reviews],
        },
    )
    for review in reviews:
        notify(
            recipients=[review.expert],
            kind=Kind.WORKFLOW,
            title=f"评审任务：{object}",
            body=f"请于{due:%Y年%m月%d日}前完成评审。" if due else "请尽快完成评审。",
            url=review.get_absolute_url(),
            obj=review,
        )
    engine.assigned(object=object, reviews=reviews, actor=actor)
    return reviews


def _clean_scores(sheet: ScoreSheet, scores: Mapping) -> tuple[dict[str, str], Decimal, dict]:
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    given = {str(k): v for k, v in scores.items()}
    for criterion in sheet.criteria.all():
        value = _decimal(given.get(str(criterion.pk), ""))
        if value is None:
            errors[f"c_{criterion.pk}"] = f"请为“{criterion.label}”打分"
        elif not Decimal(0) <= value <= criterion.max_points or value != value.quantize(
            Decimal("0.1")
        ):
            errors[f"c_{criterion.pk}"] = (
                f"“{criterion.label}”的得分应在 0 至 {criterion.max_points} 之间（最多一位小数）"
            )
        else:
            clean[str(criterion.pk)] = str(value)
    total = sum((Decimal(v) for v in clean.values()), Decimal(0))
    return clean, total, errors


@transaction.atomic
def review_submit(
    *,
    object: models.Model,
    expert,
    scores: Mapping,
    vote: str,
    opinion: str,
    declare_no_conflict: bool,
    actor,
) -> Review:
    """The assigned expert's scores, vote and opinion; once, with the no-conflict declaration."""
    if actor is None or actor != expert:
        raise PermissionDenied("只能由被指派的专家本人提交评审")
    review = (
        Review.objects.about(object)
        .select_for_update()
        .select_related("sheet")
        .filter(expert=expert)
        .first()
    )
    if review is None:
        raise PermissionDenied("您没有被指派评审该事项")
    if review.is_submitted:
        raise ValidationError("评审意见已提交，不能重复提交")
    clean, total, errors = _clean_scores(review.sheet, scores)
    if vote not in dict(review.sheet.vote_choices):
        errors["vote"] = "请选择表决意见"
    opinion = (opinion or "").strip()
    if not opinion:
        errors["opinion"] = "请填写评审意见"
    if not declare_no_conflict:
        errors["declare_no_conflict"] = (
            "请声明与被评审单位无利益冲突；如有利益冲突，请联系市市场监管局申请回避"
        )
    if errors:
        raise ValidationError(errors)
    review.scores, review.total, review.vote, review.opinion = clean, total, vote, opinion
    review.declared_no_conflict = True
    review.submitted_at = timezone.now()
    review.save(
        update_fields=[
            "scores",
            "total",
            "vote",
            "opinion",
            "declared_no_conflict",
            "submitted_at",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="review.submit",
        obj=review,
        extra={"scores": clean, "total": total, "vote": vote},
    )
    notify(
        recipients=[review.assigned_by],
        kind=Kind.WORKFLOW,
        title=f"专家{expert}已提交评审：{object}",
        url=review.get_absolute_url(),
        obj=review,
    )
    engine.submitted(review=review, actor=actor)
    return review
