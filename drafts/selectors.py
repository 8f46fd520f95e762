"""Reads of drafts: a series is visible exactly when its record's documents are."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from documents.selectors import get_by_parent_scope
from drafts.extract import title_of
from drafts.models import DraftSeries, DraftVersion


def series_of(obj: models.Model):
    return DraftSeries.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("id")


def series_get(*, pk: int, user) -> DraftSeries:
    """The series if the user may see its record's internals; 404 otherwise, revealing nothing."""
    return get_by_parent_scope(DraftSeries.objects.all(), pk=pk, user=user)


def versions_of(series: DraftSeries):
    return series.versions.select_related("uploaded_by", "document").order_by("-number")


def latest_version(obj: models.Model, purpose: str) -> DraftVersion | None:
    return (
        DraftVersion.objects.filter(
            series__content_type=ContentType.objects.get_for_model(obj),
            series__object_id=str(obj.pk),
            series__purpose=purpose,
        )
        .order_by("-number")
        .first()
    )


def clauses_of(version: DraftVersion) -> list[tuple[str, str]]:
    """The clause numbers of a version in document order, each once, with its title ("" for a
    clause without one): `[("1", "范围"), ("4.2.1", ""), ("附录A", "试验方法")]`."""
    seen: set[str] = set()
    clauses: list[tuple[str, str]] = []
    for paragraph in version.paragraphs:
        number = paragraph.get("number")
        if number and number not in seen:
            seen.add(number)
            clauses.append((number, title_of(paragraph)))
    return clauses
