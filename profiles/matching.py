"""Linking the catalog's drafting units (StandardDraftingOrganization) to organizations.

A unit is matched by the 统一社会信用代码 it carries (some sources print it beside the name),
else by its name normalized (full-width → half-width, brackets, spaces): 有限公司 and 有限责任公司
stay distinct, and a name two organizations share links to neither. A manual decision (a link
confirmed or undone by the bureau, `match=manual`) is never changed here. One pass over the
rows with a dict of the organizations' normalized names: O(rows)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import transaction

from catalog.choices import DraftingMatch
from catalog.models import StandardDraftingOrganization
from core import audit
from directory.models import Organization

USCC_RE = re.compile(
    r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])"
)
_SPACES = re.compile(r"\s+")
CHUNK = 2_000


def normalize_name(name: str) -> str:
    """The form two spellings of one organization's name share: NFKC (full-width letters, digits
    and brackets become half-width), spaces removed, every bracket written ()."""
    text = unicodedata.normalize("NFKC", name or "")
    text = text.replace("〔", "(").replace("〕", ")").replace("［", "(").replace("］", ")")
    text = text.replace("[", "(").replace("]", ")")
    return _SPACES.sub("", text).strip()


def uscc_in(text: str) -> str | None:
    """A 统一社会信用代码 printed in the unit's text, if any."""
    found = USCC_RE.search(unicodedata.normalize("NFKC", text or "").upper())
    return found.group(1) if found else None


@dataclass
class LinkCounts:
    seen: int = 0
    by_uscc: int = 0
    by_name: int = 0
    unlinked: int = 0
    changed: int = 0


def _directory() -> tuple[dict[str, int], dict[str, int | None]]:
    """USCC → id and normalized name → id (None when two organizations share the name)."""
    by_uscc: dict[str, int] = {}
    by_name: dict[str, int | None] = {}
    for pk, name, uscc in Organization.objects.values_list("pk", "name", "uscc").iterator():
        if uscc:
            by_uscc[uscc.upper()] = pk
        key = normalize_name(name)
        by_name[key] = None if key in by_name and by_name[key] != pk else pk
    return by_uscc, by_name


def match_for(name: str, by_uscc, by_name) -> tuple[int | None, str]:
    """(organization id, how) for one unit's text."""
    code = uscc_in(name)
    if code and code in by_uscc:
        return by_uscc[code], DraftingMatch.USCC
    found = by_name.get(normalize_name(name))
    if found is None and code:
        # The name with its printed code removed: "某公司（9137…）".
        bare = normalize_name(name.replace(code, "")).replace("()", "")
        found = by_name.get(bare)
    if found:
        return found, DraftingMatch.NAME
    return None, DraftingMatch.NONE


def drafting_units_link(*, after_id: int = 0, actor=None, progress=None) -> LinkCounts:
    """Match every drafting unit (with id > `after_id`) not decided by hand; writes only the
    rows whose link changes, in chunks, and one audit event for the run."""
    by_uscc, by_name = _directory()
    counts = LinkCounts()
    rows = (
        StandardDraftingOrganization.objects.filter(id__gt=after_id)
        .exclude(match=DraftingMatch.MANUAL)
        .order_by("id")
        .values_list("id", "name", "organization_id", "match")
    )
    pending: list[StandardDraftingOrganization] = []
    for pk, name, org_id, how in rows.iterator(chunk_size=CHUNK):
        counts.seen += 1
        found, found_how = match_for(name, by_uscc, by_name)
        if found_how == DraftingMatch.USCC:
            counts.by_uscc += 1
        elif found_how == DraftingMatch.NAME:
            counts.by_name += 1
        else:
            counts.unlinked += 1
        if (found, found_how) != (org_id, how):
            pending.append(
                StandardDraftingOrganization(id=pk, organization_id=found, match=found_how)
            )
        if len(pending) >= CHUNK:
            counts.changed += _write(pending)
            pending = []
        if progress:
            progress(1)
    counts.changed += _write(pending)
    if counts.changed:
        audit.record(
            actor=actor,
            action="profiles.units_link",
            message=f"起草单位自动关联：{counts.changed} 条变更",
            extra=counts.__dict__,
        )
    return counts


def _write(units: list[StandardDraftingOrganization]) -> int:
    if not units:
        return 0
    with transaction.atomic():
        # A manual decision taken meanwhile wins: re-read which of these are still automatic.
        automatic = set(
            StandardDraftingOrganization.objects.filter(id__in=[u.id for u in units])
            .exclude(match=DraftingMatch.MANUAL)
            .values_list("id", flat=True)
        )
        todo = [u for u in units if u.id in automatic]
        StandardDraftingOrganization.objects.bulk_update(todo, ["organization", "match"])
    return len(todo)


def on_import(sender, *, after_id: int, actor=None, **kwargs) -> None:
    """After a catalog import: link the units it wrote."""
    drafting_units_link(after_id=after_id, actor=actor)
