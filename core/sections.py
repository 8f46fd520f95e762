"""Parts of a page that another app contributes, so that the page's own app need not import it
(the layers run one way: `directory` depends on `accounts`, `catalog` on `directory`).

An app registers a section in its `AppConfig.ready()`:

    sections.register("organization_detail", render_standards)

where `render_standards(request, obj) -> str` returns escaped HTML (`render_to_string`) or "";
the page's view passes `sections.render("organization_detail", request, obj)` to its template,
which inserts each part in order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.utils.safestring import SafeString, mark_safe

Section = Callable[..., str]
_registry: dict[str, list[Section]] = defaultdict(list)

# The slots pages offer, so that a typo in a registration fails loudly.
SLOTS = frozenset({"profile", "organization_detail", "confirmation_email"})


def register(slot: str, section: Section) -> Section:
    if slot not in SLOTS:
        raise ValueError(f"unknown page section slot {slot!r}")
    if section not in _registry[slot]:
        _registry[slot].append(section)
    return section


def render(slot: str, request=None, obj=None) -> list[SafeString]:
    """The HTML of every section registered for the slot (each one rendered by a template, so
    already escaped); empty ones left out."""
    parts = (section(request, obj) for section in _registry.get(slot, ()))
    return [mark_safe(part) for part in parts if part]
