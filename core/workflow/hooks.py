"""The engine's declared interface to the apps above it.

`core` imports no domain app. Apps that give the engine something register a function here from their
`AppConfig.ready()`:

- `scope_keys`: `(user) -> iterable of str` — the scope keys a user works in (`region:370811`,
  `org:42`, `org-admin:42`); every user also has `""` (city-wide). `directory` registers one.
- `scope_users`: `(role, scope) -> users` — who a role-and-scope item waits for (reminders).
- `conflict`: `(user, obj) -> str | None` — why a user may not sit on a panel about `obj` (declared
  conflict of interest); `directory` registers one.
- `notify`: `(recipients, kind, title, body, url, obj)` — the inbox; `notifications` registers it.
- `work_items_completed`: `(items)` — the tasks left their queues (notifications mark theirs done).
- `document_kinds`: `(obj) -> set[str]`, `document_label`: `(kind) -> str` and `attach`:
  `(obj, upload, kind, actor) -> document` (an uploaded file checked and stored) — `documents`.

Several functions may be registered for the list hooks (`scope_keys`, `conflict`,
`work_items_completed`); the others take the last one registered. A missing hook means "nothing".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_LISTS: dict[str, list[Callable]] = {"scope_keys": [], "conflict": [], "work_items_completed": []}
_SINGLE: dict[str, Callable | None] = {
    "notify": None,
    "document_kinds": None,
    "document_label": None,
    "attach": None,
    "scope_users": None,
}


def register_hook(name: str, func: Callable) -> Callable:
    """Register `func` for hook `name` (idempotent: registering the same function twice is one)."""
    if name in _LISTS:
        if func not in _LISTS[name]:
            _LISTS[name].append(func)
    elif name in _SINGLE:
        _SINGLE[name] = func
    else:
        raise KeyError(f"unknown workflow hook {name!r}")
    return func


def scope_keys(user) -> set[str]:
    """Every scope key of the user, "" included; cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_workflow_scope_keys", None)
    if cached is None:
        cached = {""}
        for func in _LISTS["scope_keys"]:
            cached |= set(func(user))
        user._workflow_scope_keys = cached
    return cached


def conflict(user, obj) -> str | None:
    for func in _LISTS["conflict"]:
        reason = func(user, obj)
        if reason:
            return reason
    return None


def work_items_completed(items) -> None:
    for func in _LISTS["work_items_completed"]:
        func(items)


def notify(**kwargs: Any) -> None:
    if _SINGLE["notify"] is not None:
        _SINGLE["notify"](**kwargs)


def document_kinds(obj) -> set[str]:
    func = _SINGLE["document_kinds"]
    return set(func(obj)) if func else set()


def document_label(kind: str) -> str:
    func = _SINGLE["document_label"]
    return str(func(kind)) if func else kind


def attach(*, obj, upload, kind: str, actor):
    func = _SINGLE["attach"]
    if func is None:
        raise RuntimeError("没有注册附件上传（documents 应用未安装）")
    return func(obj=obj, upload=upload, kind=kind, actor=actor)


def scope_users(role: str, scope: str):
    func = _SINGLE["scope_users"]
    return list(func(role, scope)) if func else []


def users_of(item) -> list:
    """The people a work item waits for: its assignee, or the users of its role and scope."""
    if item.assignee_id:
        return [item.assignee]
    return scope_users(item.role, item.scope)
