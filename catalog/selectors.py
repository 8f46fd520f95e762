"""Reads of the catalog, always scoped to what the user may see."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from catalog.choices import Kind, Status
from catalog.codes import InvalidStandardCode, parse_code
from catalog.models import Standard, StandardReplacement


def standards_visible_to(user) -> QuerySet[Standard]:
    return Standard.objects.visible_to(user)


def standard_for_list(queryset: QuerySet[Standard]) -> QuerySet[Standard]:
    return queryset.only(
        "id",
        "code",
        "code_key",
        "title",
        "title_en",
        "kind",
        "nature",
        "status",
        "issue_date",
        "implement_date",
        "abolish_date",
        "issuing_body",
    )


def standard_get(*, user, code: str) -> Standard:
    """One standard by any spelling of its code; 404 when unknown or not visible."""
    try:
        key = parse_code(code).key
    except InvalidStandardCode:
        raise Http404("标准号无法识别") from None
    standard = (
        standards_visible_to(user)
        .select_related("ccs", "ccs__parent", "ccs__parent__parent")
        .prefetch_related(
            "ics",
            Prefetch("drafting_units__organization"),
            Prefetch("replaces_links", queryset=StandardReplacement.objects.select_related("old")),
            Prefetch(
                "replaced_by_links", queryset=StandardReplacement.objects.select_related("new")
            ),
        )
        .filter(code_key=key)
        .first()
    )
    if standard is None:
        raise Http404("没有找到该标准")
    return standard


@dataclass
class ChainStep:
    code: str
    code_key: str
    standard: Standard | None
    is_partial: bool


def replacement_chain(
    standard: Standard, *, user, direction: str, limit: int = 20
) -> list[ChainStep]:
    """The editions this one replaced ("older", nearest first) or that replaced it ("newer")."""
    visible = set()
    steps: list[ChainStep] = []
    frontier = [standard.code_key]
    seen = {standard.code_key}
    while frontier and len(steps) < limit:
        if direction == "older":
            links = StandardReplacement.objects.filter(new_key__in=frontier).select_related("old")
            pairs = [(link.old_key, link.old_code, link.old, link.is_partial) for link in links]
        else:
            links = StandardReplacement.objects.filter(old_key__in=frontier).select_related("new")
            pairs = [(link.new_key, link.new_code, link.new, link.is_partial) for link in links]
        frontier = []
        for key, code, linked, partial in sorted(pairs):
            if key in seen:
                continue
            seen.add(key)
            frontier.append(key)
            if linked is not None:
                visible.add(linked.pk)
            steps.append(ChainStep(code=code, code_key=key, standard=linked, is_partial=partial))
    allowed = set(standards_visible_to(user).filter(pk__in=visible).values_list("pk", flat=True))
    for step in steps:
        if step.standard is not None and step.standard.pk not in allowed:
            step.standard = None
    return steps


def other_editions(standard: Standard, *, user) -> QuerySet[Standard]:
    return (
        standards_visible_to(user)
        .filter(base_key=standard.base_key)
        .exclude(pk=standard.pk)
        .only("code", "code_key", "title", "status", "issue_date")
        .order_by("-issue_date")
    )


def catalog_counts(*, user) -> dict:
    """Counts by kind and by status for the home page and statistics."""
    qs = standards_visible_to(user)
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "total": sum(by_kind.values()),
        "by_kind": [(k.value, k.label, by_kind.get(k.value, 0)) for k in Kind],
        "by_status": [(s.value, s.label, by_status.get(s.value, 0)) for s in Status],
    }
