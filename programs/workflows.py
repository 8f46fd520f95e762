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
