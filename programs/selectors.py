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
