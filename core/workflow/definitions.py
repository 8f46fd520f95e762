"""How a process is declared: states in stage groups, actions between them, as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from core.workflow.calendar import add_working_days


class Stage(models.TextChoices):
    """Stage groups give every state its badge colour (`badge-stage-<value>` in site.css)."""

    WAITING = "waiting", "待处理"
    PROGRESS = "progress", "办理中"
    DONE = "done", "已办结"
    REFUSED = "refused", "退回/不通过"


@dataclass(frozen=True)
class Task:
    """A work item opened when a state is entered: for a role within a scope key, or for users.

    `scope(obj) -> str | None` gives the scope key ("region:370811", "org:42", "" = city-wide;
    None = this task does not apply to this record);
    `users(obj) -> iterable of users` assigns it to named users instead (one item each).
    `oversight` is a role that sees the item as 督办 (the city bureau over the counties).
    """

    label: str
    role: str = ""
    scope: Callable[[Any], str | None] | None = None
    users: Callable[[Any], Iterable[Any]] | None = None
    key: str = ""
    oversight: str = ""


@dataclass(frozen=True)
class State:
    key: str
    label: str
    stage: Stage
    tasks: tuple[Task, ...] = ()
    deadline: Deadline | None = None  # default time allowed in this state (the bureau may override)
    waits_for_applicant: bool = False  # the stage clock is paused while the record is here


@dataclass(frozen=True)
class Deadline:
    """Time allowed in the stage an action enters: N working days (default) or calendar days."""

    days: int
    working: bool = True

    def due(self, start: dt.date) -> dt.date:
        if self.working:
            return add_working_days(start, self.days)
        return start + dt.timedelta(days=self.days)

    def __str__(self) -> str:
        return f"{self.days} 个{'工作日' if self.working else '自然日'}"


# (user, obj) → may this user act on this object? Role membership is checked separately.
ScopeCheck = Callable[[Any, Any], bool]
# (obj, status_change) → users to tell about the change.
Recipients = Callable[[Any, Any], Iterable[Any]]
# (locked obj, data, actor) → names of further fields it set on the object (plan number…).
Effect = Callable[[Any, dict, Any], Iterable[str]]
# (user) → Q over the process's model: the records within the user's scope (the queryset twin of
# `ScopeCheck`, for lists and counts in one query).
ScopeFilter = Callable[[Any], "models.Q"]
# (obj) → None when the action may be taken, else the reason in Chinese (shown on the button).
Guard = Callable[[Any], str | None]
# (obj, today) → True when a system action is due (run by `run_workflow_timers`).
Trigger = Callable[[Any, dt.date], bool]


@dataclass(frozen=True)
class Action:
    """One arrow of the transition table."""

    key: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str] = (
        frozenset()
    )  # Role values; empty means any signed-in user passing `scope`
    scope: ScopeCheck | None = None
    opinion_required: bool = False
    required_fields: tuple[str, ...] = ()  # keys that must be non-empty in `data`
    required_documents: tuple[str, ...] = ()  # document kinds attached to the record or the action
    deadline: Deadline | None = None  # deadline of the stage entered; None clears the deadline
    notify: Recipients | None = None
    effect: Effect | None = None
    style: str = "primary"  # button colour: primary, danger, secondary
    guards: tuple[Guard, ...] = ()  # each returns None or why the action may not be taken yet
    form: type | None = None  # a Django form class: validates `data`, cleaned data is stored
    scope_filter: ScopeFilter | None = None  # the queryset expression of `scope`
    system: bool = False  # taken by the platform (actor None = 系统), never offered as a button
    trigger: Trigger | None = None  # for system actions: when it is due

    def blocked(self, obj) -> str | None:
        """The first guard's reason, or None when every guard passes."""
        for guard in self.guards:
            reason = guard(obj)
            if reason:
                return str(reason)
        return None


@dataclass(frozen=True)
class Process:
    """A workflow: the model it runs on, the fields it owns, its states and actions."""

    key: str
    label: str
    model: str  # "app_label.ModelName"
    states: tuple[State, ...]
    actions: tuple[Action, ...]
    state_field: str = "state"
    changed_at_field: str | None = "state_changed_at"
    deadline_field: str | None = "deadline"
    # Deprecated, not read: who waits is declared by `State(tasks=…)` (work items).
    responsible: Callable[[Any], Iterable[Any]] | None = None
    # Roles that may extend a stage deadline (besides anyone who may act in the stage), within
    # `extend_scope(user, obj)` when given (a county officer: records of their county only).
    extend_roles: frozenset[str] = frozenset()
    extend_scope: ScopeCheck | None = None
    _states: dict[str, State] = field(default_factory=dict, init=False, repr=False, compare=False)
    _actions: dict[str, Action] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        self._states.update({s.key: s for s in self.states})
        self._actions.update({a.key: a for a in self.actions})
        for action in self.actions:
            unknown = {*action.sources, action.target} - set(self._states)
            if unknown:
                raise ValueError(f"{self.key}.{action.key} refers to unknown states {unknown}")

    def state(self, key: str) -> State:
        """The declared state; an unknown key is an error in the data (raises KeyError)."""
        try:
            return self._states[key]
        except KeyError:
            raise KeyError(f"流程“{self.label}”没有状态“{key}”") from None

    def state_label(self, key: str) -> str:
        """For display of stored rows (a state since removed from the table shows its key)."""
        state = self._states.get(key)
        return state.label if state else (key or "—")

    def action(self, key: str) -> Action | None:
        return self._actions.get(key)

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def owned_fields(self) -> list[str]:
        names = [self.state_field, self.changed_at_field, self.deadline_field]
        return [n for n in names if n]

    def state_choices(self) -> list[tuple[str, str]]:
        return [(s.key, s.label) for s in self.states]

    def may(self, user, action: Action, obj) -> bool:
        """Role and object scope; the state is checked by the caller. The system (user None)
        may take system actions only, and people may not take them."""
        if action.system or user is None:
            return action.system and user is None
        if not user.is_authenticated or not user.is_active:
            return False
        if action.roles and not (set(getattr(user, "role_keys", ())) & action.roles):
            return False
        return action.scope is None or bool(action.scope(user, obj))

    def actionable(self, user, queryset=None):
        """Records on which the user may take some action now (state, role, `scope_filter`), in
        one query. Actions with a `scope` but no `scope_filter` cannot be expressed and are left
        out; guards are not evaluated (they are per record: `available_actions`)."""
        qs = queryset if queryset is not None else self.model_class()._default_manager.all()
        if user is None or not user.is_authenticated or not user.is_active:
            return qs.none()
        keys = set(getattr(user, "role_keys", ()))
        condition = models.Q(pk__in=[])
        for action in self.actions:
            if action.system or (action.roles and not keys & action.roles):
                continue
            if action.scope is not None and action.scope_filter is None:
                continue
            term = models.Q(**{f"{self.state_field}__in": action.sources})
            if action.scope_filter is not None:
                term &= action.scope_filter(user)
            condition |= term
        return qs.filter(condition)

    def actionable_states(self, user) -> set[str]:
        """States in which some action is open to the user's roles (scope aside)."""
        keys = set(getattr(user, "role_keys", ()))
        return {
            source
            for action in self.actions
            if not action.system and (not action.roles or keys & action.roles)
            for source in action.sources
        }


_REGISTRY: dict[str, Process] = {}


def register(process: Process) -> Process:
    """Make a process known to the engine (call at import time of the app's `workflows.py`)."""
    _REGISTRY[process.key] = process
    return process


def get_process(key: str) -> Process:
    return _REGISTRY[key]


def processes() -> list[Process]:
    return list(_REGISTRY.values())


def oversight_roles() -> set[str]:
    """The roles any registered task names as its overseer (督办)."""
    return {
        task.oversight
        for process in _REGISTRY.values()
        for state in process.states
        for task in state.tasks
        if task.oversight
    }


def process_for(obj_or_model) -> Process:
    """The one process registered for a model; ask by key when a model has several."""
    label = obj_or_model._meta.label
    found = [p for p in _REGISTRY.values() if p.model == label]
    if len(found) != 1:
        raise LookupError(f"{label} 有 {len(found)} 个流程，请指明 process")
    return found[0]
