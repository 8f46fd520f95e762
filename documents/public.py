"""Public files: what anyone, signed in or not, may download, by explicit rule only.

- **Public attachments**: the attachments of records that are public notices — calls for
  proposals (`calls.Call`), publicity notices (`publicity.Notice`) and articles
  (`notices.Article`: 通知公告、政策法规、工作动态) — are public while the
  record is visible to an anonymous visitor (its `visible_to(AnonymousUser)`). Every other
  document keeps the scope check of `documents.selectors.document_get` (login required).
- **Free full texts** of standards: the rule is in `catalog.full_text`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from documents.models import Document

# "app_label.model" of records whose attachments are published with them.
PUBLIC_ATTACHMENT_PARENTS = frozenset({"calls.call", "publicity.notice", "notices.article"})


def public_document_get(pk: int) -> Document | None:
    """The document if anyone may download it under the public-attachment rule, else None."""
    document = Document.objects.select_related("content_type").filter(pk=pk).first()
    if document is None:
        return None
    content_type = document.content_type
    if f"{content_type.app_label}.{content_type.model}" not in PUBLIC_ATTACHMENT_PARENTS:
        return None
    model = content_type.model_class()
    if model is None:
        return None
    visible = model._default_manager.visible_to(AnonymousUser())
    return document if visible.filter(pk=document.object_id).exists() else None


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 5987), so
    that a Chinese file name survives every browser; quotes, slashes and controls are dropped."""
    from urllib.parse import quote

    clean = "".join(c for c in filename if c.isprintable() and c not in '"\\/') or "download"
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in clean)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(clean, safe='')}"


def file_response(
    field_file,
    *,
    filename: str,
    content_type: str,
    public: bool,
    etag: str = "",
    last_modified=None,
):
    """A download of a stored file: attachment, `nosniff`, cache headers (public files may be
    cached by anyone for an hour, private ones never). 404 when the file is missing."""
    from django.http import FileResponse, Http404
    from django.utils.http import http_date

    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    if etag:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def document_response(document):
    """A document as a private download (the caller has checked who may have it): never cached,
    since its parent may stop being public."""
    from documents.filetypes import MIME

    return file_response(
        document.file,
        filename=document.original_name,
        content_type=MIME.get(document.file_type, "application/octet-stream"),
        public=False,
    )
