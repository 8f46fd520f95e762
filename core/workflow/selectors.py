"""Reads of the workflow: the buttons a user gets, the history, time spent in each stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from core.models import StatusChange
from core.workflow.definitions import Action, Process, State, get_process, process_for


def _process(obj_or_model, process: str | Process | None) -> Process:
    if isinstance(process, Process):
        return process
    return get_process(process) if process else process_for(obj_or_model)


@dataclass(frozen=True)
class AvailableAction:
    """An action offered to a user, with why it is disabled for now (a guard's reason) or "".

    Reads like the `Action` it wraps (`.key`, `.label`, `.opinion_required`, `.form`…)."""

    action: Action
    disabled_reason: str = ""

    def __getattr__(self, name):
        return getattr(self.action, name)

    @property
    def disabled(self) -> bool:
        return bool(self.disabled_reason)


def available_actions(
    obj: models.Model, user, process: str | Process | None = None
) -> list[AvailableAction]:
    """Actions this user may take on this record in its current state (pages and API use this),
    each with `disabled_reason` when a guard does not pass yet. System actions are never offered."""
    proc = _process(obj, process)
    current = getattr(obj, proc.state_field)
    return [
        AvailableAction(a, a.blocked(obj) or "")
        for a in proc.actions
        if current in a.sources and not a.system and proc.may(user, a, obj)
    ]


def history(obj: models.Model) -> QuerySet[StatusChange]:
    """Every status change of the record, oldest first."""
    return StatusChange.objects.about(obj).select_related("actor")


@dataclass
class StageSpan:
    state: State
    entered_at: dt.datetime
    left_at: dt.datetime | None

    @property
    def duration(self) -> dt.timedelta:
        return (self.left_at or timezone.now()) - self.entered_at


def time_in_stages(obj: models.Model, process: str | Process | None = None) -> list[StageSpan]:
    """The stages the record went through, with how long it stayed in each (from status changes)."""
    proc = _process(obj, process)
    changes = list(history(obj).filter(process=proc.key))
    spans = []
    for change, following in zip(changes, [*changes[1:], None], strict=True):
        spans.append(
            StageSpan(proc.state(change.to_state), change.at, following.at if following else None)
        )
    return spans


def average_time_in_stage(process: str | Process) -> dict[str, dt.timedelta]:
    """Mean time records of a process spent in each state they have left (for statistics)."""
    proc = get_process(process) if isinstance(process, str) else process
    rows = StatusChange.objects.filter(process=proc.key).order_by(
        "content_type_id", "object_id", "at", "id"
    )
    totals: dict[str, list[dt.timedelta]] = {}
    previous = None
    for row in rows.iterator():
        same = previous and (previous.content_type_id, previous.object_id) == (
            row.content_type_id,
            row.object_id,
        )
        if same:
            totals.setdefault(previous.to_state, []).append(row.at - previous.at)
        previous = row
    return {state: sum(spans, dt.timedelta()) / len(spans) for state, spans in totals.items()}
