"""System actions taken when their time comes (`manage.py run_workflow_timers`, every few minutes).

An action declared `Action(..., system=True, trigger=lambda obj, today: ...)` (a trigger with a
`q(today) -> Q` attribute, like `deadline_passed`, is also applied in SQL) is taken by the
platform (actor None, 系统 in history and audit) on every record in one of its source states whose
trigger says it is due. Idempotent: a record already moved on is skipped (the transition re-checks
the stored state under its lock), so overlapping or repeated runs take each action once.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from core.workflow.definitions import processes
from core.workflow.errors import WorkflowError
from core.workflow.services import transition

logger = logging.getLogger(__name__)


def run_workflow_timers(today=None) -> dict[str, int]:
    """Take every due system action; returns {"process.action": count}."""
    today = today or timezone.localdate()
    done: dict[str, int] = {}
    for proc in processes():
        model = proc.model_class()
        for act in proc.actions:
            if not act.system or act.trigger is None:
                continue
            candidates = model._default_manager.filter(**{f"{proc.state_field}__in": act.sources})
            if hasattr(act.trigger, "q"):  # the trigger narrows the records in the database
                candidates = candidates.filter(act.trigger.q(today))
            for obj in candidates.iterator():
                if not act.trigger(obj, today):
                    continue
                try:
                    transition(obj=obj, action=act.key, actor=None, process=proc)
                except (WorkflowError, ValidationError) as error:
                    # Moved on meanwhile, or a guard holds it: the next run looks again.
                    logger.info("timer %s.%s skipped %s: %s", proc.key, act.key, obj.pk, error)
                    continue
                done[f"{proc.key}.{act.key}"] = done.get(f"{proc.key}.{act.key}", 0) + 1
    return done


def deadline_passed(field: str):
    """A trigger: the date in `field` (e.g. the process's deadline field, or a publicity end
    date) is before today. Its `q(today)` lets the timer select only those records in SQL."""

    def trigger(obj, today) -> bool:
        value = getattr(obj, field, None)
        return value is not None and value < today

    trigger.q = lambda today: Q(**{f"{field}__lt": today})
    return trigger
