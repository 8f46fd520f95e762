"""A small public catalog with one record that must never be exported, and readers of each
format, for the open data tests."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import shutil
import tempfile
from pathlib import Path

import openpyxl
from django.test import override_settings

from catalog.models import StandardDraftingOrganization
from catalog.tests.factories import link, make_standard
from catalog.tests.search_helpers import SearchTestCase, make_classes
from core.excel import csv_unsafe
from drafting.models import LocalStandardProject

SECRET = "DB3708/T 999-2026"  # not public: in no file, ever


class OpenDataTestCase(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_classes()
        cls.old = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
        cls.new = make_standard(
            "GB/T 19001-2016",
            "质量管理体系 要求",
            title_en="Quality management systems",
            nature="recommended",
            ccs_id="A00",
            drafters=["张三", "李四"],
        )
        cls.new.ics.set(["03.120.10", "01.120"])
        link(cls.old, cls.new)
        StandardDraftingOrganization.objects.create(
            standard=cls.new, position=1, name="中国标准化研究院", role="lead"
        )
        StandardDraftingOrganization.objects.create(
            standard=cls.new, position=2, name="济宁甲机械有限公司"
        )
        cls.formula = make_standard("T/JNBZ 1-2025", '=HYPERLINK("http://x") 团体标准')
        cls.municipal = make_standard(
            "DB3708/T 001-2026",
            "公务用车平台建设与管理规范",
            issue_date=dt.date(2026, 1, 5),
            implement_date=dt.date(2026, 2, 5),
            status="current",
            full_text="standards/full_text/2026/db3708t001.pdf",
        )
        cls.provincial = make_standard("DB37/T 2904-2019", "足球场地建设规范")
        cls.secret = make_standard(SECRET, "尚未公开的地方标准", is_public=False)
        cls.project = LocalStandardProject.objects.create(
            title="公务用车平台建设与管理规范",
            sponsor=cls.sector_officer,
            sponsor_department="市机关事务服务中心",
            scope="范围",
            reason="理由",
            main_content="内容",
            year=2025,
            plan_number="2025-003",
            plan_issued_on=dt.date(2025, 4, 1),
            filing_number="备 12345-2026",
            filing_date=dt.date(2026, 1, 20),
            review_due=dt.date(2031, 2, 5),
            code="DB3708/T 001—2026",
            standard=cls.municipal,
            state="in_force",
        )
        LocalStandardProject.objects.create(
            title="尚未公开的地方标准",
            sponsor=cls.sector_officer,
            sponsor_department="市机关事务服务中心",
            scope="范围",
            reason="理由",
            main_content="内容",
            year=2026,
            plan_number="2026-009",
            standard=cls.secret,
            state="in_force",
        )

    def setUp(self):
        super().setUp()
        self.root = Path(tempfile.mkdtemp(prefix="open-data-test-"))
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        self.enterContext(override_settings(OPEN_DATA_ROOT=self.root))


def read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [
            dict(zip(header, [csv_unsafe(v) for v in row], strict=True)) for row in reader
        ]


def read_jsonl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def read_xlsx(path: Path) -> tuple[list[list[str]], list[tuple]]:
    """(the header of each sheet, every data row of every sheet)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    headers, rows = [], []
    for sheet in workbook.worksheets:
        values = sheet.iter_rows(values_only=True)
        headers.append(list(next(values)))
        rows.extend(values)
    workbook.close()
    return headers, rows


def raw_text(path: Path) -> str:
    """Everything a file says, decompressed (XLSX: every part of the ZIP)."""
    import zipfile

    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
            return handle.read()
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
