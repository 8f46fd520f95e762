"""What waits for a user, across every registered workflow process."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from core.workflow import available_actions, processes
from core.workflow.definitions import Process, Stage, State

QUEUE_LIMIT = 200  # per process; a queue longer than this is a list page's job
NEAR_DAYS = 2


@dataclass
class QueueItem:
    obj: object
    state: State
    deadline: dt.date | None
    overdue: bool
    near: bool


@dataclass
class Queue:
    process: Process
    counts: list[tuple[State, int]] = field(default_factory=list)
    items: list[QueueItem] = field(default_factory=list)


def queues_for(user) -> list[Queue]:
    """Per process: records this user can act on now, counted by state, deadlines first."""
    today = timezone.localdate()
    result = []
    for proc in processes():
        # A finished record (verified, published…) may still offer an action, such as revoking,
        # but nothing about it waits for anyone.
        states = {s for s in proc.actionable_states(user) if proc.state(s).stage != Stage.DONE}
        manager = proc.model_class()._default_manager
        if not states or not hasattr(manager, "visible_to"):
            continue
        candidates = manager.visible_to(user).filter(**{f"{proc.state_field}__in": states})
        if proc.deadline_field:  # the limit keeps the most urgent
            candidates = candidates.order_by(F(proc.deadline_field).asc(nulls_last=True), "pk")
        items = []
        for obj in candidates[:QUEUE_LIMIT]:
            if not available_actions(obj, user, proc):
                continue
            deadline = getattr(obj, proc.deadline_field) if proc.deadline_field else None
            items.append(
                QueueItem(
                    obj=obj,
                    state=proc.state(getattr(obj, proc.state_field)),
                    deadline=deadline,
                    overdue=bool(deadline and deadline < today),
                    near=bool(deadline and today <= deadline <= today + dt.timedelta(NEAR_DAYS)),
                )
            )
        if not items:
            continue
        items.sort(key=lambda i: (i.deadline is None, i.deadline or today))
        queue = Queue(process=proc, items=items)
        for state in proc.states:
            count = sum(1 for i in items if i.state.key == state.key)
            if count:
                queue.counts.append((state, count))
        result.append(queue)
    return result
