"""Free public full text of published standards.

The rule (`full_text_is_public`): anyone may download a standard's full text when the standard
is public, is a municipal local standard of this city — code prefix "DB" + `SITE["region_code"]`
(DB3708): the city bureau issues them and publishes their texts free of charge — and has a
full-text file (`Standard.full_text`, set on publication from the checked 报批稿). The texts of
other standards (national, industry, other regions' — not the bureau's to give away) are never
served here, and a non-public standard's text is a 404 for everyone on this URL.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import Http404
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from catalog.choices import Kind
from catalog.models import Standard
from documents.counters import count_download
from documents.public import file_response

TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def city_prefix() -> str:
    return "DB" + str(settings.SITE.get("region_code", ""))


def _extension(standard: Standard) -> str:
    name = standard.full_text.name or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def full_text_is_public(standard: Standard) -> bool:
    return bool(
        standard.is_public
        and standard.full_text
        and standard.kind == Kind.MUNICIPAL
        and standard.prefix == city_prefix()
        and _extension(standard) in TYPES
    )


def full_text_filename(standard: Standard) -> str:
    """ "DB3708T 001—2026 公务用车平台建设与管理规范.pdf" (the slash of the code dropped)."""
    return f"{standard.code.replace('/', '')} {standard.title}.{_extension(standard)}"


@require_safe
def full_text_download(request, code: str):
    """下载全文: the file, to anyone, under the rule above; counted (buffered)."""
    standard = Standard.objects.public().filter(code_key=code).first()
    if standard is None or not full_text_is_public(standard):
        raise Http404("没有可公开下载的全文")
    seed = f"{standard.full_text.name}:{standard.updated_at.isoformat()}"
    etag = f'"{hashlib.sha256(seed.encode()).hexdigest()[:32]}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(standard.updated_at.timestamp())
    )
    if not_modified is not None:
        not_modified["Cache-Control"] = "public, max-age=3600"
        return not_modified
    response = file_response(
        standard.full_text,
        filename=full_text_filename(standard),
        content_type=TYPES[_extension(standard)],
        public=True,
        etag=etag,
        last_modified=standard.updated_at,
    )
    if request.method == "GET":
        count_download(standard)
    return response
