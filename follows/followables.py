"""What else a user may follow besides standards (a topic …): registered by the higher app that
owns the model (`register("topics.topic", noun="专题", visible=…)` in its `AppConfig.ready`), so
follows never imports it. `visible(user)` is the queryset of those records `user` may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Followable:
    label: str  # "app_label.model"
    noun: str
    visible: Callable[[object], QuerySet]

    def get(self, user, pk: int):
        """The record if `user` may see it, else None."""
        return self.visible(user).filter(pk=pk).first()

    def in_bulk(self, user, ids) -> dict:
        return self.visible(user).in_bulk(list(ids))


_registry: dict[str, Followable] = {}


def register(label: str, *, noun: str, visible: Callable[[object], QuerySet]) -> None:
    _registry[label] = Followable(label=label, noun=noun, visible=visible)


def get(label: str) -> Followable | None:
    return _registry.get(label)
