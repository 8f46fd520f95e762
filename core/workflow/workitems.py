"""Work items: who is expected to do what on a record, opened and completed with its states.

`transition()` calls `close_state_items` and `open_state_items` in its transaction. Panels (会签)
open one item per member (`panel_open`), each completed once by its assignee (`work_item_complete`);
the panel's result follows its rule, and the guard `panel_completed` lets the stage be left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

import core.workflow.hooks as hooks
from core import audit
from core.models import Panel, WorkItem
from core.workflow.definitions import Process, get_process, process_for
from core.workflow.errors import TransitionDenied

APPROVE, REJECT = "approve", "reject"
VOTES = {APPROVE: "同意", REJECT: "不同意"}


def _where(obj: models.Model) -> dict[str, Any]:
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}


def open_state_items(
    proc: Process, obj: models.Model, state_key: str, *, due: dt.date | None, now=None
) -> list[WorkItem]:
    """Open the work items `state_key` declares (one per task, or per user of a `users` task)."""
    now = now or timezone.now()
    rows = []
    for index, task in enumerate(proc.state(state_key).tasks):
        common = {
            **_where(obj),
            "process": proc.key,
            "state": state_key,
            "task": task.key or f"{state_key}.{index}",
            "label": task.label,
            "oversight_role": task.oversight,
            "opened_at": now,
            "due": due,
        }
        if task.users is not None:
            rows += [WorkItem(**common, assignee=u) for u in task.users(obj) if u is not None]
        else:
            scope = task.scope(obj) if task.scope else ""
            if scope is not None:  # None: this task does not apply to this record
                rows.append(WorkItem(**common, role=task.role, scope=scope))
    return WorkItem.objects.bulk_create(rows) if rows else []


def close_state_items(
    proc: Process, obj: models.Model, state_key: str, *, outcome: str, actor, now=None
) -> list[WorkItem]:
    """Complete every open item of the record in `state_key` (the record leaves the state)."""
    now = now or timezone.now()
    items = list(WorkItem.objects.open().filter(**_where(obj), process=proc.key, state=state_key))
    for item in items:
        item.completed_at, item.completed_by, item.outcome = now, actor, outcome
    if items:
        WorkItem.objects.bulk_update(items, ["completed_at", "completed_by", "outcome"])
        Panel.objects.filter(
            **_where(obj), process=proc.key, state=state_key, completed_at=None
        ).update(completed_at=now)
        hooks.work_items_completed(items)
    return items


def items_of(obj: models.Model, process: str | Process | None = None):
    """Every work item of a record, oldest first (open and done)."""
    qs = WorkItem.objects.about(obj).order_by("opened_at", "id")
    if process is not None:
        qs = qs.filter(process=process if isinstance(process, str) else process.key)
    return qs


# --- panels (会签) ---------------------------------------------------------------------------


def panel_open(
    *,
    obj: models.Model,
    state: str,
    members: Iterable[Any],
    rule: str = Panel.Rule.ALL,
    chair=None,
    due: dt.date | None = None,
    actor,
    label: str = "会签意见",
    process: str | Process | None = None,
) -> Panel:
    """Open a panel on `obj` in `state`: one work item per member. Refuses (nothing written) when
    the record is not in `state`, a member has a declared conflict, the chair is not a member,
    or a panel is already open there."""
    proc = get_process(process) if isinstance(process, str) else (process or process_for(obj))
    members = list(dict.fromkeys(members))
    if rule not in Panel.Rule.values:
        raise ValidationError({"rule": [f"未知的会签规则“{rule}”"]})
    if not members:
        raise ValidationError({"members": ["请至少选择一名会签成员"]})
    if rule == Panel.Rule.CHAIR and chair is None:
        raise ValidationError({"chair": ["“组长决定”须指定组长"]})
    if chair is not None and chair not in members:
        raise ValidationError({"chair": ["组长须是会签成员"]})
    if actor is None or not any(
        proc.may(actor, a, obj) for a in proc.actions if state in a.sources
    ):
        raise TransitionDenied("您无权组织该环节的会签")
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if getattr(locked, proc.state_field) != state:
            raise ValidationError(f"该记录当前不在“{proc.state_label(state)}”环节，不能组织会签")
        conflicts = [f"{m}：{reason}" for m in members if (reason := hooks.conflict(m, locked))]
        if conflicts:
            raise ValidationError(
                {"members": [f"存在利益冲突，不能参加会签：{c}" for c in conflicts]}
            )
        if Panel.objects.filter(
            **_where(locked), process=proc.key, state=state, completed_at=None
        ).exists():
            raise ValidationError("该环节已有进行中的会签")
        panel = Panel.objects.create(
            **_where(locked), process=proc.key, state=state, rule=rule, chair=chair, due=due
        )
        now = timezone.now()
        WorkItem.objects.bulk_create(
            WorkItem(
                **_where(locked),
                process=proc.key,
                state=state,
                task="panel",
                label=label,
                assignee=member,
                opened_at=now,
                due=due,
                panel=panel,
            )
            for member in members
        )
        url = locked.get_absolute_url() if hasattr(locked, "get_absolute_url") else ""
        due_text = f"，请于{due:%Y年%m月%d日}前办理" if due else ""
        transaction.on_commit(
            partial(
                hooks.notify,
                recipients=members,
                kind="workflow",
                title=f"{proc.label}：请参加“{locked}”的会签",
                body=f"{actor}邀请您参加{proc.state_label(state)}环节的会签（{label}）{due_text}。",
                url=url,
                obj=locked,
            )
        )
        audit.record(
            actor=actor,
            action=f"{proc.key}.panel_open",
            obj=locked,
            extra={
                "panel": panel.pk,
                "rule": rule,
                "members": [m.pk for m in members],
                "chair": chair.pk if chair else None,
            },
        )
    return panel


def panel_result(panel: Panel) -> str:
    """ "approve", "reject", or "" while undecided, by the panel's rule over the completed items."""
    items = list(panel.items.all())
    votes = [i.outcome for i in items if i.completed_at and i.outcome in VOTES]
    if panel.rule == Panel.Rule.CHAIR:
        chair_vote = next(
            (i.outcome for i in items if i.assignee_id == panel.chair_id and i.completed_at), ""
        )
        return chair_vote if chair_vote in VOTES else ""
    if panel.rule == Panel.Rule.MAJORITY:
        half = len(items) / 2
        if votes.count(APPROVE) > half:
            return APPROVE
        if votes.count(REJECT) >= half:
            return REJECT
        return ""
    if REJECT in votes:
        return REJECT
    return APPROVE if len(votes) == len(items) else ""


def work_item_complete(
    *, item: WorkItem, actor, outcome: str, data: dict | None = None, opinion: str = ""
) -> WorkItem:
    """The assignee completes their item once (a panel vote: outcome "approve"/"reject", scores
    and sheets in `data`). The panel's result is settled when its rule decides."""
    if actor is None or item.assignee_id != actor.pk:
        raise TransitionDenied("只有该事项的办理人可以办理")
    if item.panel_id and outcome not in VOTES:
        raise ValidationError({"outcome": ["请选择“同意”或“不同意”"]})
    with transaction.atomic():
        locked = WorkItem.objects.select_for_update().get(pk=item.pk)
        if locked.completed_at is not None:
            raise ValidationError("该事项已办理，不能重复提交")
        locked.completed_at = timezone.now()
        locked.completed_by = actor
        locked.outcome = outcome
        locked.opinion = (opinion or "").strip()
        locked.data = audit._jsonable(dict(data or {}))
        locked.save(update_fields=["completed_at", "completed_by", "outcome", "opinion", "data"])
        result = ""
        if locked.panel_id:
            panel = Panel.objects.select_for_update().get(pk=locked.panel_id)
            result = panel_result(panel)
            if result and not panel.result:
                panel.result = result
                panel.save(update_fields=["result"])
        audit.record(
            actor=actor,
            action=f"{locked.process}.work_item_complete",
            obj=locked.target,
            message=locked.opinion,
            extra={"work_item": locked.pk, "outcome": outcome, "panel_result": result},
        )
        hooks.work_items_completed([locked])
    return locked


def current_panel(
    obj: models.Model, state: str | None = None, process: str | None = None
) -> Panel | None:
    qs = Panel.objects.filter(**_where(obj))
    if state:
        qs = qs.filter(state=state)
    if process:
        qs = qs.filter(process=process)
    return qs.order_by("-id").first()


def panel_completed(obj: models.Model) -> str | None:
    """Guard: the latest panel of the record's *current* stage has a result under its rule (a
    panel held in an earlier stage, or before the record was sent back, does not count)."""
    panel = current_panel(obj)
    if panel is not None:
        proc = get_process(panel.process)
        panel = current_panel(obj, state=getattr(obj, proc.state_field), process=proc.key)
        entered = getattr(obj, proc.changed_at_field, None) if proc.changed_at_field else None
        if panel is not None and entered is not None and panel.created_at < entered:
            panel = None  # held before the record last entered this stage
    if panel is None:
        return "尚未组织本环节的会签"
    if not panel.result:
        return "会签尚未完成"
    return None
