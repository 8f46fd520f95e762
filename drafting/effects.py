"""Effects of the local standard process: what an action does besides moving the state (runs
inside the transition's transaction, so a refusal anywhere rolls everything back)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.choices import DraftingRole, Status
from catalog.codes import parse_code
from catalog.models import Standard, StandardDraftingOrganization, StandardReplacement
from catalog.services import standard_links_refresh, standard_save
from core import audit
from core.workflow import format_standard_number, format_year_number, next_number
from core.workflow import start as workflow_start
from drafting.choices import NUMBER_PREFIX, REVIEW_CYCLE_YEARS, ProjectKind

PLAN_SEQUENCE = "drafting.plan"
NUMBER_SEQUENCE = "DB3708/T"


def bureau_name() -> str:
    return settings.SITE.get("bureau_name", "") or "济宁市市场监督管理局"


def years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def publish_publicity(obj, data, actor):
    """立项审查通过: the project's 立项公示 (publicity notice) for the configured working days."""
    from publicity.services import notice_publish

    units = "、".join(u.name for u in obj.units.all())
    notice = notice_publish(
        obj=obj,
        title=f"{obj.year}年济宁市地方标准制修订项目立项公示：{obj.title}",
        body=(
            f"经立项审查，拟将《{obj.title}》列入{obj.year}年济宁市地方标准制修订计划，"
            "现予公示。如有异议，请在公示期内提出。"
        ),
        starts_on=timezone.localdate(),
        days=int(data.get("publicity_days") or 7),
        working_days=True,
        columns=["标准名称", "制修订", "提出部门", "起草单位"],
        rows=[[obj.title, obj.get_kind_display(), obj.sponsor_department, units]],
        actor=actor,
    )
    obj.publicity_ends = notice.ends_on
    return ["publicity_ends"]


def issue_plan(obj, data, actor):
    """计划下达: the next plan number of the year (2026-001) and the completion deadline."""
    today = timezone.localdate()
    obj.plan_number = format_year_number(
        next_number(key=PLAN_SEQUENCE, year=today.year), today.year
    )
    obj.plan_issued_on = today
    obj.completion_deadline = data["completion_deadline"]
    return ["plan_number", "plan_issued_on", "completion_deadline"]


def open_comment(obj, data, actor):
    """征求意见: a public consultation on the latest 征求意见稿 for at least 30 days."""
    from consultation.services import consultation_open
    from drafting.selectors import comment_draft

    days = int(data["days"])
    now = timezone.now()
    last_day = timezone.localdate(now) + dt.timedelta(days=days)
    closes_at = timezone.make_aware(dt.datetime.combine(last_day, dt.time(23, 59, 59)))
    consultation_open(
        obj=obj,
        title=f"《{obj.title}》（征求意见稿）",
        draft=comment_draft(obj),
        opens_at=now,
        closes_at=closes_at,
        actor=actor,
        min_days=days,
    )
    obj.comment_closes = last_day
    return ["comment_closes"]


def _code_taken(code: str, exclude_pk: int) -> bool:
    from drafting.models import LocalStandardProject

    key = parse_code(code).key
    return (
        Standard.objects.filter(code_key=key).exists()
        or LocalStandardProject.objects.filter(code=code).exclude(pk=exclude_pk).exists()
    )


def assign_number(obj, data, actor):
    """批准: the standard's number DB3708/T NNN—YYYY, three digits per year of issue, never reused.
    A number typed by the bureau is refused when any standard or project already has it."""
    year = data["issue_date"].year
    if data.get("number"):
        code = format_standard_number(NUMBER_PREFIX, data["number"], year)
        if _code_taken(code, obj.pk):
            raise ValidationError(
                {"number": [f"标准编号 {code} 已被使用，请换一个顺序号或留空自动编号"]}
            )
    else:
        while True:
            code = format_standard_number(
                NUMBER_PREFIX, next_number(key=NUMBER_SEQUENCE, year=year), year
            )
            if not _code_taken(code, obj.pk):
                break
    obj.code = code
    obj.issue_date = data["issue_date"]
    obj.implement_date = data["implement_date"]
    return ["code", "issue_date", "implement_date"]


def _full_text(obj):
    """The latest 报批稿 version (else the latest draft document) as the standard's full text."""
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Document
    from drafting.selectors import APPROVAL_PURPOSE
    from drafts.selectors import latest_version

    version = latest_version(obj, APPROVAL_PURPOSE)
    if version is not None:
        return version.document
    return (
        Document.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), kind="draft"
        )
        .order_by("-uploaded_at", "-id")
        .first()
    )


def publish_standard(obj, data, actor):
    """发布: the standard enters the catalog (市级地方标准, 即将实施 until its implement date,
    issued by the bureau, drafting units in order, full text attached, public); a revision
    replaces the standard it revises."""
    today = timezone.localdate()
    standard = Standard(
        code=obj.code,
        title=obj.title,
        status=Status.UPCOMING if obj.implement_date > today else Status.CURRENT,
        issue_date=obj.issue_date,
        implement_date=obj.implement_date,
        issuing_body=bureau_name(),
        competent_department=obj.sponsor_department,
        scope=obj.scope,
        plan_number=obj.plan_number,
        is_public=True,
        source="local_standard_project",
        source_id=str(obj.pk),
    )
    document = _full_text(obj)
    if document is not None:
        with document.file.open("rb") as handle:
            name = f"{obj.code.replace('/', '').replace(' ', '_')}.{document.file_type}"
            standard.full_text.save(name, ContentFile(handle.read()), save=False)
    standard_save(standard=standard, actor=actor)
    StandardDraftingOrganization.objects.bulk_create(
        StandardDraftingOrganization(
            standard=standard,
            position=index,
            name=unit.name,
            organization=unit.organization,
            role=DraftingRole.LEAD if index == 1 else DraftingRole.PARTICIPANT,
        )
        for index, unit in enumerate(obj.units.all(), start=1)
    )
    obj.standard = standard
    obj.review_due = years_later(obj.issue_date, REVIEW_CYCLE_YEARS)
    _publish_dispositions(obj, actor)
    if obj.kind == ProjectKind.REVISE and obj.revises_id:
        _replace(obj, standard, actor)
    return ["standard", "review_due"]


def _publish_dispositions(obj, actor):
    """With the standard, the dispositions of its public comment are published (if the bureau
    has not done so already): shown on the project's page, each commenter told his own."""
    from consultation.services import dispositions_publish
    from drafting.selectors import current_consultation

    consultation = current_consultation(obj)
    if consultation is not None and not consultation.is_published:
        dispositions_publish(consultation=consultation, actor=actor)


def _replace(obj, standard, actor):
    old = Standard.objects.select_for_update().get(pk=obj.revises_id)
    StandardReplacement.objects.get_or_create(
        old=old,
        new=standard,
        defaults={
            "old_key": old.code_key,
            "old_code": old.code,
            "new_key": standard.code_key,
            "new_code": standard.code,
        },
    )
    standard_links_refresh(standard=standard, actor=actor)
    old.abolish_date = standard.implement_date
    if standard.implement_date <= timezone.localdate():
        old.status = Status.ABOLISHED
    standard_save(standard=old, actor=actor)
    previous = obj.previous
    if previous is not None and previous.state == "revising":
        from core.workflow import transition

        transition(obj=previous, action="replace", actor=None)


def record_filing(obj, data, actor):
    obj.filing_number = data["filing_number"].strip()
    obj.filing_date = data["filing_date"]
    return ["filing_number", "filing_date"]


def confirm_standard(obj, data, actor):
    """复审结论继续有效: the review-confirmed date on the standard; the next 复审 in 5 years."""
    today = timezone.localdate()
    standard = Standard.objects.get(pk=obj.standard_id)
    standard.review_confirmed_date = today
    standard_save(standard=standard, actor=actor)
    obj.review_due = years_later(today, REVIEW_CYCLE_YEARS)
    return ["review_due"]


def open_revision(obj, data, actor):
    """复审结论修订: a new project (修订) linked to the standard, drafted by the same units."""
    from drafting.models import DraftingUnit, LocalStandardProject

    today = timezone.localdate()
    revision = LocalStandardProject.objects.create(
        title=obj.title,
        kind=ProjectKind.REVISE,
        revises_id=obj.standard_id,
        previous=obj,
        sponsor=obj.sponsor,
        sponsor_department=obj.sponsor_department,
        organization=obj.organization,
        scope=obj.scope,
        reason=f"{obj.code}复审结论为修订。",
        main_content=obj.main_content,
        relation=f"修订并代替 {obj.code}",
        period_months=obj.period_months,
        year=today.year,
        state="draft",
        state_changed_at=timezone.now(),
    )
    DraftingUnit.objects.bulk_create(
        DraftingUnit(
            project=revision,
            position=u.position,
            name=u.name,
            organization=u.organization,
            contact_person=u.contact_person,
            contact_phone=u.contact_phone,
        )
        for u in obj.units.all()
    )
    audit.record(
        actor=actor,
        action="local_standard.revision_open",
        obj=revision,
        extra={"previous": obj.pk, "revises": obj.code},
    )
    workflow_start(obj=revision, process="local_standard")
    return []


def abolish_standard(obj, data, actor):
    """复审结论废止: the standard's abolish date (status 废止 from that day), followers alerted."""
    standard = Standard.objects.get(pk=obj.standard_id)
    standard.abolish_date = data["abolish_date"]
    if standard.abolish_date <= timezone.localdate():
        standard.status = Status.ABOLISHED
    standard_save(standard=standard, actor=actor)
    return []
