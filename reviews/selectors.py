"""Reads of reviews, scoped to the user: an expert's tasks, the bureau's side-by-side table."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse

from reviews.models import Criterion, Review, ScoreSheet


def reviews_visible_to(user) -> QuerySet[Review]:
    return Review.objects.visible_to(user).select_related("sheet", "expert", "content_type")


def my_review_tasks(user) -> QuerySet[Review]:
    """The expert's own reviews: pending first (due soonest first), then submitted, newest first."""
    return (
        Review.objects.filter(expert=user)
        .select_related("sheet", "content_type")
        .prefetch_related("subject")
        .order_by(
            models.F("submitted_at").desc(nulls_first=True),
            models.F("due").asc(nulls_last=True),
            "id",
        )
    )


def sheets_visible_to(user) -> QuerySet[ScoreSheet]:
    return ScoreSheet.objects.visible_to(user).prefetch_related("criteria")


def comparison_url(obj: models.Model) -> str:
    """The bureau's side-by-side page of `obj`'s reviews (for process pages to link to)."""
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("reviews:compare", args=[content_type.pk, str(obj.pk)])


def assign_url(obj: models.Model) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("reviews:assign", args=[content_type.pk, str(obj.pk)])


@dataclass
class ScoreRow:
    criterion: Criterion
    scores: list[Decimal | None]
    mean: Decimal | None


@dataclass
class ScoreTable:
    """Experts as columns, criteria as rows, totals, the mean total and pass/fail."""

    sheet: ScoreSheet
    reviews: list[Review]
    rows: list[ScoreRow] = field(default_factory=list)
    mean_total: Decimal | None = None
    passed: bool | None = None
    pending: int = 0


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_tables(obj: models.Model, user) -> list[ScoreTable]:
    """One table per sheet used for `obj` (usually one); means over submitted reviews only."""
    reviews = list(
        reviews_visible_to(user).about(obj).prefetch_related("sheet__criteria").order_by("id")
    )
    tables: dict[int, ScoreTable] = {}
    for review in reviews:
        tables.setdefault(
            review.sheet_id, ScoreTable(sheet=review.sheet, reviews=[])
        ).reviews.append(review)
    for table in tables.values():
        done = [r for r in table.reviews if r.is_submitted]
        table.pending = len(table.reviews) - len(done)
        for criterion in table.sheet.criteria.all():
            scores = [r.score_for(criterion) for r in table.reviews]
            table.rows.append(
                ScoreRow(criterion, scores, _mean([r.score_for(criterion) for r in done]))
            )
        table.mean_total = _mean([r.total for r in done])
        if table.mean_total is not None:
            table.passed = table.mean_total >= table.sheet.pass_mark
    return list(tables.values())
