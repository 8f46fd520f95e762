"""Stage deadlines: declared per state in code, overridden by the bureau, paused while the record
waits for the applicant, extended once per stage with a reason.

The running deadline of a record lives in `StageClock` (one row per record and process) and is
copied to the process's `deadline_field` and to the due date of the stage's open work items.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core import audit
from core.models import StageClock, StageDeadlineSetting, WorkItem
from core.workflow.definitions import Action, Deadline, Process, get_process, process_for
from core.workflow.errors import TransitionDenied


def stage_deadline(proc: Process, state_key: str) -> Deadline | None:
    """The bureau's setting for the stage, else the state's default in code."""
    setting = StageDeadlineSetting.objects.filter(process=proc.key, state=state_key).first()
    if setting is not None:
        return Deadline(setting.days, setting.working)
    return proc.state(state_key).deadline


def _clock(proc: Process, obj: models.Model, *, lock: bool = False) -> StageClock:
    qs = StageClock.objects.select_for_update() if lock else StageClock.objects
    clock, _ = qs.get_or_create(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), process=proc.key
    )
    return clock


def enter_state(
    proc: Process, obj: models.Model, *, source: str, act: Action, today: dt.date
) -> dt.date | None:
    """The deadline of the stage `act` enters (called by `transition` with the row locked).

    Entering a waits-for-applicant state pauses the running clock; coming back to the paused
    stage resumes it with the days spent waiting added; any other stage starts a new clock from
    its configured deadline (the action's own `deadline` when the state declares none)."""
    target = proc.state(act.target)
    clock = _clock(proc, obj, lock=True)
    fields = ["state", "due", "paused_on", "extended_days", "extension_reason"]
    if target.waits_for_applicant:
        if clock.due and clock.paused_on is None:
            clock.paused_on = today
            clock.save(update_fields=["paused_on", "updated_at"])
        return None
    if clock.paused_on is not None and clock.state == act.target and clock.due:
        clock.due += dt.timedelta(days=(today - clock.paused_on).days)
        clock.paused_on = None
        clock.save(update_fields=[*fields, "updated_at"])
        return clock.due
    rule = stage_deadline(proc, act.target) or act.deadline
    clock.state = act.target
    clock.due = rule.due(today) if rule else None
    clock.paused_on = None
    clock.extended_days = 0
    clock.extension_reason = ""
    clock.save(update_fields=[*fields, "updated_at"])
    return clock.due


def start_clock(
    proc: Process, obj: models.Model, state_key: str, *, today: dt.date
) -> dt.date | None:
    """The clock of a record created in `state_key` (no action brought it there)."""
    rule = stage_deadline(proc, state_key)
    clock = _clock(proc, obj, lock=True)
    clock.state = state_key
    clock.due = rule.due(today) if rule else None
    clock.paused_on = None
    clock.extended_days = 0
    clock.extension_reason = ""
    clock.save(
        update_fields=[
            "state",
            "due",
            "paused_on",
            "extended_days",
            "extension_reason",
            "updated_at",
        ]
    )
    return clock.due


def may_extend(proc: Process, obj: models.Model, actor) -> bool:
    """Who may extend: anyone who may act in the record's current state, or `extend_roles`."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    current = getattr(obj, proc.state_field)
    if any(proc.may(actor, a, obj) for a in proc.actions if current in a.sources):
        return True
    if not set(getattr(actor, "role_keys", ())) & proc.extend_roles:
        return False
    return proc.extend_scope is None or bool(proc.extend_scope(actor, obj))


def deadline_extend(
    *, obj: models.Model, days: int, reason: str, actor, process: str | Process | None = None
) -> dt.date:
    """Extend the running stage deadline once by `days` (working days if the stage counts them),
    with a reason; refused the second time, while paused, or without a running deadline."""
    proc = get_process(process) if isinstance(process, str) else (process or process_for(obj))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = ["请填写延期理由"]
    if not isinstance(days, int) or days < 1 or days > 365:
        errors["days"] = ["延长天数须为 1 至 365 的整数"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, proc.state_field)
        if not may_extend(proc, locked, actor):
            raise TransitionDenied("您无权延长该环节的办理期限")
        clock = _clock(proc, locked, lock=True)
        if clock.state != current or clock.due is None or clock.paused_on is not None:
            raise ValidationError("该环节没有正在计算的办理期限，不能延期")
        if clock.extended_days:
            raise ValidationError("该环节已延期一次，不能再次延期")
        before = clock.due
        rule = stage_deadline(proc, current)
        working = rule.working if rule else True
        clock.due = Deadline(days, working).due(before)
        clock.extended_days = days
        clock.extension_reason = reason[:500]
        clock.save(update_fields=["due", "extended_days", "extension_reason", "updated_at"])
        if proc.deadline_field:
            setattr(locked, proc.deadline_field, clock.due)
            locked.save(update_fields=[proc.deadline_field])
            setattr(obj, proc.deadline_field, clock.due)
        WorkItem.objects.open().about(locked).filter(process=proc.key, state=current).update(
            due=clock.due
        )
        audit.record(
            actor=actor,
            action=f"{proc.key}.deadline_extend",
            obj=locked,
            message=reason,
            extra={"state": current, "from": before.isoformat(), "to": clock.due.isoformat()},
        )
    return clock.due


def deadline_setting_save(*, process: str, state: str, days: int, working: bool, actor):
    """The bureau sets a stage's deadline (audited); `days` 0 removes the setting (code default)."""
    proc = get_process(process)
    if proc.state(state).stage in ("done",):
        raise ValidationError({"state": ["已办结环节没有办理期限"]})
    with transaction.atomic():
        row = (
            StageDeadlineSetting.objects.select_for_update()
            .filter(process=process, state=state)
            .first()
        )
        before = audit.snapshot(row) if row else {}
        if not days:
            if row:
                row.delete()
            after = {}
        else:
            row = row or StageDeadlineSetting(process=process, state=state, days=days)
            row.days, row.working = days, working
            row.save()
            after = audit.snapshot(row)
        audit.record(
            actor=actor,
            action="workflow.deadline_setting",
            obj=row if days else None,
            before=before,
            after=after,
            message=f"{proc.label}/{proc.state_label(state)}",
        )
    return row if days else None


def today() -> dt.date:
    return timezone.localdate()
