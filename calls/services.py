"""Writes of calls: the city bureau only, validated, audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from calls.choices import CloseKind
from calls.models import Call
from calls.programs import is_program
from core import audit
from core.richtext import sanitize_html

EDITABLE = ("program", "year", "title", "guidance", "eligibility", "opens_at", "closes_at")


def _require_bureau(actor) -> None:
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied("只有市市场监管局可以发布和管理征集通知")


def _clean(values: dict) -> dict:
    """Validated, normalized field values; every problem reported at once, by field."""
    errors: dict[str, str] = {}
    values = dict(values)
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        errors["title"] = "请填写标题"
    if not is_program(values.get("program") or ""):
        errors["program"] = "未知的项目类别"
    year = values.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年度应为 2000 至 2100 之间的年份"
    opens_at, closes_at = values.get("opens_at"), values.get("closes_at")
    for name, value in (("opens_at", opens_at), ("closes_at", closes_at)):
        if not isinstance(value, dt.datetime) or timezone.is_naive(value):
            errors[name] = "请填写日期"
    if "opens_at" not in errors and "closes_at" not in errors and closes_at <= opens_at:
        errors["closes_at"] = "截止时间应晚于开始时间"
    if errors:
        raise ValidationError(errors)
    values["guidance"] = sanitize_html(values.get("guidance") or "")
    values["eligibility"] = (values.get("eligibility") or "").strip()
    return values


@transaction.atomic
def call_create(
    *,
    program: str,
    year: int,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    guidance: str = "",
    eligibility: str = "",
    actor,
) -> Call:
    """Publish a call (征集通知) of a program with its window."""
    _require_bureau(actor)
    values = _clean(
        {
            "program": program,
            "year": year,
            "title": title,
            "guidance": guidance,
            "eligibility": eligibility,
            "opens_at": opens_at,
            "closes_at": closes_at,
        }
    )
    call = Call.objects.create(created_by=actor, **values)
    audit.record(actor=actor, action="call.create", obj=call, after=audit.snapshot(call, EDITABLE))
    return call


@transaction.atomic
def call_update(*, call: Call, actor, **changes) -> Call:
    """Change a call's fields (those in EDITABLE); a closed or withdrawn call stays as it was."""
    _require_bureau(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.close_kind:
        raise ValidationError("该征集已关闭或撤回，不能再修改")
    values = _clean({**{f: getattr(call, f) for f in EDITABLE}, **changes})
    audit.save_changes(call, values, fields=EDITABLE, actor=actor, action="call.update")
    return call


@transaction.atomic
def call_close(*, call: Call, withdraw: bool = False, reason: str = "", actor) -> Call:
    """Close a call early (it stays listed as 已关闭) or withdraw it (hidden from the public)."""
    _require_bureau(actor)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.close_kind:
        raise ValidationError("该征集已关闭或撤回")
    reason = (reason or "").strip()
    if withdraw and not reason:
        raise ValidationError({"reason": "撤回征集通知须说明原因"})
    call.close_kind = CloseKind.WITHDRAWN if withdraw else CloseKind.CLOSED
    call.closed_at = timezone.now()
    call.close_reason = reason[:300]
    call.save(update_fields=["close_kind", "closed_at", "close_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="call.withdraw" if withdraw else "call.close",
        obj=call,
        extra={"reason": call.close_reason},
    )
    return call
