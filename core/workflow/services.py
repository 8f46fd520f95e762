"""The one service that moves any record through any process."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

import core.workflow.hooks as hooks
from core import audit
from core.models import StatusChange
from core.workflow.deadlines import enter_state, start_clock
from core.workflow.definitions import Action, Process, get_process, process_for
from core.workflow.errors import ActionBlocked, InvalidTransition, TransitionDenied
from core.workflow.forms import action_form
from core.workflow.workitems import close_state_items, open_state_items

SYSTEM_LABEL = "系统"

logger = logging.getLogger(__name__)


def _attachment_rows(attachments: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "name": getattr(a, "original_name", str(a)),
            "kind": getattr(a, "kind", ""),
            "sha256": getattr(a, "sha256", ""),
        }
        for a in attachments
    ]


def _missing_documents(obj: models.Model, action: Action, attachments: Sequence[Any]) -> list[str]:
    if not action.required_documents:
        return []
    kinds = {getattr(a, "kind", "") for a in attachments} | hooks.document_kinds(obj)
    return [kind for kind in action.required_documents if kind not in kinds]


def _validate_inputs(
    obj: models.Model, action: Action, opinion: str, attachments: Sequence[Any], data: dict
) -> dict:
    """Raise a ValidationError for what is missing; return `data` (the form's cleaned data)."""
    errors: dict[str, list[str]] = {}
    cleaned = data
    if action.form is not None:  # only the form's cleaned fields are kept
        form = action_form(action, obj, data=data)
        if form.is_valid():
            cleaned = dict(form.cleaned_data)
        else:
            errors.update({name: list(msgs) for name, msgs in form.errors.items()})
    if action.opinion_required and not opinion:
        errors["opinion"] = [f"“{action.label}”须填写意见"]
    for name in action.required_fields:
        if data.get(name) in (None, "", [], {}):
            errors[name] = ["此项为必填项"]
    missing = _missing_documents(obj, action, attachments)
    if missing:
        labels = "、".join(hooks.document_label(k) for k in missing)
        errors["attachments"] = [f"请上传：{labels}"]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _send(process: Process, action: Action, obj: models.Model, change: StatusChange, users) -> None:
    state = process.state_label(change.to_state)
    opinion = f"\n意见：{change.opinion}" if change.opinion else ""
    deadline = f"\n办理期限：{change.deadline:%Y年%m月%d日}" if change.deadline else ""
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    hooks.notify(
        recipients=users,
        kind="workflow",
        title=f"{process.label}：{obj} 已{action.label}",
        body=f"{change.actor_label}于{timezone.localtime(change.at):%Y年%m月%d日 %H:%M}"
        f"办理“{action.label}”，当前状态：{state}。{opinion}{deadline}",
        url=url,
        obj=obj,
    )


def transition(
    *,
    obj: models.Model,
    action: str,
    actor,
    opinion: str = "",
    attachments: Iterable[Any] = (),
    data: dict[str, Any] | None = None,
    process: str | Process | None = None,
) -> StatusChange:
    """Take `action` on `obj` for `actor` (None = the system, for system actions only); raise
    rather than do nothing.

    Locks the row, checks the action against the state *as stored now*, the actor's role and scope,
    the guards (`ActionBlocked` with the reason), the required opinion, fields, documents and the
    action's form (`ValidationError`); writes the status change and the audit event, sets the
    stage deadline, completes the work items of the state left (outcome = the action) and opens
    those of the state entered, and tells the people concerned once the transaction commits.
    """
    proc = get_process(process) if isinstance(process, str) else (process or process_for(obj))
    act = proc.action(action)
    if act is None:
        raise InvalidTransition(f"流程“{proc.label}”没有“{action}”这一操作")
    opinion = (opinion or "").strip()
    attachments = list(attachments)
    data = dict(data or {})
    owned = proc.owned_fields()

    with transaction.atomic():
        # The lock makes a second officer acting at the same moment wait, then see the new state.
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if not proc.may(actor, act, locked):
            if act.system:
                raise TransitionDenied(f"“{act.label}”由系统自动办理")
            raise TransitionDenied(f"您无权对该记录执行“{act.label}”")
        current = getattr(locked, proc.state_field)
        if current not in act.sources:
            raise InvalidTransition(
                f"该记录当前状态为“{proc.state_label(current)}”，不能执行“{act.label}”，请刷新页面后查看"
            )
        reason = act.blocked(locked)
        if reason:
            raise ActionBlocked(f"暂不能{act.label}：{reason}")
        data = _validate_inputs(locked, act, opinion, attachments, data)

        before = audit.snapshot(locked)
        now = timezone.now()
        deadline = enter_state(proc, locked, source=current, act=act, today=timezone.localdate(now))
        setattr(locked, proc.state_field, act.target)
        if proc.changed_at_field:
            setattr(locked, proc.changed_at_field, now)
        if proc.deadline_field:
            setattr(locked, proc.deadline_field, deadline)
        extra_fields = list(act.effect(locked, data, actor)) if act.effect else []
        locked.save(update_fields=[*owned, *extra_fields])

        change = StatusChange.objects.create(
            process=proc.key,
            action=act.key,
            from_state=current or "",
            to_state=act.target,
            content_type=ContentType.objects.get_for_model(locked),
            object_id=str(locked.pk),
            actor=actor,
            actor_label=SYSTEM_LABEL if actor is None else str(actor)[:150],
            at=now,
            opinion=opinion,
            attachments=_attachment_rows(attachments),
            data=audit._jsonable(data),
            deadline=deadline,
        )
        audit.record(
            actor=actor,
            action=f"{proc.key}.{act.key}",
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
            message=opinion,
            extra={"status_change": change.pk, "from": current, "to": act.target},
        )
        close_state_items(proc, locked, current or "", outcome=act.key, actor=actor, now=now)
        open_state_items(proc, locked, act.target, due=deadline, now=now)
        if act.notify:
            recipients = [u for u in act.notify(locked, change) if u is not None]
            if recipients:
                transaction.on_commit(partial(_send, proc, act, locked, change, recipients))

    for name in [*owned, *extra_fields]:
        setattr(obj, name, getattr(locked, name))
    return change


def start(*, obj: models.Model, process: str | Process | None = None) -> list:
    """A record just created in a state of its process (no action brought it there): start its
    stage clock from the state's deadline, if it has one, and open the state's work items. Call
    once, in the transaction that creates the record."""
    proc = get_process(process) if isinstance(process, str) else (process or process_for(obj))
    state_key = getattr(obj, proc.state_field)
    now = timezone.now()
    due = start_clock(proc, obj, state_key, today=timezone.localdate(now))
    if proc.deadline_field and getattr(obj, proc.deadline_field) != due:
        setattr(obj, proc.deadline_field, due)
        obj.save(update_fields=[proc.deadline_field])
    return open_state_items(proc, obj, state_key, due=due, now=now)
