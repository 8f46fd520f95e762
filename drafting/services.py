"""Writes of local standard projects besides the process's transitions (`drafting.workflows`):
the application, the 查新 confirmation, the technical review panel and its votes, draft versions,
suggestions and implementation feedback. Validated, audited, the people concerned told."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from core import audit
from core.models import Panel, WorkItem
from core.workflow import panel_open, transition, work_item_complete
from core.workflow import start as workflow_start
from directory.models import Organization
from directory.permissions import organization_can_apply
from drafting.choices import PROGRAM, ProjectKind, SuggestionState
from drafting.models import DraftingUnit, Feedback, LocalStandardProject, Suggestion
from drafting.permissions import is_drafter
from notifications.choices import Kind
from notifications.services import notify

TEXT_FIELDS = ("title", "sponsor_department", "scope", "reason", "main_content")
EDITABLE = (
    "title",
    "kind",
    "revises",
    "sponsor_department",
    "scope",
    "reason",
    "main_content",
    "relation",
    "period_months",
    "funding",
    "call",
)


def _may_apply(actor) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("请先登录")
    if actor.has_role(Role.SECTOR_DEPARTMENT):
        return
    if actor.has_role(Role.ENTERPRISE) and organization_can_apply(actor.organization):
        return
    raise PermissionDenied("只有市有关行业主管部门或已认证的机构可以申报地方标准项目")


def _clean_units(units: Sequence[Mapping]) -> list[dict]:
    rows = []
    for unit in units:
        name = (unit.get("name") or "").strip()
        if not name:
            continue
        rows.append(
            {
                "name": name[:200],
                "contact_person": (unit.get("contact_person") or "").strip()[:50],
                "contact_phone": (unit.get("contact_phone") or "").strip()[:30],
                "organization": unit.get("organization")
                or Organization.objects.filter(name=name).first(),
            }
        )
    return rows


def _clean(values: dict) -> dict:
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        values[name] = (values.get(name) or "").strip()
        if not values[name]:
            errors[name] = "此项为必填项"
    values["relation"] = (values.get("relation") or "").strip()
    if values.get("kind") not in ProjectKind.values:
        errors["kind"] = "请选择制定或修订"
    elif values["kind"] == ProjectKind.REVISE and values.get("revises") is None:
        errors["revises"] = "修订项目须指明被修订的标准"
    period = values.get("period_months") or 12
    if not 1 <= int(period) <= 36:
        errors["period_months"] = "制定周期应为 1 至 36 个月"
    funding = values.get("funding")
    if funding is not None and Decimal(funding) < 0:
        errors["funding"] = "经费预算不能为负数"
    call = values.get("call")
    if call is not None and call.program != PROGRAM:
        errors["call"] = "该征集通知不是地方标准立项征集"
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def project_apply(
    *,
    actor,
    title: str,
    scope: str,
    reason: str,
    main_content: str,
    sponsor_department: str,
    units: Sequence[Mapping],
    kind: str = ProjectKind.NEW,
    revises=None,
    relation: str = "",
    period_months: int = 12,
    funding: Decimal | None = None,
    call=None,
    attachments: Iterable = (),
    submit: bool = False,
) -> LocalStandardProject:
    """立项申请: a sector department or a verified organization files a project (a draft, or
    submitted at once with `submit`). Drafting units in order; the first is the lead unit (its
    organization, when known, is the project's organization: county check, conflicts)."""
    _may_apply(actor)
    values = _clean(
        {
            "title": title,
            "scope": scope,
            "reason": reason,
            "main_content": main_content,
            "sponsor_department": sponsor_department,
            "kind": kind,
            "revises": revises,
            "relation": relation,
            "period_months": period_months,
            "funding": funding,
            "call": call,
        }
    )
    rows = _clean_units(units)
    if not rows:
        raise ValidationError({"units": "请至少填写一家起草单位"})
    organization = rows[0]["organization"]
    if actor.has_role(Role.ENTERPRISE) and not actor.has_role(Role.SECTOR_DEPARTMENT):
        organization = actor.organization
        if rows[0]["organization"] is None:
            rows[0]["organization"] = organization
    project = LocalStandardProject.objects.create(
        sponsor=actor,
        organization=organization,
        year=(call.year if call else timezone.localdate().year),
        state="draft",
        state_changed_at=timezone.now(),
        **values,
    )
    DraftingUnit.objects.bulk_create(
        DraftingUnit(project=project, position=i, **row) for i, row in enumerate(rows, start=1)
    )
    audit.record(
        actor=actor,
        action="local_standard.apply",
        obj=project,
        after=audit.snapshot(project, [f for f in EDITABLE if f not in ("revises", "call")]),
        extra={"units": [r["name"] for r in rows]},
    )
    workflow_start(obj=project, process="local_standard")
    attachments = list(attachments)
    for upload, doc_kind in attachments:
        from documents.services import document_attach

        document_attach(obj=project, upload=upload, kind=doc_kind, actor=actor)
    if submit:
        transition(obj=project, action="submit", actor=actor)
        project.refresh_from_db()
    return project


@transaction.atomic
def duplicate_check_confirm(*, project: LocalStandardProject, actor) -> LocalStandardProject:
    """The reviewer confirms he looked at the 查新 results (recorded with the time)."""
    if actor is None or not actor.has_role(Role.CITY_OFFICER):
        raise PermissionDenied("只有市市场监管局可以确认查新")
    project = LocalStandardProject.objects.select_for_update().get(pk=project.pk)
    if project.state != "project_review":
        raise ValidationError("只有立项审查环节的项目需要确认查新")
    project.duplicate_checked_at = timezone.now()
    project.duplicate_checked_by = actor
    project.save(update_fields=["duplicate_checked_at", "duplicate_checked_by", "updated_at"])
    from drafting.selectors import similar_projects, similar_standards

    audit.record(
        actor=actor,
        action="local_standard.duplicate_check",
        obj=project,
        extra={
            "standards": [
                [s.code, s.percent] for s in similar_standards(project.title, limit=5, user=actor)
            ],
            "projects": [[p.project.title, p.percent] for p in similar_projects(project, limit=5)],
        },
    )
    return project


def tech_panel_open(*, project: LocalStandardProject, experts, rule: str, due, actor) -> Panel:
    """技术审查: the bureau convenes the panel (conflicts refused by the engine's hook)."""
    members = [e.user for e in experts if e.user_id]
    missing = [e.name for e in experts if not e.user_id]
    if missing:
        raise ValidationError({"experts": [f"专家{n}尚未开通平台账号，不能指派" for n in missing]})
    return panel_open(
        obj=project,
        state="tech_review",
        members=members,
        rule=rule,
        due=due,
        actor=actor,
        label="技术审查表决",
    )


def tech_vote(*, project: LocalStandardProject, outcome: str, opinion: str, actor) -> WorkItem:
    """A member's vote on the technical review panel."""
    item = (
        WorkItem.objects.open()
        .about(project)
        .filter(assignee=actor, state="tech_review", panel__isnull=False)
        .first()
    )
    if item is None:
        raise PermissionDenied("您不是该项目技术审查的表决专家，或已表决")
    if not (opinion or "").strip():
        raise ValidationError({"opinion": ["请填写审查意见"]})
    return work_item_complete(item=item, actor=actor, outcome=outcome, opinion=opinion)


def draft_upload(*, project: LocalStandardProject, purpose: str, upload, note: str, actor):
    """A new version of the project's draft (征求意见稿, 送审稿, 报批稿) through `drafts`."""
    from drafts.services import version_upload

    return version_upload(obj=project, purpose=purpose, upload=upload, note=note, actor=actor)


def may_upload_drafts(user, project) -> bool:
    return bool(user and user.is_authenticated and (user.is_bureau or is_drafter(user, project)))


def may_manage_consultation(user, consultation) -> bool:
    """The bureau opens and publishes; the drafting unit records dispositions too."""
    project = consultation.owner
    return bool(
        user
        and user.is_authenticated
        and (user.is_bureau or (project and is_drafter(user, project)))
    )


# --- suggestions and feedback ----------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *, title: str, reason: str, contact: str, scope: str = "", sponsor_hint: str = "", actor
) -> Suggestion:
    """立项建议 from any signed-in user; the bureau is told."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied("请先登录后提出立项建议")
    values = {
        "title": (title or "").strip(),
        "reason": (reason or "").strip(),
        "contact": (contact or "").strip(),
        "scope": (scope or "").strip(),
        "sponsor_hint": (sponsor_hint or "").strip(),
    }
    errors = {f: "此项为必填项" for f in ("title", "reason", "contact") if not values[f]}
    if errors:
        raise ValidationError(errors)
    suggestion = Suggestion.objects.create(submitted_by=actor, **values)
    audit.record(actor=actor, action="local_standard.suggest", obj=suggestion, after=values)
    from accounts.models import User

    notify(
        recipients=list(User.objects.filter(groups__name=Role.CITY_OFFICER.value, is_active=True)),
        kind=Kind.WORKFLOW,
        title=f"收到地方标准立项建议：{suggestion.title}",
        url=suggestion.get_absolute_url(),
        obj=suggestion,
    )
    return suggestion


@transaction.atomic
def suggestion_answer(*, suggestion: Suggestion, adopted: bool, answer: str, actor) -> Suggestion:
    """The bureau answers a suggestion once; the suggester is told."""
    if actor is None or not actor.has_role(Role.CITY_OFFICER):
        raise PermissionDenied("只有市市场监管局可以答复立项建议")
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.state != SuggestionState.PENDING:
        raise ValidationError("该建议已答复")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复内容"})
    suggestion.state = SuggestionState.ADOPTED if adopted else SuggestionState.DECLINED
    suggestion.answer = answer
    suggestion.answered_by = actor
    suggestion.answered_at = timezone.now()
    suggestion.save(update_fields=["state", "answer", "answered_by", "answered_at", "updated_at"])
    audit.record(
        actor=actor,
        action="local_standard.suggestion_answer",
        obj=suggestion,
        extra={"state": suggestion.state, "answer": answer},
    )
    notify(
        recipients=[suggestion.submitted_by],
        kind=Kind.WORKFLOW,
        title=f"您的立项建议“{suggestion.title}”已答复：{suggestion.get_state_display()}",
        body=answer,
        url=suggestion.get_absolute_url(),
        obj=suggestion,
    )
    return suggestion


@transaction.atomic
def feedback_submit(
    *,
    project: LocalStandardProject,
    name: str,
    contact: str,
    content: str,
    organization="",
    user=None,
) -> Feedback:
    """实施信息反馈 on a published standard, from anyone (rate-limited by the page)."""
    if project.standard_id is None:
        raise ValidationError("该标准尚未发布，暂不受理实施信息反馈")
    values = {
        "name": (name or "").strip()[:50],
        "contact": (contact or "").strip()[:100],
        "content": (content or "").strip()[:4000],
        "organization": (organization or "").strip()[:100],
    }
    errors = {f: "此项为必填项" for f in ("name", "contact", "content") if not values[f]}
    if errors:
        raise ValidationError(errors)
    user = user if user is not None and user.is_authenticated else None
    feedback = Feedback.objects.create(project=project, submitted_by=user, **values)
    audit.record(
        actor=user or f"{values['name']}（未登录）",
        action="local_standard.feedback",
        obj=feedback,
        extra={"project": project.pk},
    )
    return feedback
