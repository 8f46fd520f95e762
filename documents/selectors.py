"""Reads of documents: a document is visible exactly when its parent record's internals are
(`core.permissions.internal_scope`)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from core.permissions import internal_scope
from documents.models import Document


def _of(obj: models.Model):
    return Document.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def document_kinds_of(obj: models.Model) -> set[str]:
    return set(_of(obj).values_list("kind", flat=True))


def parent_visible(parent_model, object_id: str, user) -> models.Model | None:
    """The parent if the user may see its internals (a public profile is not enough); records
    without a scope never expose their documents."""
    return internal_scope(parent_model, user).filter(pk=object_id).first()


def documents_for(*, obj: models.Model, user, internal: bool | None = None):
    """The record's documents if the user sees its internals. `internal`: the caller's
    `core.permissions.sees_internals(obj, user)` when it has it (the same question, not asked
    twice)."""
    if internal is None:
        internal = parent_visible(type(obj), str(obj.pk), user) is not None
    if not internal:
        return Document.objects.none()
    return _of(obj).select_related("uploaded_by")


def get_by_parent_scope(queryset: models.QuerySet, *, pk: int, user):
    """The row of `queryset` (a model with `content_type`/`object_id` of a parent record) if the
    user may see the parent's internals; 404 otherwise, revealing nothing. Shared by every
    generic attachment to records (documents, draft series)."""
    row = queryset.select_related("content_type").filter(pk=pk).first()
    if row is None:
        raise Http404
    model = row.content_type.model_class()
    if model is None or parent_visible(model, row.object_id, user) is None:
        raise Http404
    return row


def document_get(*, pk: int, user) -> Document:
    """The document if the user may see its parent record; 404 otherwise, revealing nothing."""
    return get_by_parent_scope(Document.objects.all(), pk=pk, user=user)
