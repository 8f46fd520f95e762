"""The programs' processes on the engine: the subsidy round (标准化资助奖励) and pilot projects
(标准化试点示范). Domain rules stay in `services`, `guards` and `assessment`; this file is the
transition table (who may do what, when) and the work items each stage opens.

Subsidy application:
draft ─submit (call window open)→ submitted (county pre-check) ─county_check→ county_checked
─city_review (re-assessed)→ city_reviewed ─review_pass (experts' sheets submitted, or the bureau's
decision)→ reviewed ─allocate (plan saved, within budget)→ allocated ─publish (notice out)→ publicity
─(system when the period ends, objections answered)→ publicized ─approve→ approved ─pay (fully
paid)→ paid ─evaluate→ evaluated ─archive→ archived; return for changes (returned ─resubmit→
submitted) and refusal with reasons from the checking stages; claw back after payment.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.roles import Role
from calls.guards import call_window_open
from core.workflow import Action, Deadline, Process, Stage, State, Task, register
from directory.permissions import is_member, officer_covers
from programs import guards
from programs.choices import SubsidyState as S

CITY = frozenset({Role.CITY_OFFICER.value, Role.ADMINISTRATOR.value})
OFFICERS = frozenset({Role.COUNTY_OFFICER.value, *CITY})
ENTERPRISE = frozenset({Role.ENTERPRISE.value})


# --- who may act --------------------------------------------------------------------------------


def by_member(user, obj) -> bool:
    return is_member(user, obj.organization)


def by_officer(user, obj) -> bool:
    return user.is_bureau or officer_covers(user, obj.organization)


def officer_filter(user) -> Q:
    if user.is_bureau or user.has_role(Role.CITY_OFFICER):
        return Q()
    return Q(organization__region_id=user.county_id) if user.county_id else Q(pk__in=[])


def member_filter(user) -> Q:
    return Q(organization__memberships__user=user, organization__memberships__state="active")


def county_scope(obj) -> str | None:
    region = obj.organization.region_id
    return f"region:{region}" if region else None


def city_without_county(obj) -> str | None:
    """An organization without a county is pre-checked by the city."""
    return None if obj.organization.region_id else ""


def applicant_scope(obj) -> str:
    return f"org-admin:{obj.organization_id}"


def city_task(label: str, key: str = "") -> Task:
    return Task(label, role=Role.CITY_OFFICER.value, scope=lambda obj: "", key=key)


# --- subsidy: guards, forms, effects -------------------------------------------------------------


def subsidy_call_open(application) -> str | None:
    return call_window_open(application.policy.call)


def subsidy_plan_within_budget(application) -> str | None:
    from programs.selectors import planned_total

    planned = planned_total(application.policy)
    if planned > application.policy.budget:
        return f"分配方案合计 ¥{planned:,.2f} 超出预算 ¥{application.policy.budget:,.2f}。"
    return None


def subsidy_notice_published(application) -> str | None:
    from publicity.models import Notice

    if not Notice.objects.about(application.policy).exists():
        return "尚未发布本年度拟资助名单公示。"
    return None


def subsidy_publicity_ended(application) -> str | None:
    from publicity.guards import publicity_ended

    return publicity_ended(application.policy)


def subsidy_objections_answered(application) -> str | None:
    from publicity.guards import all_objections_answered

    return all_objections_answered(application.policy)


def subsidy_reviews_done(application) -> str | None:
    """Experts assigned through `reviews` must all have submitted before the stage concludes."""
    from reviews.models import Review

    pending = Review.objects.about(application).pending().count()
    if pending:
        return f"还有 {pending} 位专家尚未提交评审意见。"
    return None


def publicity_over(application, today) -> bool:
    from publicity.guards import publicity_ended

    return publicity_ended(application.policy, today) is None


class ResubmitForm(forms.Form):
    standards = forms.CharField(
        label="修改后的标准号（每行一个，留空则不变）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewDecisionForm(forms.Form):
    score = forms.DecimalField(
        label="评审得分（已指派专家评审的，取专家平均分）",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        max_digits=6,
    )


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label="绩效评价结果",
        choices=[("excellent", "优秀"), ("good", "良好"), ("pass", "合格"), ("fail", "不合格")],
    )


def reassess_effect(application, data, actor):
    from programs.services import reassess_in_place

    reassess_in_place(application)
    if not application.items.filter(eligible=True, amount__gt=0).exists():
        raise ValidationError("重新核定后没有符合资助条件的标准，请选择“不予资助”并说明理由。")
    return ["total"]


def resubmit_effect(application, data, actor):
    from programs.services import clean_codes, reassess_in_place

    text = (data.get("standards") or "").strip()
    codes = clean_codes(text.splitlines()) if text else None
    reassess_in_place(application, codes=codes)
    return ["total"]


def review_effect(application, data, actor):
    from reviews.selectors import score_tables

    tables = [t for t in score_tables(application, actor) if t.mean_total is not None]
    if tables:
        application.score = tables[0].mean_total
    elif data.get("score") is not None:
        application.score = data["score"]
    return ["score"]


SUBSIDY = register(
    Process(
        key="subsidy_application",
        label="标准化资助奖励申报",
        model="programs.SubsidyApplication",
        states=(
            State(S.DRAFT, S.DRAFT.label, Stage.PROGRESS),
            State(
                S.SUBMITTED,
                "待县级初审",
                Stage.WAITING,
                tasks=(
                    Task(
                        "县级初审",
                        role=Role.COUNTY_OFFICER.value,
                        scope=county_scope,
                        key="county_check",
                        oversight=Role.CITY_OFFICER.value,
                    ),
                    Task(
                        "初审（无所属县区）",
                        role=Role.CITY_OFFICER.value,
                        scope=city_without_county,
                    ),
                ),
                deadline=Deadline(10),
            ),
            State(
                S.RETURNED,
                S.RETURNED.label,
                Stage.REFUSED,
                tasks=(Task("修改后重新提交", role=Role.ENTERPRISE.value, scope=applicant_scope),),
                waits_for_applicant=True,
            ),
            State(
                S.COUNTY_CHECKED,
                "待市级审核",
                Stage.PROGRESS,
                tasks=(city_task("市级审核（重新核定）", "city_review"),),
                deadline=Deadline(10),
            ),
            State(
                S.CITY_REVIEWED,
                "专家评审/集体审议",
                Stage.PROGRESS,
                tasks=(city_task("组织专家评审或集体审议", "review"),),
                deadline=Deadline(15),
            ),
            State(
                S.REVIEWED,
                "待列入分配方案",
                Stage.PROGRESS,
                tasks=(city_task("编制分配方案", "allocate"),),
                deadline=Deadline(10),
            ),
            State(
                S.ALLOCATED,
                "待发布公示",
                Stage.PROGRESS,
                tasks=(city_task("发布拟资助名单公示", "publish"),),
                deadline=Deadline(5),
            ),
            State(S.PUBLICITY, S.PUBLICITY.label, Stage.PROGRESS),
            State(
                S.PUBLICIZED,
                S.PUBLICIZED.label,
                Stage.WAITING,
                tasks=(city_task("批准资助", "approve"),),
                deadline=Deadline(5),
            ),
            State(
                S.APPROVED,
                "已批准待拨付",
                Stage.PROGRESS,
                tasks=(city_task("拨付资金", "pay"),),
                deadline=Deadline(20),
            ),
            State(S.PAID, S.PAID.label, Stage.DONE, tasks=(city_task("绩效评价", "evaluate"),)),
            State(S.EVALUATED, S.EVALUATED.label, Stage.DONE),
            State(S.ARCHIVED, S.ARCHIVED.label, Stage.DONE),
            State(S.REFUSED, "不予资助", Stage.REFUSED),
            State(S.CLAWED_BACK, S.CLAWED_BACK.label, Stage.REFUSED),
        ),
        actions=(
            Action(
                "submit",
                "提交申报",
                (S.DRAFT,),
                S.SUBMITTED,
                ENTERPRISE,
                by_member,
                guards=(subsidy_call_open,),
                scope_filter=member_filter,
            ),
            Action(
                "county_check",
                "县级初审通过",
                (S.SUBMITTED,),
                S.COUNTY_CHECKED,
                OFFICERS,
                by_officer,
                guards=(guards.application_has_eligible_items,),
                scope_filter=officer_filter,
            ),
            Action(
                "return",
                "退回修改",
                (S.SUBMITTED, S.COUNTY_CHECKED, S.CITY_REVIEWED),
                S.RETURNED,
                OFFICERS,
                by_officer,
                opinion_required=True,
                style="secondary",
                scope_filter=officer_filter,
            ),
            Action(
                "resubmit",
                "修改后重新提交",
                (S.RETURNED,),
                S.SUBMITTED,
                ENTERPRISE,
                by_member,
                form=ResubmitForm,
                effect=resubmit_effect,
                scope_filter=member_filter,
            ),
            Action(
                "refuse",
                "不予资助",
                (S.SUBMITTED, S.COUNTY_CHECKED, S.CITY_REVIEWED, S.REVIEWED),
                S.REFUSED,
                OFFICERS,
                by_officer,
                opinion_required=True,
                style="danger",
                scope_filter=officer_filter,
            ),
            Action(
                "city_review",
                "市级审核通过（重新核定）",
                (S.COUNTY_CHECKED,),
                S.CITY_REVIEWED,
                CITY,
                effect=reassess_effect,
            ),
            Action(
                "review_pass",
                "评审通过",
                (S.CITY_REVIEWED,),
                S.REVIEWED,
                CITY,
                guards=(subsidy_reviews_done,),
                form=ReviewDecisionForm,
                effect=review_effect,
            ),
            Action(
                "allocate",
                "列入分配方案",
                (S.REVIEWED,),
                S.ALLOCATED,
                CITY,
                guards=(guards.application_allocated, subsidy_plan_within_budget),
            ),
            Action(
                "publish",
                "列入公示",
                (S.ALLOCATED,),
                S.PUBLICITY,
                CITY,
                guards=(subsidy_notice_published,),
            ),
            Action(
                "publicity_close",
                "公示期满",
                (S.PUBLICITY,),
                S.PUBLICIZED,
                guards=(subsidy_publicity_ended, subsidy_objections_answered),
                system=True,
                trigger=publicity_over,
            ),
            Action(
                "approve",
                "批准资助",
                (S.PUBLICITY, S.PUBLICIZED),
                S.APPROVED,
                CITY,
                guards=(subsidy_publicity_ended, subsidy_objections_answered),
            ),
            Action(
                "pay",
                "确认拨付完成",
                (S.APPROVED,),
                S.PAID,
                CITY,
                guards=(guards.application_fully_paid,),
            ),
            Action(
                "evaluate",
                "绩效评价",
                (S.PAID,),
                S.EVALUATED,
                CITY,
                opinion_required=True,
                form=EvaluationForm,
            ),
            Action("archive", "归档", (S.EVALUATED,), S.ARCHIVED, CITY, style="secondary"),
            Action(
                "claw_back",
                "追回资金",
                (S.PAID, S.EVALUATED),
                S.CLAWED_BACK,
                CITY,
                opinion_required=True,
                style="danger",
            ),
        ),
    )
)


# --- pilot projects -------------------------------------------------------------------------------

from programs.choices import PilotState as P  # noqa: E402

PILOT_PUBLICITY_DAYS = 5  # working days of the 立项公示 (the bureau may set its own per notice)
RE_REVIEW_YEARS = 3  # 复评 every few years after naming


def pilot_county_scope(pilot) -> str | None:
    return f"region:{pilot.county_id}" if pilot.county_id else None


def pilot_city_without_county(pilot) -> str | None:
    return None if pilot.county_id else ""


def pilot_officer_covers(user, pilot) -> bool:
    if user.is_bureau or user.has_role(Role.CITY_OFFICER):
        return True
    return (
        user.has_role(Role.COUNTY_OFFICER)
        and user.county_id is not None
        and user.county_id == pilot.county_id
    )


def pilot_officer_filter(user) -> Q:
    if user.is_bureau or user.has_role(Role.CITY_OFFICER):
        return Q()
    return Q(county_id=user.county_id) if user.county_id else Q(pk__in=[])


def pilot_call_open(pilot) -> str | None:
    return call_window_open(pilot.call)


def _sheet_mean(pilot, sheet) -> Decimal | None:
    """The mean total of the submitted reviews of `pilot` on `sheet` (two places)."""
    from reviews.models import Review

    if sheet is None:
        return None
    totals = list(
        Review.objects.about(pilot).filter(sheet=sheet).submitted().values_list("total", flat=True)
    )
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"))


def _reviews_on(pilot, sheet) -> str | None:
    from reviews.models import Review

    if sheet is None:
        return "尚未选定评分表。"
    reviews = Review.objects.about(pilot).filter(sheet=sheet)
    if not reviews.exists():
        return f"尚未按“{sheet.name}”指派评审专家。"
    pending = reviews.pending().count()
    if pending:
        return f"还有 {pending} 位专家尚未提交评审意见。"
    return None


def _passes(pilot, sheet) -> str | None:
    reason = _reviews_on(pilot, sheet)
    if reason:
        return reason
    mean = _sheet_mean(pilot, sheet)
    if mean is None or mean < sheet.pass_mark:
        return f"专家平均分 {mean if mean is not None else '—'} 未达到合格分 {sheet.pass_mark}。"
    return None


def pilot_review_passed(pilot) -> str | None:
    return _passes(pilot, pilot.sheet)


def pilot_review_done(pilot) -> str | None:
    return _reviews_on(pilot, pilot.sheet)


def pilot_acceptance_passed(pilot) -> str | None:
    return _passes(pilot, pilot.acceptance_sheet)


def pilot_acceptance_done(pilot) -> str | None:
    return _reviews_on(pilot, pilot.acceptance_sheet)


def pilot_publicity_ended(pilot) -> str | None:
    from publicity.guards import publicity_ended

    return publicity_ended(pilot)


def pilot_objections_answered(pilot) -> str | None:
    from publicity.guards import all_objections_answered

    return all_objections_answered(pilot)


def pilot_publicity_over(pilot, today) -> bool:
    from publicity.guards import publicity_ended

    return publicity_ended(pilot, today) is None


def _pilot_sheets():
    from reviews.models import ScoreSheet

    return ScoreSheet.objects.filter(program="pilot")


class ReviewSheetForm(forms.Form):
    # Declared on the class (the page and the API read `base_fields`); the queryset is lazy.
    sheet = forms.ModelChoiceField(label="评审所用评分表", queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].queryset = _pilot_sheets()


class AcceptanceSheetForm(ReviewSheetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].label = "验收所用评分表"


class AcceptanceForm(forms.Form):
    site_visit_on = forms.DateField(
        label="现场核查日期", widget=forms.DateInput(attrs={"type": "date"})
    )
    site_visit_note = forms.CharField(
        label="现场核查记录", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RectifyForm(forms.Form):
    rectify_by = forms.DateField(label="整改期限", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_rectify_by(self):
        from django.utils import timezone

        value = self.cleaned_data["rectify_by"]
        if value <= timezone.localdate():
            raise forms.ValidationError("整改期限应晚于今天。")
        return value


def set_review_sheet(pilot, data, actor):
    pilot.sheet = data["sheet"]
    return ["sheet"]


def set_acceptance_sheet(pilot, data, actor):
    pilot.acceptance_sheet = data["sheet"]
    return ["acceptance_sheet"]


def publish_pilot_notice(pilot, data, actor):
    from django.utils import timezone

    from publicity.services import notice_publish

    notice_publish(
        obj=pilot,
        title=f"{pilot.get_level_display()}标准化试点示范项目拟立项公示：{pilot.title}",
        body=(
            f"{pilot.organization.name}承担的“{pilot.title}”经县级推荐、形式审查和专家评审，"
            f"拟列为{pilot.get_level_display()}标准化试点示范项目，现予公示。"
        ),
        starts_on=timezone.localdate(),
        days=PILOT_PUBLICITY_DAYS,
        columns=["项目名称", "承担单位", "领域", "建设期"],
        rows=[
            [
                pilot.title,
                pilot.organization.name,
                pilot.get_domain_display(),
                f"{pilot.period_start:%Y-%m-%d} 至 {pilot.period_end:%Y-%m-%d}",
            ]
        ],
        actor=actor,
    )
    return []


def name_pilot(pilot, data, actor):
    from django.utils import timezone

    today = timezone.localdate()
    pilot.acceptance_score = _sheet_mean(pilot, pilot.acceptance_sheet)
    pilot.named_on = today
    pilot.re_review_on = today.replace(year=today.year + RE_REVIEW_YEARS)
    pilot.rectify_by = None
    return ["acceptance_score", "named_on", "re_review_on", "rectify_by"]


def set_rectify_by(pilot, data, actor):
    pilot.rectify_by = data["rectify_by"]
    return ["rectify_by"]


def renew_naming(pilot, data, actor):
    from django.utils import timezone

    today = timezone.localdate()
    pilot.re_review_on = today.replace(year=today.year + RE_REVIEW_YEARS)
    return ["re_review_on"]


def pilot_member(user, pilot) -> bool:
    return is_member(user, pilot.organization)


def pilot_task(label: str, key: str = "") -> Task:
    return Task(label, role=Role.ENTERPRISE.value, scope=applicant_scope, key=key)


def _date_passed(field: str):
    from core.workflow.timers import deadline_passed

    return deadline_passed(field)


PILOT = register(
    Process(
        key="pilot_project",
        label="标准化试点示范项目",
        model="programs.PilotProject",
        states=(
            State(P.DRAFT, P.DRAFT.label, Stage.PROGRESS),
            State(
                P.APPLIED,
                "待县级推荐",
                Stage.WAITING,
                tasks=(
                    Task(
                        "县级推荐",
                        role=Role.COUNTY_OFFICER.value,
                        scope=pilot_county_scope,
                        key="recommend",
                        oversight=Role.CITY_OFFICER.value,
                    ),
                    Task(
                        "推荐（无所属县区）",
                        role=Role.CITY_OFFICER.value,
                        scope=pilot_city_without_county,
                    ),
                ),
                deadline=Deadline(10),
            ),
            State(
                P.RETURNED,
                P.RETURNED.label,
                Stage.REFUSED,
                tasks=(pilot_task("修改后重新提交"),),
                waits_for_applicant=True,
            ),
            State(P.NOT_RECOMMENDED, P.NOT_RECOMMENDED.label, Stage.REFUSED),
            State(
                P.COUNTY_RECOMMENDED,
                "待形式审查",
                Stage.PROGRESS,
                tasks=(city_task("形式审查", "formal_check"),),
                deadline=Deadline(10),
            ),
            State(
                P.FORMAL_CHECKED,
                "待组织专家评审",
                Stage.PROGRESS,
                tasks=(city_task("选定评分表并组织专家评审", "start_review"),),
                deadline=Deadline(10),
            ),
            State(
                P.EXPERT_REVIEW,
                P.EXPERT_REVIEW.label,
                Stage.PROGRESS,
                tasks=(city_task("评审结论", "conclude"),),
                deadline=Deadline(20),
            ),
            State(P.PUBLICITY, P.PUBLICITY.label, Stage.PROGRESS),
            State(P.NOT_APPROVED, P.NOT_APPROVED.label, Stage.REFUSED),
            State(
                P.AGREEMENT,
                "待签订任务书",
                Stage.WAITING,
                tasks=(city_task("签订任务书", "sign"),),
                deadline=Deadline(20),
            ),
            State(
                P.BUILDING,
                P.BUILDING.label,
                Stage.PROGRESS,
                tasks=(pilot_task("报送建设进展，期满申请验收", "build"),),
                deadline=Deadline(730, working=False),  # 建设期 two years by default
            ),
            State(
                P.MIDTERM,
                P.MIDTERM.label,
                Stage.PROGRESS,
                tasks=(city_task("中期评估", "midterm"),),
                deadline=Deadline(20),
            ),
            State(
                P.ACCEPTANCE_REQUESTED,
                P.ACCEPTANCE_REQUESTED.label,
                Stage.WAITING,
                tasks=(city_task("选定验收评分表并组织验收", "start_acceptance"),),
                deadline=Deadline(20),
            ),
            State(P.LAPSED, P.LAPSED.label, Stage.REFUSED),
            State(
                P.ACCEPTANCE_REVIEW,
                P.ACCEPTANCE_REVIEW.label,
                Stage.PROGRESS,
                tasks=(city_task("验收结论", "accept"),),
                deadline=Deadline(20),
            ),
            State(
                P.RECTIFYING,
                P.RECTIFYING.label,
                Stage.WAITING,
                tasks=(pilot_task("按期整改后重新申请验收", "rectify"),),
            ),
            State(P.PASSED, P.PASSED.label, Stage.DONE),
            State(P.FAILED, P.FAILED.label, Stage.REFUSED),
            State(P.REVOKED, P.REVOKED.label, Stage.REFUSED),
            State(
                P.RE_REVIEW,
                P.RE_REVIEW.label,
                Stage.PROGRESS,
                tasks=(city_task("复评", "re_review"),),
                deadline=Deadline(30),
            ),
        ),
        actions=(
            Action(
                "apply",
                "提交申报",
                (P.DRAFT,),
                P.APPLIED,
                ENTERPRISE,
                pilot_member,
                guards=(pilot_call_open,),
            ),
            Action(
                "recommend",
                "县级推荐",
                (P.APPLIED,),
                P.COUNTY_RECOMMENDED,
                OFFICERS,
                pilot_officer_covers,
                scope_filter=pilot_officer_filter,
            ),
            Action(
                "not_recommend",
                "不予推荐",
                (P.APPLIED,),
                P.NOT_RECOMMENDED,
                OFFICERS,
                pilot_officer_covers,
                opinion_required=True,
                style="danger",
                scope_filter=pilot_officer_filter,
            ),
            Action(
                "return",
                "退回修改",
                (P.APPLIED, P.COUNTY_RECOMMENDED),
                P.RETURNED,
                OFFICERS,
                pilot_officer_covers,
                opinion_required=True,
                style="secondary",
                scope_filter=pilot_officer_filter,
            ),
            Action(
                "resubmit", "修改后重新提交", (P.RETURNED,), P.APPLIED, ENTERPRISE, pilot_member
            ),
            Action("formal_check", "形式审查通过", (P.COUNTY_RECOMMENDED,), P.FORMAL_CHECKED, CITY),
            Action(
                "start_review",
                "组织专家评审",
                (P.FORMAL_CHECKED,),
                P.EXPERT_REVIEW,
                CITY,
                form=ReviewSheetForm,
                effect=set_review_sheet,
            ),
            Action(
                "review_pass",
                "评审通过并公示",
                (P.EXPERT_REVIEW,),
                P.PUBLICITY,
                CITY,
                guards=(pilot_review_passed,),
                effect=publish_pilot_notice,
            ),
            Action(
                "review_fail",
                "不予立项",
                (P.EXPERT_REVIEW,),
                P.NOT_APPROVED,
                CITY,
                guards=(pilot_review_done,),
                opinion_required=True,
                style="danger",
            ),
            Action(
                "publicity_close",
                "公示期满",
                (P.PUBLICITY,),
                P.AGREEMENT,
                guards=(pilot_publicity_ended, pilot_objections_answered),
                system=True,
                trigger=pilot_publicity_over,
            ),
            Action(
                "not_approve",
                "公示异议成立，不予立项",
                (P.PUBLICITY,),
                P.NOT_APPROVED,
                CITY,
                opinion_required=True,
                style="danger",
            ),
            Action("sign", "任务书已签订", (P.AGREEMENT,), P.BUILDING, CITY),
            Action("start_midterm", "开始中期评估", (P.BUILDING,), P.MIDTERM, CITY),
            Action(
                "midterm_pass",
                "中期评估通过",
                (P.MIDTERM,),
                P.BUILDING,
                CITY,
                opinion_required=True,
            ),
            Action(
                "request_acceptance",
                "自评并申请验收",
                (P.BUILDING,),
                P.ACCEPTANCE_REQUESTED,
                ENTERPRISE,
                pilot_member,
                guards=(guards.pilot_has_achievements,),
                opinion_required=True,
            ),
            Action(
                "lapse",
                "建设期满未申请验收",
                (P.BUILDING,),
                P.LAPSED,
                system=True,
                trigger=_date_passed("deadline"),
            ),
            Action(
                "start_acceptance",
                "组织验收评审",
                (P.ACCEPTANCE_REQUESTED,),
                P.ACCEPTANCE_REVIEW,
                CITY,
                form=AcceptanceSheetForm,
                effect=set_acceptance_sheet,
            ),
            Action(
                "pass_acceptance",
                "验收通过并命名",
                (P.ACCEPTANCE_REVIEW,),
                P.PASSED,
                CITY,
                guards=(pilot_acceptance_passed,),
                form=AcceptanceForm,
                effect=name_pilot,
            ),
            Action(
                "rectify",
                "限期整改",
                (P.ACCEPTANCE_REVIEW,),
                P.RECTIFYING,
                CITY,
                guards=(pilot_acceptance_done,),
                form=RectifyForm,
                effect=set_rectify_by,
                opinion_required=True,
                style="secondary",
            ),
            Action(
                "fail_acceptance",
                "验收不通过",
                (P.ACCEPTANCE_REVIEW,),
                P.FAILED,
                CITY,
                guards=(pilot_acceptance_done,),
                opinion_required=True,
                style="danger",
            ),
            Action(
                "rectified",
                "整改完成，重新验收",
                (P.RECTIFYING,),
                P.ACCEPTANCE_REVIEW,
                ENTERPRISE,
                pilot_member,
                opinion_required=True,
            ),
            Action(
                "rectify_lapse",
                "整改逾期",
                (P.RECTIFYING,),
                P.FAILED,
                system=True,
                trigger=_date_passed("rectify_by"),
            ),
            Action(
                "open_re_review",
                "启动复评",
                (P.PASSED,),
                P.RE_REVIEW,
                system=True,
                trigger=_date_passed("re_review_on"),
            ),
            Action(
                "re_review_pass",
                "复评通过",
                (P.RE_REVIEW,),
                P.PASSED,
                CITY,
                effect=renew_naming,
                opinion_required=True,
            ),
            Action(
                "revoke",
                "撤销命名",
                (P.RE_REVIEW, P.PASSED, P.BUILDING, P.MIDTERM),
                P.REVOKED,
                CITY,
                opinion_required=True,
                style="danger",
            ),
        ),
    )
)


# --- reform-plan items (标准化综合改革建设方案、标准化品牌) --------------------------------------

from programs.choices import PlanItemState as R  # noqa: E402


def plan_unit_member(user, item) -> bool:
    return is_member(user, item.responsible)


def plan_unit_scope(item) -> str | None:
    """Units other than government departments: their members (enterprise users)."""
    return None if item.responsible.kind == "government" else f"org:{item.responsible_id}"


def plan_department_scope(item) -> str | None:
    """A government department: its members (sector department users)."""
    return f"org:{item.responsible_id}" if item.responsible.kind == "government" else None


def plan_unit_tasks(label: str, key: str = "") -> tuple[Task, ...]:
    return (
        Task(label, role=Role.ENTERPRISE.value, scope=plan_unit_scope, key=key),
        Task(label, role=Role.SECTOR_DEPARTMENT.value, scope=plan_department_scope, key=key),
    )


def plan_unit_filter(user) -> Q:
    return Q(responsible__memberships__user=user, responsible__memberships__state="active")


PLAN_ITEM = register(
    Process(
        key="plan_item",
        label="改革建设项目",
        model="programs.PlanItem",
        states=(
            State(R.DRAFT, R.DRAFT.label, Stage.PROGRESS),
            State(
                R.IN_PROGRESS,
                R.IN_PROGRESS.label,
                Stage.PROGRESS,
                tasks=plan_unit_tasks("推进建设并报送完成情况", "report"),
            ),
            State(
                R.REPORTED,
                "待市局确认",
                Stage.WAITING,
                tasks=(city_task("确认完成情况", "confirm"),),
                deadline=Deadline(10),
            ),
            State(
                R.RETURNED,
                R.RETURNED.label,
                Stage.REFUSED,
                tasks=plan_unit_tasks("补充材料后重新报送"),
                waits_for_applicant=True,
            ),
            State(R.CONFIRMED, R.CONFIRMED.label, Stage.DONE),
        ),
        actions=(
            Action("assign", "下达任务", (R.DRAFT,), R.IN_PROGRESS, CITY),
            Action(
                "report",
                "报送完成情况",
                (R.IN_PROGRESS, R.RETURNED),
                R.REPORTED,
                scope=plan_unit_member,
                opinion_required=True,
                required_documents=("other",),
                scope_filter=plan_unit_filter,
            ),
            Action("confirm", "确认完成", (R.REPORTED,), R.CONFIRMED, CITY),
            Action(
                "return",
                "退回补充",
                (R.REPORTED,),
                R.RETURNED,
                CITY,
                opinion_required=True,
                style="secondary",
            ),
        ),
    )
)
