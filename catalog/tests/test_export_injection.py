"""The standards exports carry third-party text (national platforms' files): data, never formulas."""

import csv
import io

import pytest
from openpyxl import load_workbook

from catalog.excel import export_queryset, write_csv, write_xlsx
from catalog.models import Standard
from catalog.tests.factories import make_standard

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("http://evil.invalid","点我")'


def test_a_formula_in_a_title_is_text_in_xlsx_and_quoted_in_csv():
    make_standard("DB37/T 1-2026", title=TITLE, scope="@SUM(1+1)")
    standards = export_queryset(Standard.objects.all())
    row = load_workbook(io.BytesIO(write_xlsx(standards))).active[2]
    assert row[1].value == TITLE and row[1].data_type == "s"
    lines = list(csv.reader(io.StringIO(write_csv(standards).decode("utf-8-sig"))))
    assert lines[1][1] == "'" + TITLE
    assert "'@SUM(1+1)" in lines[1]
