"""Reads of consultations and what each reader may see of the comments.

Public (anyone): consultations that have opened; before closes_at only the number of comments;
after it the comment text, clause and 提出单位 (never the contact); dispositions once published.
Managers (`consultation.rules.can_dispose`) see everything at any time."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from consultation.models import Comment, Consultation
from consultation.rules import can_dispose
from drafts.selectors import clauses_of


def comment_count():
    """A correlated count of a consultation's comments (no GROUP BY over the draft's text)."""
    counts = (
        Comment.objects.filter(consultation=OuterRef("pk"))
        .order_by()
        .values("consultation")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts), 0)


def consultations_open_now():
    return (
        Consultation.objects.open_now()
        .annotate(comment_count=comment_count())
        .order_by("closes_at", "id")
    )


def consultations_recently_closed(limit: int = 10):
    return (
        Consultation.objects.filter(closes_at__lt=timezone.now())
        .annotate(comment_count=comment_count())
        .order_by("-closes_at", "-id")[:limit]
    )


def consultations_of(obj):
    from django.contrib.contenttypes.models import ContentType

    return Consultation.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def consultation_get(*, pk: int, user) -> Consultation:
    """A consultation that has opened, or any for its managers; 404 otherwise."""
    consultation = (
        Consultation.objects.select_related("draft__series", "draft__document", "content_type")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404
    if consultation.opens_at > timezone.now() and not can_dispose(user, consultation):
        raise Http404
    return consultation


@dataclass(frozen=True)
class CommentView:
    """What a reader may see of a consultation's comments."""

    count: int
    comments: list[Comment]
    show_text: bool
    show_dispositions: bool
    show_contacts: bool


def comments_for(consultation: Consultation, user) -> CommentView:
    manager = can_dispose(user, consultation)
    show_text = manager or consultation.has_closed()
    comments = ordered_comments(consultation) if show_text else []
    return CommentView(
        count=len(comments) if show_text else consultation.comments.count(),
        comments=comments,
        show_text=show_text,
        show_dispositions=manager or consultation.is_published,
        show_contacts=manager,
    )


def ordered_comments(consultation: Consultation) -> list[Comment]:
    """Comments in the order of the draft: whole-draft ones first, then by clause, then by time
    (the order of the 汇总处理表)."""
    position = {number: i for i, (number, _) in enumerate(clauses_of(consultation.draft), 1)}
    comments = list(
        consultation.comments.select_related("invited_unit").order_by("submitted_at", "id")
    )
    return sorted(comments, key=lambda c: position.get(c.clause, 0) if c.clause else 0)


def may_download_table(consultation: Consultation, user) -> bool:
    return consultation.is_published or can_dispose(user, consultation)
