"""The one way to write the audit log; every service calls `record`."""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from core.models import AuditEvent
from core.request_context import current_request_id


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # hasattr(value, "url") raises when no file is set
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited state of a model instance: concrete field values keyed by field name."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [before, after]}."""
    keys = set(before) | set(after)
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def build(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    message: str = "",
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """An unsaved audit event; `before`/`after` are snapshots, stored as the fields that changed.

    Bulk writers (imports) build many and `AuditEvent.objects.bulk_create` them.
    """
    changes: dict[str, Any] = {}
    if before is not None or after is not None:
        changes["fields"] = diff(before or {}, after or {})
    if extra:
        changes["extra"] = _jsonable(dict(extra))
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        actor=actor if is_user else None,
        actor_label=(actor.get_username() if is_user else (str(actor) if actor else "系统")),
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:300] if obj is not None else "",
        changes=changes,
        message=message[:500],
        request_id=current_request_id() or "",
    )


def record(**kwargs) -> AuditEvent:
    """Append one audit event (see `build` for the arguments)."""
    event = build(**kwargs)
    event.save()
    return event


def save_changes(
    obj: models.Model, values: Mapping[str, Any], *, fields: Iterable[str], actor, action: str
) -> list[str]:
    """Set on `obj` the `fields` whose value in `values` differs, save only those (and
    `updated_at`) and audit the change as `action`; returns the changed names (none: no write)."""
    fields = list(fields)
    before = snapshot(obj, fields)
    changed = [f for f in fields if getattr(obj, f) != values[f]]
    if not changed:
        return changed
    for name in changed:
        setattr(obj, name, values[name])
    obj.save(update_fields=[*changed, "updated_at"])
    record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, fields))
    return changed
