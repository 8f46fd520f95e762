"""Reads of the programs, always scoped to the user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from core.compiled_queries import compiled_query
from core.models import about_keys
from programs.models import (
    Forerunner,
    PilotProject,
    StandardUpgrade,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyPolicy,
)


def upgrades_of(*, standard, user) -> dict[str, list[StandardUpgrade]]:
    """The upgrade links of a standard, both ways: `up` (it was raised to) and `down` (it came
    from)."""
    links = list(
        StandardUpgrade.objects.visible_to(user)
        .filter(Q(from_standard=standard) | Q(to_standard=standard))
        .select_related("from_standard", "to_standard", "organization")
        # What the standard page shows: no full texts of two standards to read and convert.
        .only(
            "year",
            "level",
            "to_code",
            "from_standard__code",
            "from_standard__code_key",
            "from_standard__kind",
            "to_standard__code_key",
            "organization__name",
        )
    )
    return {
        "up": [link for link in links if link.from_standard_id == standard.pk],
        "down": [link for link in links if link.to_standard_id == standard.pk],
    }


def policies() -> list[SubsidyPolicy]:
    return list(SubsidyPolicy.objects.prefetch_related("rates"))


def applications_visible_to(user):
    return SubsidyApplication.objects.visible_to(user).select_related(
        "policy", "organization__region"
    )


def pilots_visible_to(user):
    return PilotProject.objects.visible_to(user).select_related("organization", "county")


def forerunners():
    return Forerunner.objects.select_related("organization", "standard")


def paid_total(application: SubsidyApplication) -> Decimal:
    return application.payments.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def payments_visible_to(user):
    return SubsidyPayment.objects.visible_to(user).select_related("application__organization")


def budget_use(policy: SubsidyPolicy) -> dict[str, Decimal]:
    """The policy's budget, what is granted (publicity onwards), what is paid and what is left:
    for the bureau's policy page and dashboards."""
    from programs.choices import FUNDED_STATES

    granted = sum(
        (a.granted for a in policy.applications.filter(state__in=FUNDED_STATES)),
        Decimal("0.00"),
    )
    paid = SubsidyPayment.objects.filter(application__policy=policy).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0.00")
    return {
        "budget": policy.budget,
        "granted": granted,
        "paid": paid,
        "left": policy.budget - granted,
    }


def planned_total(policy: SubsidyPolicy) -> Decimal:
    """What the saved plan and the grants of the round add up to (against the budget)."""
    from programs.choices import ALLOCATABLE_STATES, FUNDED_STATES

    return policy.applications.filter(
        state__in=ALLOCATABLE_STATES | FUNDED_STATES, allocated__isnull=False
    ).aggregate(s=Sum("allocated"))["s"] or Decimal("0.00")


def round_notices(policy: SubsidyPolicy, user) -> list:
    """The publicity notices of a round (the allocation list), as the user may see them."""
    from publicity.models import Notice

    return list(Notice.objects.visible_to(user).about(policy).order_by("-starts_on", "-id"))


def _wait_line(item) -> str:
    from accounts.roles import Role

    who = str(item.assignee) if item.assignee_id else dict(Role.choices).get(item.role, "")
    due = f"，{item.due:%Y-%m-%d}前" if item.due else ""
    return f"{item.label}（{who}{due}）" if who or due else item.label


def waits_for_many(*record_lists) -> list[list[tuple]]:
    """For each list of records of one model, its (record, what it waits for) pairs: one query
    on the work items for all the lists."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import WorkItem

    lists = [list(records) for records in record_lists]
    wanted = Q()
    for records in lists:
        if records:
            wanted |= Q(
                content_type=ContentType.objects.get_for_model(records[0]),
                object_id__in=[str(r.pk) for r in records],
            )
    lines: dict[tuple[int, str], list[str]] = {}
    if wanted:
        items = (
            WorkItem.objects.open()
            .filter(wanted)
            .select_related("assignee")
            .only(
                "content_type_id",
                "object_id",
                "label",
                "role",
                "due",
                "assignee__display_name",
                "assignee__username",
            )
            .order_by("opened_at", "id")
        )
        for item in items:
            lines.setdefault((item.content_type_id, item.object_id), []).append(_wait_line(item))
    pairs_per_list = []
    for records in lists:
        pairs = []
        for record in records:
            rows = lines.get(about_keys(record), [])
            if not rows and getattr(record, "state", "") == "publicity":
                rows = ["公示期满（系统自动办理）"]
            pairs.append((record, rows))
        pairs_per_list.append(pairs)
    return pairs_per_list


def waits_for(record) -> list[str]:
    """What the record waits for, in words: the open work items' labels, who and due dates."""
    [[(_record, rows)]] = waits_for_many([record])
    return rows


# --- workspaces by role ---------------------------------------------------------------------------


def _state_counts(queryset, process) -> list[tuple]:
    """(state, count) in the process's order, states with records only: one query."""
    from django.db.models import Count

    counts = dict(queryset.values_list("state").annotate(n=Count("pk")).order_by())
    return [(s, counts[s.key]) for s in process.states if counts.get(s.key)]


def budget_rows() -> list[dict]:
    """Budget, granted, paid and left per program and year (the city's workspace)."""
    rows = []
    for policy in SubsidyPolicy.objects.order_by("-year")[:5]:
        rows.append(
            {
                "program": "标准化资助奖励",
                "year": policy.year,
                "policy": policy,
                **budget_use(policy),
            }
        )
    return rows


def enterprise_workspace(user) -> dict:
    """Open calls the organization qualifies for, its applications and what each waits for, its
    payments."""
    from directory.permissions import organization_can_apply
    from directory.selectors import organization_of

    # The organization of the user's active membership: a member by construction, so every
    # record of it is visible to the user (`org_scoped`), and the lists are read by organization
    # alone: no join on the memberships and no DISTINCT to build and run, the same rows.
    organization = organization_of(user)
    if organization is None:
        return {}
    applications = _card_applications(organization.pk)
    pilots = _card_pilots(organization.pk)
    applications, pilots = waits_for_many(applications, pilots)
    verified = organization_can_apply(organization)
    return {
        "calls": _card_calls(timezone.now()) if verified else [],
        "verified": verified,
        "applications": applications,
        "pilots": pilots,
        "payments": _card_payments(organization.pk),
    }


# The enterprise card's lists, read on every visit to its workspace: compiled once per process,
# and only the columns the card shows (the pilots' long texts and the applications' assessment
# are their pages' business).
@compiled_query(dt.datetime)
def _card_calls(now: dt.datetime):
    from calls.selectors import open_calls

    return (
        open_calls(now=now)
        .filter(program__in=["subsidy", "pilot"])
        .only("title", "program", "closes_at")
    )


@compiled_query(int)
def _card_applications(organization_id: int):
    return (
        SubsidyApplication.objects.filter(organization_id=organization_id)
        .exclude(state="draft")
        .select_related("policy")
        .only("state", "total", "allocated", "organization_id", "policy__year")[:20]
    )


@compiled_query(int)
def _card_pilots(organization_id: int):
    return (
        PilotProject.objects.filter(organization_id=organization_id)
        .exclude(state="draft")
        .only("state", "title", "organization_id")[:20]
    )


@compiled_query(int)
def _card_payments(organization_id: int):
    return SubsidyPayment.objects.filter(application__organization_id=organization_id).only(
        "paid_on", "amount", "reference", "application_id"
    )[:20]


def officer_workspace(user) -> dict:
    """Counts by stage of the programs' records in the officer's scope; the budget for the city."""
    from core.workflow import get_process

    subsidy = get_process("subsidy_application")
    data = {
        "subsidy_counts": _state_counts(
            applications_visible_to(user).exclude(state="draft"), subsidy
        ),
    }
    try:
        pilot = get_process("pilot_project")
    except KeyError:
        pilot = None
    if pilot is not None:
        data["pilot_counts"] = _state_counts(pilots_visible_to(user).exclude(state="draft"), pilot)
    if getattr(user, "is_bureau", False):
        data["budgets"] = budget_rows()
        data["plan"] = plan_progress(user)
    return data


def workspace_for(user) -> dict:
    """The programs' part of a user's workspace (empty when it has nothing for them)."""
    if user is None or not user.is_authenticated:
        return {}
    if getattr(user, "is_bureau", False) or "county_officer" in user.role_keys:
        return {"officer": officer_workspace(user), "is_bureau": getattr(user, "is_bureau", False)}
    data = enterprise_workspace(user)
    return {"enterprise": data} if data else {}


def award_notices(user):
    """Notices of subsidy rounds (拟资助名单公示), newest first, as the user may see them."""
    from django.contrib.contenttypes.models import ContentType

    from publicity.models import Notice

    return Notice.objects.visible_to(user).filter(
        content_type=ContentType.objects.get_for_model(SubsidyPolicy)
    )


def pilot_insider(pilot, user) -> bool:
    """Who sees a pilot's process, reports and actions: its organization, its county officer and
    the bureau (the public sees the page of a public project only)."""
    from directory.permissions import is_member

    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_bureau", False) or is_member(user, pilot.organization):
        return True
    return "county_officer" in user.role_keys and user.county_id == pilot.county_id


# --- reform-plan items ---------------------------------------------------------------------------


def plan_items_visible_to(user, plan: str | None = None):
    from programs.models import PlanItem

    qs = PlanItem.objects.visible_to(user).select_related("field", "responsible")
    return qs.filter(plan=plan) if plan else qs


def plan_progress(user, plan: str | None = None) -> dict:
    """Counts by field and state (the public progress view and the dashboards), in one query."""
    from django.db.models import Count

    from programs.choices import PlanItemState
    from programs.models import PlanField

    rows = (
        plan_items_visible_to(user, plan)
        .values_list("field_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    fields = {f.pk: f for f in PlanField.objects.all()}
    states = [s for s in PlanItemState if s != PlanItemState.DRAFT]
    table: dict[int, dict[str, int]] = {}
    for field_id, state, n in rows:
        table.setdefault(field_id, {})[state] = n
    by_field = [
        {
            "field": fields[field_id],
            "counts": [counts.get(s.value, 0) for s in states],
            "total": sum(counts.values()),
        }
        for field_id, counts in sorted(table.items(), key=lambda kv: fields[kv[0]].position)
    ]
    totals = [sum(r["counts"][i] for r in by_field) for i in range(len(states))]
    overdue = (
        plan_items_visible_to(user, plan)
        .exclude(state__in=[PlanItemState.CONFIRMED, PlanItemState.DRAFT])
        .filter(due_date__lt=timezone.localdate())
        .count()
    )
    return {
        "states": states,
        "by_field": by_field,
        "totals": totals,
        "total": sum(totals),
        "confirmed": totals[states.index(PlanItemState.CONFIRMED)] if states else 0,
        "overdue": overdue,
    }
