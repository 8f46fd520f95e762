"""The example process (示例申报): every engine feature once.

draft ─submit(guard: title; form: budget)→ submitted ─return→ returned (waits for the applicant)
returned ─resubmit→ submitted ─accept→ review (panel 会签) ─conclude(guard: panel_completed;
effect: number)→ publicity ─close (system, when publicity_ends has passed)→ approved; review ─reject→ rejected;
publicity ─reconsider→ review (a new panel is needed: the earlier one does not count)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone

from accounts.roles import Role
from core.workflow import (
    Action,
    ActionForm,
    Deadline,
    Process,
    Stage,
    State,
    Task,
    format_year_number,
    next_number,
    panel_completed,
    register,
)
from core.workflow.timers import deadline_passed
from directory.permissions import is_org_admin, officer_covers

OFFICERS = frozenset({Role.COUNTY_OFFICER.value, Role.CITY_OFFICER.value})
ENTERPRISE = frozenset({Role.ENTERPRISE.value})
BUDGET_LIMIT = Decimal("1000000")


class SubmitForm(ActionForm):
    budget = forms.DecimalField(label="申请金额", max_digits=12, decimal_places=2, min_value=0)
    contact = forms.CharField(label="联系人", max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A field that depends on the record: the engine must read it on pages and in the API.
        if self.record is not None:
            self.fields["title_confirm"] = forms.CharField(
                label=f"确认项目名称（{self.record.title}）", max_length=200, required=False
            )

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        if budget > BUDGET_LIMIT:
            raise forms.ValidationError("申请金额不得超过 ¥1,000,000.00")
        return budget

    def clean_title_confirm(self):
        typed = self.cleaned_data["title_confirm"]
        if typed and typed != self.record.title:
            raise forms.ValidationError("项目名称与申报记录不一致")
        return typed


def has_title(obj) -> str | None:
    return None if obj.title else "请先填写项目名称"


def by_applicant(user, obj) -> bool:
    return is_org_admin(user, obj.organization)


def by_officer(user, obj) -> bool:
    return officer_covers(user, obj.organization)


def county_of(obj) -> str:
    return f"region:{obj.organization.region_id}"


def assign_number(obj, data, actor):
    year = timezone.localdate().year
    obj.number = format_year_number(next_number(key="example", year=year), year)
    obj.publicity_ends = timezone.localdate() + dt.timedelta(days=5)
    return ["number", "publicity_ends"]


EXAMPLE = register(
    Process(
        key="example_application",
        label="示例申报",
        model="workflow_example.Application",
        states=(
            State("draft", "草稿", Stage.PROGRESS),
            State(
                "submitted",
                "待受理",
                Stage.WAITING,
                tasks=(
                    Task(
                        "受理申报",
                        role=Role.COUNTY_OFFICER.value,
                        scope=county_of,
                        key="accept",
                        oversight=Role.CITY_OFFICER.value,
                    ),
                ),
                deadline=Deadline(5),
            ),
            State(
                "returned",
                "退回补正",
                Stage.REFUSED,
                tasks=(
                    Task(
                        "补正后重新提交",
                        role=Role.ENTERPRISE.value,
                        scope=lambda obj: f"org-admin:{obj.organization_id}",
                    ),
                ),
                waits_for_applicant=True,
            ),
            State("review", "专家评审", Stage.PROGRESS, deadline=Deadline(10, working=False)),
            State("publicity", "公示", Stage.PROGRESS),
            State("approved", "已立项", Stage.DONE),
            State("rejected", "不予立项", Stage.REFUSED),
        ),
        actions=(
            Action(
                "submit",
                "提交申报",
                ("draft",),
                "submitted",
                ENTERPRISE,
                by_applicant,
                guards=(has_title,),
                form=SubmitForm,
            ),
            Action(
                "return",
                "退回补正",
                ("submitted",),
                "returned",
                OFFICERS,
                by_officer,
                opinion_required=True,
                style="danger",
            ),
            Action("resubmit", "重新提交", ("returned",), "submitted", ENTERPRISE, by_applicant),
            Action("accept", "受理", ("submitted",), "review", OFFICERS, by_officer),
            Action(
                "conclude",
                "评审通过",
                ("review",),
                "publicity",
                frozenset({Role.CITY_OFFICER.value}),
                by_officer,
                guards=(panel_completed,),
                effect=assign_number,
            ),
            Action(
                "reject",
                "不予立项",
                ("review",),
                "rejected",
                frozenset({Role.CITY_OFFICER.value}),
                by_officer,
                opinion_required=True,
            ),
            Action(
                "reconsider",
                "重新评审",
                ("publicity",),
                "review",
                frozenset({Role.CITY_OFFICER.value}),
                by_officer,
                opinion_required=True,
            ),
            Action(
                "close",
                "公示期满",
                ("publicity",),
                "approved",
                system=True,
                trigger=deadline_passed("publicity_ends"),
            ),
        ),
    )
)
