"""The process of a municipal local standard (地方标准制修订), declared on the workflow engine.

draft ─submit (guard: call window)→ submitted (县局初审) ─forward→ project_review (立项审查:
查新, 公平竞争审查, expert panel) ─accept→ publicity (立项公示) ─(system: period over)→ plan_pending
─issue_plan (guard: objections answered; plan number 2026-001)→ drafting (起草) ─request_comment→
comment_ready ─open_comment (≥ 30 days)→ comment (征求意见) ─(system: period over)→ comment_done
─submit_review (guard: all comments disposed)→ review_pending (送审) ─start_tech_review→ tech_review
(技术审查, panel) ─pass / pass_with_changes→ approval_prep (报批) ─submit_approval (required
documents)→ approval ─approve (number DB3708/T NNN—YYYY)→ numbered ─publish (catalog standard)→
published ─file (备案)→ in_force ─start_periodic_review→ periodic_review (复审) ─confirm→ in_force,
─revise→ revising (new project) ─(system, when the new one is published)→ replaced, ─abolish→ abolished.
Back: return (退回修改), reject (不予立项), back_to_drafting / back_to_comment, cancel (已撤销).
"""

from __future__ import annotations

from accounts.roles import Role
from core.workflow import Action, Deadline, Process, Stage, State, Task, register
from core.workflow.timers import deadline_passed
from drafting import effects, forms, guards
from drafting.permissions import by_applicant, by_city, by_county, by_drafter, drafters

KEY = "local_standard"
APPLICANTS = frozenset({Role.SECTOR_DEPARTMENT.value, Role.ENTERPRISE.value})
DRAFTERS = APPLICANTS
OFFICERS = frozenset({Role.COUNTY_OFFICER.value, Role.CITY_OFFICER.value})
CITY = frozenset({Role.CITY_OFFICER.value})
CITY_ROLE = Role.CITY_OFFICER.value


def _county_scope(obj) -> str | None:
    if obj.organization_id and obj.organization.region_id:
        return f"region:{obj.organization.region_id}"
    return None


def _city_if_no_county(obj) -> str | None:
    return None if _county_scope(obj) else ""


def _city(label: str, key: str = "") -> Task:
    return Task(label, role=CITY_ROLE, scope=lambda obj: "", key=key)


def _drafters(label: str, key: str = "") -> Task:
    return Task(label, users=drafters, key=key)


# Before the plan is issued (cancellable by the bureau) and after (in drafting).
PRE_PUBLICATION = (
    "draft",
    "submitted",
    "returned",
    "project_review",
    "publicity",
    "plan_pending",
    "drafting",
    "comment_ready",
    "comment",
    "comment_done",
    "review_pending",
    "tech_review",
    "approval_prep",
    "approval",
)

LOCAL_STANDARD = register(
    Process(
        key=KEY,
        label="地方标准制修订",
        model="drafting.LocalStandardProject",
        extend_roles=CITY,
        states=(
            State("draft", "草稿", Stage.PROGRESS, tasks=(_drafters("完善并提交立项申请"),)),
            State(
                "submitted",
                "初审",
                Stage.WAITING,
                deadline=Deadline(5),
                tasks=(
                    Task(
                        "立项申请初审",
                        role=Role.COUNTY_OFFICER.value,
                        scope=_county_scope,
                        key="county_check",
                        oversight=CITY_ROLE,
                    ),
                    Task("立项申请初审", role=CITY_ROLE, scope=_city_if_no_county),
                ),
            ),
            State(
                "returned",
                "退回修改",
                Stage.REFUSED,
                waits_for_applicant=True,
                tasks=(_drafters("按意见修改后重新提交"),),
            ),
            State(
                "project_review",
                "立项审查",
                Stage.PROGRESS,
                deadline=Deadline(20),
                tasks=(_city("查新、公平竞争审查和专家评审", "project_review"),),
            ),
            State(
                "publicity",
                "立项公示",
                Stage.PROGRESS,
                tasks=(_city("答复公示异议"),),
            ),
            State(
                "plan_pending",
                "待下达计划",
                Stage.WAITING,
                deadline=Deadline(10),
                tasks=(_city("下达计划"),),
            ),
            State(
                "drafting",
                "起草",
                Stage.PROGRESS,
                deadline=Deadline(180, working=False),
                tasks=(_drafters("起草征求意见稿和编制说明"),),
            ),
            State(
                "comment_ready",
                "待征求意见",
                Stage.WAITING,
                deadline=Deadline(10),
                tasks=(_city("发布征求意见"),),
            ),
            State("comment", "征求意见", Stage.PROGRESS, tasks=(_drafters("处理征求意见"),)),
            State(
                "comment_done",
                "意见处理",
                Stage.PROGRESS,
                deadline=Deadline(30, working=False),
                tasks=(_drafters("处理全部意见并提交送审稿"),),
            ),
            State(
                "review_pending",
                "送审",
                Stage.WAITING,
                deadline=Deadline(20),
                tasks=(_city("组织技术审查"),),
            ),
            State(
                "tech_review",
                "技术审查",
                Stage.PROGRESS,
                deadline=Deadline(30),
                tasks=(_city("作出技术审查结论"),),
            ),
            State(
                "approval_prep",
                "报批",
                Stage.PROGRESS,
                deadline=Deadline(30, working=False),
                tasks=(_drafters("提交报批材料"),),
            ),
            State(
                "approval",
                "待批准",
                Stage.WAITING,
                deadline=Deadline(20),
                tasks=(_city("批准并编号"),),
            ),
            State(
                "numbered", "已编号", Stage.PROGRESS, deadline=Deadline(10), tasks=(_city("发布"),)
            ),
            State(
                "published", "已发布", Stage.PROGRESS, deadline=Deadline(20), tasks=(_city("备案"),)
            ),
            State("in_force", "现行", Stage.DONE),
            State(
                "periodic_review",
                "复审",
                Stage.PROGRESS,
                deadline=Deadline(60),
                tasks=(_city("作出复审结论"),),
            ),
            State("revising", "修订中", Stage.DONE),
            State("replaced", "已被代替", Stage.DONE),
            State("abolished", "已废止", Stage.DONE),
            State("rejected", "不予立项", Stage.REFUSED),
            State("cancelled", "已撤销", Stage.REFUSED),
        ),
        actions=(
            Action(
                "submit",
                "提交立项申请",
                ("draft",),
                "submitted",
                APPLICANTS,
                by_applicant,
                guards=(guards.call_open, guards.units_given),
                required_documents=("application",),
            ),
            Action(
                "forward",
                "初审通过",
                ("submitted",),
                "project_review",
                OFFICERS,
                by_county,
            ),
            Action(
                "return",
                "退回修改",
                ("submitted",),
                "returned",
                OFFICERS,
                by_county,
                opinion_required=True,
                style="secondary",
            ),
            Action(
                "review_return",
                "退回修改",
                ("project_review",),
                "returned",
                CITY,
                by_city,
                opinion_required=True,
                style="secondary",
            ),
            Action("resubmit", "重新提交", ("returned",), "submitted", APPLICANTS, by_applicant),
            Action(
                "accept",
                "同意立项并公示",
                ("project_review",),
                "publicity",
                CITY,
                by_city,
                guards=(guards.duplicate_checked, guards.panel_done),
                form=forms.FairCompetitionForm,
                effect=effects.publish_publicity,
            ),
            Action(
                "reject",
                "不予立项",
                ("project_review",),
                "rejected",
                CITY,
                by_city,
                opinion_required=True,
                style="danger",
            ),
            Action(
                "reconsider",
                "重新审查（异议成立）",
                ("publicity", "plan_pending"),
                "project_review",
                CITY,
                by_city,
                opinion_required=True,
                style="secondary",
            ),
            Action(
                "publicity_end",
                "公示期满",
                ("publicity",),
                "plan_pending",
                system=True,
                trigger=deadline_passed("publicity_ends"),
            ),
            Action(
                "issue_plan",
                "下达计划",
                ("plan_pending",),
                "drafting",
                CITY,
                by_city,
                guards=(guards.publicity_over, guards.objections_answered),
                form=forms.PlanForm,
                effect=effects.issue_plan,
            ),
            Action(
                "request_comment",
                "提交征求意见稿",
                ("drafting",),
                "comment_ready",
                DRAFTERS,
                by_drafter,
                guards=(guards.has_draft,),
                required_documents=("explanation",),
            ),
            Action(
                "open_comment",
                "发布征求意见",
                ("comment_ready",),
                "comment",
                CITY,
                by_city,
                guards=(guards.has_draft,),
                form=forms.CommentPeriodForm,
                effect=effects.open_comment,
            ),
            Action(
                "back_to_drafting",
                "退回起草",
                ("comment_ready", "tech_review"),
                "drafting",
                CITY,
                by_city,
                opinion_required=True,
                style="secondary",
            ),
            Action(
                "comment_close",
                "征求意见期满",
                ("comment",),
                "comment_done",
                system=True,
                trigger=deadline_passed("comment_closes"),
            ),
            Action(
                "submit_review",
                "提交送审稿",
                ("comment_done",),
                "review_pending",
                DRAFTERS,
                by_drafter,
                guards=(guards.comment_period_over, guards.comments_disposed),
            ),
            Action(
                "start_tech_review",
                "组织技术审查",
                ("review_pending",),
                "tech_review",
                CITY,
                by_city,
            ),
            Action(
                "tech_pass",
                "审查通过",
                ("tech_review",),
                "approval_prep",
                CITY,
                by_city,
                guards=(guards.panel_done,),
                required_documents=("opinion",),
            ),
            Action(
                "tech_pass_changes",
                "修改后通过",
                ("tech_review",),
                "approval_prep",
                CITY,
                by_city,
                guards=(guards.panel_done,),
                form=forms.ChangesForm,
                required_documents=("opinion",),
                style="secondary",
            ),
            Action(
                "back_to_comment",
                "重新征求意见",
                ("tech_review",),
                "comment_ready",
                CITY,
                by_city,
                opinion_required=True,
                style="secondary",
            ),
            Action(
                "submit_approval",
                "提交报批",
                ("approval_prep",),
                "approval",
                DRAFTERS,
                by_drafter,
                guards=(guards.approval_package,),
            ),
            Action(
                "approve",
                "批准并编号",
                ("approval",),
                "numbered",
                CITY,
                by_city,
                form=forms.ApproveForm,
                effect=effects.assign_number,
            ),
            Action(
                "publish",
                "发布",
                ("numbered",),
                "published",
                CITY,
                by_city,
                effect=effects.publish_standard,
            ),
            Action(
                "file",
                "登记备案",
                ("published",),
                "in_force",
                CITY,
                by_city,
                form=forms.FilingForm,
                effect=effects.record_filing,
            ),
            Action(
                "start_periodic_review",
                "启动复审",
                ("in_force",),
                "periodic_review",
                CITY,
                by_city,
            ),
            Action(
                "confirm",
                "复审：继续有效",
                ("periodic_review",),
                "in_force",
                CITY,
                by_city,
                effect=effects.confirm_standard,
            ),
            Action(
                "revise",
                "复审：修订",
                ("periodic_review",),
                "revising",
                CITY,
                by_city,
                opinion_required=True,
                effect=effects.open_revision,
                style="secondary",
            ),
            Action(
                "abolish",
                "复审：废止",
                ("periodic_review",),
                "abolished",
                CITY,
                by_city,
                opinion_required=True,
                form=forms.AbolishForm,
                effect=effects.abolish_standard,
                style="danger",
            ),
            Action("replace", "被新标准代替", ("revising",), "replaced", system=True),
            Action(
                "cancel",
                "撤销项目",
                PRE_PUBLICATION,
                "cancelled",
                CITY,
                by_city,
                opinion_required=True,
                style="danger",
            ),
        ),
    )
)
