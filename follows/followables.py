"""What else a user may follow besides standards (a topic …): registered by the higher app that
owns the model (`register("topics.topic", noun="专题", get=…)` in its `AppConfig.ready`), so
follows never imports it. `get(user, pk)` returns the object if `user` may see it, else None."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Followable:
    label: str  # "app_label.model"
    noun: str
    get: Callable[[object, int], object | None]


_registry: dict[str, Followable] = {}


def register(label: str, *, noun: str, get: Callable[[object, int], object | None]) -> None:
    _registry[label] = Followable(label=label, noun=noun, get=get)


def get(label: str) -> Followable | None:
    return _registry.get(label)
