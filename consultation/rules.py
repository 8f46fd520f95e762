"""Who manages a consultation (opens it, invites units, records dispositions, publishes them).

The process that owns the record type decides, by registering a rule for its model:

    from consultation.rules import DISPOSE_RULES
    DISPOSE_RULES.register(LocalStandardProject, lambda user, consultation: ...)

The rule receives the user and the consultation (`consultation.owner` is the record, e.g. the
project whose drafting unit records the dispositions). Record types without a rule: the city
bureau only (`drafts.rules.bureau_only`)."""

from __future__ import annotations

from drafts.rules import ModelRules

DISPOSE_RULES = ModelRules("consultation.dispose")


def can_dispose(user, consultation) -> bool:
    """May `user` manage `consultation` (invite, dispose, publish, read comments early)?"""
    return DISPOSE_RULES.allows(user, consultation, model=consultation.content_type.model_class())
