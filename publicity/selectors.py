"""Reads of publicity, scoped to the user."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from publicity.models import Notice, Objection


def notices_visible_to(user) -> QuerySet[Notice]:
    return Notice.objects.visible_to(user)


def current_notices(user) -> QuerySet[Notice]:
    """Notices in their period, ending soonest first."""
    return notices_visible_to(user).current().order_by("ends_on", "id")


def notices_about(obj: models.Model, user) -> QuerySet[Notice]:
    return notices_visible_to(user).about(obj)


def objections_visible_to(user) -> QuerySet[Objection]:
    return Objection.objects.visible_to(user).select_related("notice", "answered_by")


def objections_to_answer(user) -> QuerySet[Objection]:
    """The bureau's queue: unanswered first, oldest first."""
    return objections_visible_to(user).order_by(
        models.F("answered_at").asc(nulls_first=True), "created_at", "id"
    )
