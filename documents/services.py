"""Writes of documents: content-checked, size-limited, checksummed, audited."""

from __future__ import annotations

import errno
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat

from core import audit
from documents.choices import DocumentKind
from documents.filetypes import EXTENSIONS, ArchiveRefused, sniff
from documents.models import Document

FULL_DISK = {errno.ENOSPC, errno.EDQUOT}
ALLOWED = "PDF、Word（DOC/DOCX）、Excel（XLS/XLSX）、PNG、JPG"


def check_size(*, name: str, size: int) -> None:
    limit = settings.DOCUMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"文件“{name}”大小为 {filesizeformat(size)}，超过 {filesizeformat(limit)} 的上限",
            code="too_large",
        )


def check_upload(*, name: str, data: bytes) -> str:
    """The file type, or a ValidationError saying clearly why the file is refused."""
    check_size(name=name, size=len(data))
    if not data:
        raise ValidationError(f"文件“{name}”是空文件", code="empty")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(f"不支持的文件类型，仅接受 {ALLOWED}", code="extension")
    try:
        file_type = sniff(data, extension)
    except ArchiveRefused as error:
        raise ValidationError(f"文件“{name}”：{error}", code="archive") from None
    if file_type is None or file_type not in EXTENSIONS[extension]:
        raise ValidationError(
            f"文件“{name}”的内容不是有效的 {extension.upper()} 文件（可能是改了扩展名的其他文件），"
            f"请上传 {ALLOWED}",
            code="content",
        )
    return file_type


@transaction.atomic
def document_attach(*, obj: models.Model, upload, kind: str, actor) -> Document:
    """Store an uploaded file for `obj`; the caller has checked the actor may add to `obj`."""
    DocumentKind(kind)
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:255]
    check_size(name=name, size=getattr(upload, "size", 0) or 0)  # before reading it into memory
    data = upload.read()
    file_type = check_upload(name=name, data=data)
    document = Document(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        kind=kind,
        original_name=name,
        file_type=file_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    try:
        document.file.save("upload", ContentFile(data), save=False)
    except OSError as exc:
        if exc.errno not in FULL_DISK:
            raise
        # The storage removed what it had begun writing (core.storage); nothing is kept.
        raise ValidationError(
            f"服务器存储空间不足，文件“{name}”未能保存。请稍后重试，或联系网站管理员",
            code="storage_full",
        ) from exc
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no row, no file
        raise
    audit.record(
        actor=actor,
        action="document.attach",
        obj=obj,
        extra={"document": document.pk, "name": name, "sha256": document.sha256, "kind": kind},
    )
    return document
