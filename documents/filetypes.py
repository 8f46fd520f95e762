"""What a file really is, read from its bytes: the extension is only checked to agree."""

from __future__ import annotations

import io
import zipfile

from core.archives import archive_problem
from documents.choices import FileType

MIME = {
    FileType.PDF: "application/pdf",
    FileType.DOC: "application/msword",
    FileType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileType.XLS: "application/vnd.ms-excel",
    FileType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
}
EXTENSIONS = {
    "pdf": {FileType.PDF},
    "doc": {FileType.DOC},
    "docx": {FileType.DOCX},
    "xls": {FileType.XLS},
    "xlsx": {FileType.XLSX},
    "png": {FileType.PNG},
    "jpg": {FileType.JPEG},
    "jpeg": {FileType.JPEG},
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ArchiveRefused(ValueError):
    """A DOCX/XLSX whose archive breaks the limits of `core.archives` (a zip bomb)."""


def _ooxml(head: bytes, data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = archive_problem(archive)
            if problem:
                raise ArchiveRefused(problem)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError) as error:
        if isinstance(error, ArchiveRefused):
            raise
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return FileType.DOCX
    if "xl/workbook.xml" in names:
        return FileType.XLSX
    return None


def sniff(data: bytes, extension: str) -> FileType | None:
    """The file type proven by the content, or None. OLE2 (.doc/.xls) files share one signature,
    so for them the extension decides between Word and Excel."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith(OLE2):
        return FileType.XLS if extension == "xls" else FileType.DOC
    if head.startswith(b"PK\x03\x04"):
        return _ooxml(head, data)
    return None
