"""The registry of programs a call can belong to. Processes register theirs in `AppConfig.ready`;
the keys are stored on calls (stable), the labels shown on pages."""

from __future__ import annotations

_PROGRAMS: dict[str, str] = {}


def register_program(key: str, label: str) -> None:
    """Declare a program (`local_standard`, `pilot`, `subsidy`…); registering again relabels it."""
    if not key or not key.replace("_", "").isalnum():
        raise ValueError(f"invalid program key {key!r}")
    _PROGRAMS[key] = label


def programs() -> list[tuple[str, str]]:
    return sorted(_PROGRAMS.items())


def program_label(key: str) -> str:
    return _PROGRAMS.get(key, key)


def is_program(key: str) -> bool:
    return key in _PROGRAMS


def register_defaults() -> None:
    """The bureau's programs named in the product design; their processes may relabel them."""
    register_program("local_standard", "地方标准立项")
    register_program("pilot", "标准化试点示范")
    register_program("subsidy", "标准化资助奖励")
