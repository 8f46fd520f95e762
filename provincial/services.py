"""Writes of the provincial register: projects by the city bureau, stage updates by the drafting
units (confirmed by the bureau through the process in `workflows.py`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.codes import InvalidStandardCode, Kind, parse_code
from core import audit
from core.workflow import transition
from directory.models import Organization
from directory.permissions import is_member
from provincial.choices import ProvincialStage, UpdateState, stage_index
from provincial.models import DraftingUnit, ProvincialProject, StageUpdate

MAX_UNITS = 20


@dataclass(frozen=True)
class Unit:
    """A drafting unit as given: a registered organization, or only a name."""

    name: str = ""
    organization: Organization | None = None


def may_manage(user) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "is_bureau", False))


def parse_provincial_code(text: str):
    """The parsed code of a published provincial standard (DB37/T …), or a ValidationError."""
    try:
        code = parse_code(text)
    except InvalidStandardCode:
        raise ValidationError(
            {"standard_code": "标准号格式不正确，应如 DB37/T 1234—2026"}
        ) from None
    if code.kind is not Kind.PROVINCIAL or code.prefix != "DB37":
        raise ValidationError({"standard_code": "应为山东省地方标准号（DB37 或 DB37/T）"})
    if code.year is None:
        raise ValidationError({"standard_code": "标准号应含年号，如 DB37/T 1234—2026"})
    return code


def _find_standard(code):
    from catalog.models import Standard

    return Standard.objects.filter(code_key=code.key).first()


def _units(units: list[Unit]) -> list[Unit]:
    out = []
    for unit in units:
        name = (unit.organization.name if unit.organization else unit.name).strip()
        if name:
            out.append(Unit(name=name[:200], organization=unit.organization))
    if not out:
        raise ValidationError({"units": "请至少填写一个起草单位"})
    if len(out) > MAX_UNITS:
        raise ValidationError({"units": f"起草单位不超过 {MAX_UNITS} 个"})
    names = [u.name for u in out]
    if len(set(names)) != len(names):
        raise ValidationError({"units": "起草单位重复"})
    return out


@transaction.atomic
def project_create(
    *,
    title: str,
    plan_number: str,
    year: int,
    units: list[Unit],
    stage: str = ProvincialStage.APPROVED,
    stage_date: dt.date | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    standard_code: str = "",
    actor,
) -> ProvincialProject:
    """Register a provincial project (the city bureau); its county is the lead unit's."""
    if not may_manage(actor):
        raise PermissionDenied("仅市市场监管局可以登记省级地方标准项目")
    title, plan_number = " ".join(title.split()), plan_number.strip()
    errors = {}
    if not title:
        errors["title"] = "请填写标准名称"
    if not plan_number:
        errors["plan_number"] = "请填写省级计划号"
    elif ProvincialProject.objects.filter(plan_number=plan_number).exists():
        errors["plan_number"] = f"计划号“{plan_number}”已登记"
    if stage not in ProvincialStage.values:
        errors["stage"] = "阶段不正确"
    if not 2000 <= int(year) <= 2100:
        errors["year"] = "计划年度不正确"
    if errors:
        raise ValidationError(errors)
    units = _units(units)
    code = None
    if stage == ProvincialStage.PUBLISHED or standard_code:
        code = parse_provincial_code(standard_code)
    lead = units[0].organization
    fields = {
        "title": title[:300],
        "plan_number": plan_number[:60],
        "year": int(year),
        "stage": stage,
        "stage_dates": {stage: stage_date.isoformat()} if stage_date else {},
        "county_id": lead.region_id if lead is not None else None,
        "contact_name": contact_name.strip()[:50],
        "contact_phone": contact_phone.strip()[:50],
        "standard_code": str(code) if code else "",
        "standard": _find_standard(code) if code else None,
        "created_by": actor,
    }
    try:
        with transaction.atomic():
            project = ProvincialProject.objects.create(**fields)
    except IntegrityError:  # the same plan number registered at the same moment
        raise ValidationError({"plan_number": f"计划号“{plan_number}”已登记"}) from None
    DraftingUnit.objects.bulk_create(
        DraftingUnit(project=project, order=i, organization=u.organization, name=u.name)
        for i, u in enumerate(units, start=1)
    )
    audit.record(
        actor=actor,
        action="provincial.project_create",
        obj=project,
        extra={"plan_number": project.plan_number, "units": [u.name for u in units]},
    )
    return project


def reporting_organizations(project: ProvincialProject, user) -> list[Organization]:
    """The project's registered units of which `user` is an active member."""
    orgs = [u.organization for u in project.units.all() if u.organization is not None]
    return [o for o in orgs if is_member(user, o)]


@transaction.atomic
def stage_update_submit(
    *,
    project: ProvincialProject,
    stage: str,
    date: dt.date,
    note: str = "",
    standard_code: str = "",
    organization: Organization | None = None,
    actor,
) -> StageUpdate:
    """A drafting unit's member reports that the project reached `stage` on `date`; the update
    goes to the city bureau for confirmation."""
    # The lock makes a second report sent at the same moment wait, then see the first one.
    project = ProvincialProject.objects.select_for_update().get(pk=project.pk)
    orgs = reporting_organizations(project, actor)
    if not orgs:
        raise PermissionDenied("仅项目的起草单位可以报送进度")
    if organization is None:
        organization = orgs[0]
    elif organization not in orgs:
        raise PermissionDenied("您不是该起草单位的成员")
    errors = {}
    if stage not in ProvincialStage.values:
        errors["stage"] = "阶段不正确"
    elif stage_index(stage) <= stage_index(project.stage):
        errors["stage"] = f"项目已处于“{project.get_stage_display()}”阶段，请报送之后的阶段"
    if date is None:
        errors["date"] = "请填写日期"
    elif date > timezone.localdate():
        errors["date"] = "日期不能晚于今天"
    if stage == ProvincialStage.PUBLISHED and not standard_code.strip():
        errors["standard_code"] = "发布阶段请填写标准号"
    if errors:
        raise ValidationError(errors)
    code = parse_provincial_code(standard_code) if standard_code.strip() else None
    if StageUpdate.objects.filter(project=project, state=UpdateState.SUBMITTED).exists():
        raise ValidationError("该项目已有待确认的进度报送，请等待市市场监管局确认")
    update = StageUpdate.objects.create(
        project=project,
        organization=organization,
        stage=stage,
        date=date,
        standard_code=str(code) if code else "",
        note=note.strip()[:2000],
        proposed_by=actor,
    )
    audit.record(
        actor=actor,
        action="provincial.stage_update_create",
        obj=update,
        extra={"project": project.pk, "stage": stage, "date": date.isoformat()},
    )
    transition(obj=update, action="submit", actor=actor)
    return update


def project_apply_stage(*, update: StageUpdate, actor) -> ProvincialProject:
    """Inside the confirming transition: the project moves to the update's stage."""
    project = ProvincialProject.objects.select_for_update().get(pk=update.project_id)
    before = audit.snapshot(project)
    project.stage = update.stage
    project.stage_dates = {**project.stage_dates, update.stage: update.date.isoformat()}
    fields = ["stage", "stage_dates", "updated_at"]
    if update.standard_code:
        code = parse_provincial_code(update.standard_code)
        project.standard_code = str(code)
        project.standard = _find_standard(code)
        fields += ["standard_code", "standard"]
    project.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="provincial.project_stage",
        obj=project,
        before=before,
        after=audit.snapshot(project),
        extra={"update": update.pk, "stage": update.stage},
    )
    update.project = project
    return project


@transaction.atomic
def project_link_standard(*, project: ProvincialProject, actor) -> bool:
    """Link a published project to its catalog record when the catalog has it now."""
    if not may_manage(actor):
        raise PermissionDenied("仅市市场监管局可以关联目录")
    if not project.standard_code:
        raise ValidationError("项目尚未登记发布标准号")
    project = ProvincialProject.objects.select_for_update().get(pk=project.pk)
    standard = _find_standard(parse_provincial_code(project.standard_code))
    if standard is None or standard.pk == project.standard_id:
        return False
    project.standard = standard
    project.save(update_fields=["standard", "updated_at"])
    audit.record(
        actor=actor,
        action="provincial.project_link",
        obj=project,
        extra={"standard": standard.pk, "code": standard.code},
    )
    return True
