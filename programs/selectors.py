"""Reads of the programs, always scoped to the user."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

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
    qs = StandardUpgrade.objects.visible_to(user).select_related(
        "from_standard", "to_standard", "organization"
    )
    return {
        "up": list(qs.filter(from_standard=standard)),
        "down": list(qs.filter(to_standard=standard)),
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


def waits_for(record) -> list[str]:
    """What the record waits for, in words: the open work items' labels and due dates."""
    from accounts.roles import Role
    from core.workflow import items_of

    rows = []
    for item in items_of(record).filter(completed_at__isnull=True).select_related("assignee"):
        who = str(item.assignee) if item.assignee_id else dict(Role.choices).get(item.role, "")
        due = f"，{item.due:%Y-%m-%d}前" if item.due else ""
        rows.append(f"{item.label}（{who}{due}）" if who or due else item.label)
    return rows
