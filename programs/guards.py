"""Guards for the processes declared on the workflow engine later: each returns the reason in
Chinese why an action may not be taken yet, or None. Pure reads, no writes."""

from __future__ import annotations

from django.db.models import Sum

from programs.assessment import ZERO


def application_has_eligible_items(application) -> str | None:
    """Before county pre-check / city review: something must be fundable."""
    if not application.items.filter(eligible=True, amount__gt=0).exists():
        return "申报的标准均不符合资助条件。"
    return None


def application_allocated(application) -> str | None:
    """Before publicity: the allocation plan must have been saved."""
    if application.allocated is None:
        return "尚未保存分配方案。"
    return None


def application_fully_paid(application) -> str | None:
    """Before marking paid: the payments recorded must equal the granted amount."""
    paid = application.payments.aggregate(s=Sum("amount"))["s"] or ZERO
    if paid != application.granted:
        return f"已登记拨付 {paid} 元，与核定金额 {application.granted} 元不一致。"
    return None


def pilot_has_achievements(pilot) -> str | None:
    """Before the acceptance request: the self-assessment needs the achievements written."""
    if not pilot.achievements.strip():
        return "请先填写建设成效。"
    return None
