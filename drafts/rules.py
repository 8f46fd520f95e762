"""Per-record-type permission rules that a process provides to a reusable part.

A reusable part (drafts, consultation) cannot know who may act on a record it does not define:
the process that owns the record type registers a rule `rule(user, obj) -> bool` for its model,
e.g. in its `AppConfig.ready`: `UPLOAD_RULES.register(Project, may_upload_drafts)`. Records
without a rule fall back to the default: the city bureau only."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models


def bureau_only(user, obj) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_bureau)


class ModelRules:
    """A rule per model (by `app_label.model`), with a default for the others."""

    def __init__(self, name: str, default: Callable = bureau_only):
        self.name = name
        self.default = default
        self._rules: dict[str, Callable] = {}

    def register(self, model: type[models.Model], rule: Callable) -> None:
        self._rules[model._meta.label_lower] = rule

    def unregister(self, model: type[models.Model]) -> None:
        self._rules.pop(model._meta.label_lower, None)

    def rule_for(self, model: type[models.Model]) -> Callable:
        return self._rules.get(model._meta.label_lower, self.default)

    def allows(self, user, obj: models.Model, *, model: type[models.Model] | None = None) -> bool:
        return bool(self.rule_for(model or type(obj))(user, obj))


# Who may upload a new version of a record's drafts.
UPLOAD_RULES = ModelRules("drafts.upload")


def can_upload(user, obj: models.Model) -> bool:
    return UPLOAD_RULES.allows(user, obj)
