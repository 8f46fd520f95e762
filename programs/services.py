"""Writes of the programs: policies, applications, allocation, payments, forerunners, upgrades,
pilots. Each validates, checks who acts, locks what races, and writes an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core import audit
from core.workflow import transition
from directory.permissions import is_member, organization_can_apply
from programs import allocation
from programs.assessment import ZERO, subsidy_assess
from programs.choices import (
    ALLOCATABLE_STATES,
    AwardKind,
    AwardRole,
    PilotState,
    PlanItemState,
    SubsidyState,
    UpgradeLevel,
)
from programs.models import (
    Forerunner,
    PilotProgressReport,
    PilotProject,
    PlanItem,
    StandardUpgrade,
    SubsidyApplication,
    SubsidyItem,
    SubsidyPayment,
    SubsidyPolicy,
    SubsidyRate,
)

POLICY_FIELDS = (
    "year",
    "title",
    "budget",
    "enterprise_cap",
    "window_start",
    "window_end",
    "lead_definition",
    "allocation_method",
    "publicity_days",
    "call",
)
MAX_CODES = 50
SUBSIDY_PROCESS = "subsidy_application"
PILOT_PROCESS = "pilot_project"
PAYABLE_STATES = frozenset({SubsidyState.APPROVED})


def require_bureau(actor) -> None:
    if actor is None or not actor.is_authenticated or not getattr(actor, "is_bureau", False):
        raise PermissionDenied("只有市市场监管局可以执行此操作。")


# --- policies ----------------------------------------------------------------------------------


def _policy_snapshot(policy: SubsidyPolicy) -> dict:
    data = audit.snapshot(policy, POLICY_FIELDS)
    data["rates"] = {f"{r.kind}.{r.role}": str(r.amount) for r in policy.rates.all()}
    return data


@transaction.atomic
def policy_save(
    *,
    policy: SubsidyPolicy | None,
    fields: Mapping,
    rates: Mapping[tuple[str, str], Decimal],
    actor,
) -> SubsidyPolicy:
    """Create or change a year's policy and its amount table (the rows given replace the rest)."""
    require_bureau(actor)
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"unknown policy fields {unknown}")
    creating = policy is None
    if creating:
        policy = SubsidyPolicy()
        before = None
    else:
        policy = SubsidyPolicy.objects.select_for_update().get(pk=policy.pk)
        before = _policy_snapshot(policy)
    for name, value in fields.items():
        setattr(policy, name, value)
    for (kind, role), amount in rates.items():
        if kind not in AwardKind.values or role not in AwardRole.values:
            raise ValidationError("资助类别或角色无效。")
        if amount is None or amount < 0:
            raise ValidationError("资助金额不能为负数。")
    policy.full_clean()
    if policy.window_start > policy.window_end:
        raise ValidationError({"window_end": "发布日期止不能早于发布日期起。"})
    policy.save()
    policy.rates.all().delete()
    SubsidyRate.objects.bulk_create(
        SubsidyRate(policy=policy, kind=kind, role=role, amount=amount)
        for (kind, role), amount in rates.items()
        if amount
    )
    audit.record(
        actor=actor,
        action="subsidy_policy.create" if creating else "subsidy_policy.update",
        obj=policy,
        before=before,
        after=_policy_snapshot(policy),
    )
    return policy


# --- applications ------------------------------------------------------------------------------


def clean_codes(codes: Sequence[str]) -> list[str]:
    codes = [c.strip() for c in codes if c and c.strip()]
    if not codes:
        raise ValidationError({"standards": "请至少填写一个标准号。"})
    if len(codes) > MAX_CODES:
        raise ValidationError({"standards": f"一次最多申报 {MAX_CODES} 项标准。"})
    return codes


def _store_items(application: SubsidyApplication, result) -> None:
    application.items.all().delete()
    SubsidyItem.objects.bulk_create(
        SubsidyItem(
            application=application,
            line=line,
            code=item.code[:100],
            standard_id=item.standard_id,
            code_key=item.code_key,
            series_key=item.series_key,
            kind=item.kind,
            eligible=item.eligible,
            role=item.role,
            position=item.position,
            matched_by=item.matched_by,
            eligible_amount=item.eligible_amount,
            amount=item.amount,
            reasons=item.reasons,
        )
        for line, item in enumerate(result.items, start=1)
    )


@transaction.atomic
def application_submit(
    *, policy: SubsidyPolicy, organization, codes: Sequence[str], actor
) -> SubsidyApplication:
    """An enterprise's application: the standards are assessed against the catalog at once."""
    if not is_member(actor, organization):
        raise PermissionDenied("只能以本单位名义申报。")
    codes = clean_codes(codes)
    # One organization's applications are assessed one at a time (series and cap across them).
    organization = type(organization).objects.select_for_update().get(pk=organization.pk)
    if not organization_can_apply(organization):
        raise ValidationError("您所在的机构尚未通过认证，暂不能申报。")
    result = subsidy_assess(organization=organization, policy=policy, codes=codes)
    application = SubsidyApplication.objects.create(
        policy=policy,
        organization=organization,
        submitted_by=actor,
        state=SubsidyState.DRAFT,
        state_changed_at=timezone.now(),
        total=result.total,
    )
    _store_items(application, result)
    audit.record(
        actor=actor,
        action="subsidy_application.create",
        obj=application,
        after=audit.snapshot(application, ["policy_id", "organization_id", "state", "total"]),
        extra={"codes": codes},
    )
    # The call's window is the process's guard: outside it the whole application is refused.
    transition(obj=application, action="submit", actor=actor, process=SUBSIDY_PROCESS)
    return application


def reassess_in_place(application: SubsidyApplication, codes: Sequence[str] | None = None):
    """Assess the (locked) application's standards again, or `codes` instead; sets `total` and
    replaces the items; the caller saves `total` (the engine, in an effect)."""
    if codes is None:
        codes = list(application.items.values_list("code", flat=True))
    result = subsidy_assess(
        organization=application.organization,
        policy=application.policy,
        codes=codes,
        exclude_application=application,
    )
    application.total = result.total
    _store_items(application, result)
    return result


@transaction.atomic
def application_reassess(*, application: SubsidyApplication, actor) -> SubsidyApplication:
    """Assess the application's standards again (the catalog or earlier rounds changed)."""
    require_bureau(actor)
    application = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
    before = audit.snapshot(application, ["total"])
    reassess_in_place(application)
    application.save(update_fields=["total", "updated_at"])
    audit.record(
        actor=actor,
        action="subsidy_application.reassess",
        obj=application,
        before=before,
        after=audit.snapshot(application, ["total"]),
    )
    return application


@transaction.atomic
def application_score(*, application: SubsidyApplication, score: Decimal, actor):
    """The review score a ranked allocation orders by (from the reviews app when it lands)."""
    require_bureau(actor)
    if score is None or not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": "评审得分应在 0 到 100 之间。"})
    application = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
    before = audit.snapshot(application, ["score"])
    application.score = score
    application.save(update_fields=["score", "updated_at"])
    audit.record(
        actor=actor,
        action="subsidy_application.score",
        obj=application,
        before=before,
        after=audit.snapshot(application, ["score"]),
    )
    return application


# --- allocation --------------------------------------------------------------------------------


def allocation_plan(policy: SubsidyPolicy) -> list[tuple[SubsidyApplication, Decimal]]:
    """The applications in the plan with what the policy's method gives each (not saved)."""
    applications = list(
        policy.applications.filter(state__in=ALLOCATABLE_STATES)
        .select_related("organization__region")
        .order_by("-score", "created_at", "pk")
    )
    claims = [allocation.Claim(a.pk, a.total, a.score) for a in applications]
    shares = allocation.allocate(claims, policy.budget, policy.allocation_method)
    return [(a, shares[a.pk]) for a in applications]


@transaction.atomic
def allocation_apply(*, policy: SubsidyPolicy, actor) -> list[SubsidyApplication]:
    """Store the allocation plan on the applications it takes in."""
    require_bureau(actor)
    policy = SubsidyPolicy.objects.select_for_update().get(pk=policy.pk)
    plan = allocation_plan(policy)
    if not plan:
        raise ValidationError("没有待分配的申报（评审通过的申报才列入分配方案）。")
    changed = []
    for application, share in plan:
        if application.allocated != share:
            application.allocated = share
            application.save(update_fields=["allocated", "updated_at"])
            changed.append(application)
    audit.record(
        actor=actor,
        action="subsidy_policy.allocate",
        obj=policy,
        extra={
            "method": policy.allocation_method,
            "budget": policy.budget,
            "allocations": {str(a.pk): share for a, share in plan},
        },
    )
    return changed


@transaction.atomic
def round_allocate(*, policy: SubsidyPolicy, actor) -> list[SubsidyApplication]:
    """Save the allocation plan and move the reviewed applications into it (status change each)."""
    allocation_apply(policy=policy, actor=actor)
    moved = []
    for application in policy.applications.filter(state=SubsidyState.REVIEWED).order_by("pk"):
        transition(obj=application, action="allocate", actor=actor, process=SUBSIDY_PROCESS)
        moved.append(application)
    return moved


@transaction.atomic
def round_publish(
    *, policy: SubsidyPolicy, starts_on: dt.date | None = None, actor
) -> list[SubsidyApplication]:
    """Publish the round's allocation as a notice (公示) for the policy's working days, and put
    each allocated application in publicity. The period's end closes it (system action)."""
    from programs import reports
    from publicity.services import notice_publish

    require_bureau(actor)
    applications = list(
        policy.applications.filter(state=SubsidyState.ALLOCATED)
        .select_related("organization__region")
        .prefetch_related("items")
        .order_by("-allocated", "pk")
    )
    if not applications:
        raise ValidationError("没有已列入分配方案、待公示的申报。")
    starts_on = starts_on or timezone.localdate()
    notice_publish(
        obj=policy,
        title=f"{policy.year}年度标准化资助奖励拟资助名单公示",
        body=(
            f"根据《{policy.title}》，经企业申报、县级初审、市级审核和评审，拟对下列单位予以资助奖励，"
            f"现予公示。公示期 {policy.publicity_days} 个工作日，对公示内容有异议的，请在公示期内提出。"
        ),
        starts_on=starts_on,
        days=policy.publicity_days,
        working_days=True,
        columns=reports.NOTICE_COLUMNS,
        rows=reports.notice_rows(applications),
        actor=actor,
    )
    for application in applications:
        transition(obj=application, action="publish", actor=actor, process=SUBSIDY_PROCESS)
    return applications


# --- payments ----------------------------------------------------------------------------------


@transaction.atomic
def payment_record(
    *, application: SubsidyApplication, paid_on: dt.date, amount: Decimal, reference: str, actor
) -> SubsidyPayment:
    require_bureau(actor)
    application = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
    if application.state not in PAYABLE_STATES:
        raise ValidationError("申报尚未批准，不能登记拨付。")
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": "请填写凭证号。"})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": "拨付金额应大于零。"})
    paid = application.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    if paid + amount > application.granted:
        raise ValidationError({"amount": "累计拨付金额不能超过核定（分配）金额。"})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "拨付日期不能晚于今天。"})
    payment = SubsidyPayment(
        application=application,
        paid_on=paid_on,
        amount=amount,
        reference=reference,
        recorded_by=actor,
    )
    payment.full_clean()
    payment.save()
    audit.record(
        actor=actor,
        action="subsidy_payment.record",
        obj=payment,
        after=audit.snapshot(payment, ["application_id", "paid_on", "amount", "reference"]),
    )
    if application.state == SubsidyState.APPROVED and paid + amount == application.granted:
        # Paid in full: the process moves on (its guard checks the same sum).
        transition(
            obj=application, action="pay", actor=actor, process=SUBSIDY_PROCESS,
            opinion=f"累计拨付 ¥{paid + amount:,.2f}，已全额拨付。",
        )  # fmt: skip
    return payment


# --- forerunners and upgrades ------------------------------------------------------------------

FORERUNNER_FIELDS = (
    "year",
    "field",
    "organization",
    "enterprise_name",
    "standard_code",
    "standard",
    "assessment_body",
)


@transaction.atomic
def forerunner_create(*, actor, **fields) -> Forerunner:
    require_bureau(actor)
    unknown = set(fields) - set(FORERUNNER_FIELDS)
    if unknown:
        raise TypeError(f"unknown forerunner fields {unknown}")
    result = Forerunner(**fields)
    if result.organization is not None and not result.enterprise_name:
        result.enterprise_name = result.organization.name
    result.full_clean()
    result.save()
    audit.record(actor=actor, action="forerunner.create", obj=result, after=audit.snapshot(result))
    return result


UPGRADE_FROM_KINDS = {"enterprise", "group", "municipal"}
LEVEL_KINDS = {
    UpgradeLevel.PROVINCIAL: "provincial",
    UpgradeLevel.INDUSTRY: "industry",
    UpgradeLevel.NATIONAL: "national",
}


@transaction.atomic
def upgrade_record(
    *, from_standard, to_standard, to_code: str, level: str, year: int, organization, actor
) -> StandardUpgrade:
    """Record that `from_standard` was raised to `level` as `to_standard` (or `to_code` for an
    international standard not in the catalog)."""
    require_bureau(actor)
    if from_standard.kind not in UPGRADE_FROM_KINDS:
        raise ValidationError({"from_code": "只有企业标准、团体标准或市级地方标准可以登记升级。"})
    if level not in UpgradeLevel.values:
        raise ValidationError({"level": "升级层级无效。"})
    if to_standard is None and level != UpgradeLevel.INTERNATIONAL:
        raise ValidationError({"to_code": "升级后的标准应在标准目录中。"})
    if to_standard is not None:
        if to_standard.kind != LEVEL_KINDS.get(level):
            raise ValidationError({"level": "升级层级与升级后标准的类型不一致。"})
        to_code = to_standard.code
    to_code = (to_code or "").strip()
    if not to_code:
        raise ValidationError({"to_code": "请填写升级后的标准号。"})
    upgrade = StandardUpgrade(
        from_standard=from_standard,
        to_standard=to_standard,
        to_code=to_code,
        level=level,
        year=year,
        organization=organization,
    )
    upgrade.full_clean()
    upgrade.save()
    audit.record(
        actor=actor, action="standard_upgrade.create", obj=upgrade, after=audit.snapshot(upgrade)
    )
    return upgrade


# --- pilots ------------------------------------------------------------------------------------

PILOT_FIELDS = (
    "title",
    "level",
    "domain",
    "objectives",
    "standard_system",
    "period_start",
    "period_end",
)


@transaction.atomic
def pilot_apply(*, organization, actor, call=None, **fields) -> PilotProject:
    """An organization's pilot project application answering `call` (default: the open pilot
    call closing soonest); the process's first step checks the call's window."""
    from calls.selectors import open_calls

    if not is_member(actor, organization):
        raise PermissionDenied("只能以本单位名义申报。")
    if not organization_can_apply(organization):
        raise ValidationError("您所在的机构尚未通过认证，暂不能申报。")
    unknown = set(fields) - set(PILOT_FIELDS)
    if unknown:
        raise TypeError(f"unknown pilot fields {unknown}")
    pilot = PilotProject(
        organization=organization,
        county_id=organization.region_id,
        call=call or open_calls("pilot").first(),
        state=PilotState.DRAFT,
        state_changed_at=timezone.now(),
        **fields,
    )
    pilot.full_clean()
    pilot.save()
    audit.record(actor=actor, action="pilot.create", obj=pilot, after=audit.snapshot(pilot))
    transition(obj=pilot, action="apply", actor=actor, process=PILOT_PROCESS)
    return pilot


BUILD_OUT_STATES = frozenset({PilotState.BUILDING, PilotState.MIDTERM, PilotState.RECTIFYING})


@transaction.atomic
def pilot_progress_report(
    *, pilot: PilotProject, period: str, progress: str, problems: str = "", actor
) -> PilotProgressReport:
    """The undertaking organization reports progress during the build-out (the bureau reads)."""
    if not is_member(actor, pilot.organization):
        raise PermissionDenied("只有承担单位可以报送建设进展。")
    pilot = PilotProject.objects.select_for_update().get(pk=pilot.pk)
    if pilot.state not in BUILD_OUT_STATES:
        raise ValidationError("项目不在建设期，不能报送建设进展。")
    report = PilotProgressReport(
        pilot=pilot,
        period=(period or "").strip(),
        progress=(progress or "").strip(),
        problems=(problems or "").strip(),
        submitted_by=actor,
    )
    report.full_clean()
    report.save()
    audit.record(
        actor=actor,
        action="pilot.progress_report",
        obj=report,
        after=audit.snapshot(report, ["pilot_id", "period", "progress", "problems"]),
    )
    return report


@transaction.atomic
def pilot_progress_read(*, report: PilotProgressReport, actor) -> PilotProgressReport:
    """The bureau marks a progress report read (once)."""
    require_bureau(actor)
    report = PilotProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.read_at is None:
        report.read_at, report.read_by = timezone.now(), actor
        report.save(update_fields=["read_at", "read_by", "updated_at"])
        audit.record(actor=actor, action="pilot.progress_read", obj=report)
    return report


@transaction.atomic
def pilot_update_achievements(*, pilot: PilotProject, achievements: str, actor) -> PilotProject:
    """The organization (or the bureau) writes the achievements shown on the showcase page."""
    if not (is_member(actor, pilot.organization) or getattr(actor, "is_bureau", False)):
        raise PermissionDenied("只有承担单位或市市场监管局可以填写建设成效。")
    pilot = PilotProject.objects.select_for_update().get(pk=pilot.pk)
    before = audit.snapshot(pilot, ["achievements"])
    pilot.achievements = achievements.strip()
    pilot.save(update_fields=["achievements", "updated_at"])
    audit.record(
        actor=actor,
        action="pilot.achievements",
        obj=pilot,
        before=before,
        after=audit.snapshot(pilot, ["achievements"]),
    )
    return pilot


# --- reform-plan items ---------------------------------------------------------------------------

PLAN_ITEM_FIELDS = ("plan", "field", "title", "responsible", "targets", "due_date")


@transaction.atomic
def plan_item_create(*, actor, **fields) -> PlanItem:
    """The bureau adds a construction project to the plan and assigns it to the unit (the unit
    is then asked to report on it)."""
    require_bureau(actor)
    unknown = set(fields) - set(PLAN_ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan item fields {unknown}")
    item = PlanItem(state=PlanItemState.DRAFT, state_changed_at=timezone.now(), **fields)
    item.full_clean()
    item.save()
    audit.record(
        actor=actor,
        action="plan_item.create",
        obj=item,
        after=audit.snapshot(item, ["plan", "field_id", "title", "responsible_id", "due_date"]),
    )
    transition(obj=item, action="assign", actor=actor, process="plan_item")
    return item
