"""Writes of drafts: every upload a new numbered version, checked by `documents`, audited."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Max

from core import audit
from documents.choices import DocumentKind, FileType
from documents.services import check_size, check_upload, document_attach
from drafts.extract import extract_paragraphs
from drafts.models import DraftSeries, DraftVersion
from drafts.rules import can_upload

NOTE_MAX = 500
PURPOSE_MAX = 30


def _series_locked(*, obj: models.Model, purpose: str) -> DraftSeries:
    content_type = ContentType.objects.get_for_model(obj)
    series, _ = DraftSeries.objects.get_or_create(
        content_type=content_type, object_id=str(obj.pk), purpose=purpose
    )
    return DraftSeries.objects.select_for_update().get(pk=series.pk)


def paragraphs_of(*, data: bytes, name: str) -> list[dict]:
    try:
        return [p.as_dict() for p in extract_paragraphs(data)]
    except Exception:
        raise ValidationError(
            f"无法读取文件“{name}”的正文，请用 Word 另存为 DOCX 后重新上传", code="unreadable"
        ) from None


@transaction.atomic
def version_upload(*, obj: models.Model, purpose: str, upload, note: str, actor) -> DraftVersion:
    """A new version of `obj`'s draft for `purpose`; nothing is ever overwritten.

    The file goes through `documents.services` (type by content, size, zip-bomb limits) and is
    attached to `obj` itself, so it is downloaded through the scope-checked `documents:download`.
    DOCX text is extracted for search and comparison."""
    if not can_upload(actor, obj):
        raise PermissionDenied("您无权上传该草案的新版本")
    purpose = " ".join((purpose or "").split())
    note = (note or "").strip()
    errors = {}
    if not purpose or len(purpose) > PURPOSE_MAX:
        errors["purpose"] = f"请填写草案用途（不超过 {PURPOSE_MAX} 个字）"
    if not note or len(note) > NOTE_MAX:
        errors["note"] = f"请填写版本说明（不超过 {NOTE_MAX} 个字）"
    if errors:
        raise ValidationError(errors)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    check_size(name=name, size=getattr(upload, "size", 0) or 0)
    data = upload.read()
    file_type = check_upload(name=name, data=data)
    paragraphs = paragraphs_of(data=data, name=name) if file_type == FileType.DOCX else []
    series = _series_locked(obj=obj, purpose=purpose)
    document = document_attach(
        obj=obj, upload=ContentFile(data, name=name), kind=DocumentKind.DRAFT, actor=actor
    )
    last = series.versions.aggregate(n=Max("number"))["n"] or 0
    version = DraftVersion.objects.create(
        series=series,
        number=last + 1,
        document=document,
        note=note,
        uploaded_by=actor,
        text="\n".join(p["text"] for p in paragraphs),
        paragraphs=paragraphs,
    )
    audit.record(
        actor=actor,
        action="draft.version_upload",
        obj=obj,
        extra={
            "series": series.pk,
            "purpose": purpose,
            "version": version.number,
            "document": document.pk,
            "paragraphs": len(paragraphs),
        },
    )
    return version
