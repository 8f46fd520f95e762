"""Exports: a cell of user text is data, never a formula Excel would run."""

import io

from openpyxl import load_workbook

from core.excel import Column, Sheet

SHEET = Sheet("测试", (Column("名称", "name"),))
HOSTILE = ['=HYPERLINK("http://evil.invalid","点我")', "=1+1", "+1+1", "-1+1", "@SUM(A1)"]


class Row:
    def __init__(self, name):
        self.name = name


def test_it_writes_text_that_looks_like_a_formula_as_text():
    cells = load_workbook(io.BytesIO(SHEET.write(Row(n) for n in HOSTILE))).active["A"][1:]
    assert [c.value for c in cells] == HOSTILE  # read back unchanged by the import
    assert {c.data_type for c in cells} == {"s"}


def test_it_keeps_numbers_and_dates_typed():
    import datetime as dt

    cells = load_workbook(io.BytesIO(SHEET.write([Row(3), Row(dt.date(2026, 11, 27))]))).active
    assert cells["A2"].value == 3 and cells["A3"].value.date() == dt.date(2026, 11, 27)


def test_it_refuses_a_workbook_that_inflates_too_far(settings):
    import pytest

    from core.excel import ImportFileError

    raw = SHEET.write(Row("济宁" * 50) for _ in range(2000))
    assert len(SHEET.read(raw, "a.xlsx")) == 2000
    settings.ARCHIVE_MAX_UNCOMPRESSED_BYTES = 100 * 1024
    with pytest.raises(ImportFileError, match="解压"):
        SHEET.read(raw, "a.xlsx")
