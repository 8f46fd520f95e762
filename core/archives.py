"""Limits on ZIP-based uploads (DOCX, XLSX) checked before anything inflates them.

A few kilobytes can declare gigabytes (a zip bomb). Python's zipfile never inflates a member past
its declared size, so the sizes in the central directory bound what openpyxl or we will read."""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat


def archive_problem(archive: zipfile.ZipFile) -> str | None:
    """Why the archive is refused, in Chinese, or None when it is within the limits."""
    members = archive.infolist()
    if len(members) > settings.ARCHIVE_MAX_MEMBERS:
        return f"压缩包内文件过多（{len(members)} 个，上限 {settings.ARCHIVE_MAX_MEMBERS} 个）"
    inflated = sum(member.file_size for member in members)
    if inflated > settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES:
        return (
            f"文件解压后过大（{filesizeformat(inflated)}，"
            f"上限 {filesizeformat(settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES)}）"
        )
    return None


def zip_problem(raw: bytes) -> str | None:
    """`archive_problem` for raw bytes; a damaged archive is left to the reader to report."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return archive_problem(archive)
    except (zipfile.BadZipFile, ValueError):
        return None
