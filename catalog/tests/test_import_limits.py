"""Uploaded workbooks are checked before openpyxl inflates them (the validity check is public)."""

import io

import pytest
from openpyxl import Workbook

from catalog.importer import ImportFileError, read_import_file
from catalog.validity import ValidityInputError, lines_from_upload

pytestmark = pytest.mark.django_db


def workbook(rows: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["标准号", "标准名称"])
    for n in range(rows):
        sheet.append([f"DB37/T {n}-2026", "济宁" * 50])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_import_and_the_validity_check_refuse_a_workbook_that_inflates_too_far(settings):
    raw = workbook(2000)
    assert len(lines_from_upload(raw)) >= 2000
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 100 * 1024
    with pytest.raises(ImportFileError, match="解压"):
        read_import_file(raw, "a.xlsx")
    with pytest.raises(ValidityInputError, match="解压"):
        lines_from_upload(raw)
