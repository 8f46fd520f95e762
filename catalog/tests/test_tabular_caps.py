"""Spreadsheets that inflate inside the size limits: the one reader (core.excel) streams every
upload and refuses it the moment a cap on rows, columns or cells is passed, whatever the sheet
declares. The hostile files are built here by writing the sheet XML straight into a zip."""

import io
import zipfile
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from catalog import validity
from catalog.importer import UPLOAD_LIMITS, read_import_file
from catalog.models import ImportBatch
from core.excel import ImportFileError, TableLimits, TableReader, read_table
from testing.personas import PersonaTestCase

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(sheet_data: bytes, dimension: str = "A1") -> bytes:
    """A minimal workbook whose one sheet holds `sheet_data` (the XML inside <sheetData>)."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
        f'<dimension ref="{dimension}"/><sheetData>'
    ).encode()
    sheet += sheet_data + b"</sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def inline_row(number: int, *texts: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in texts)
    return f'<row r="{number}">{cells}</row>'.encode()


CODES = inline_row(1, "标准号", "标准名称") + inline_row(2, "GB/T 1-2000", "甲")
# One row of three million cells: about 12 MB of XML, some 30 KB zipped.
WIDE = xlsx(inline_row(1, "标准号", "标准名称") + b"<row r='2'>" + b"<c/>" * 3_000_000 + b"</row>")
# A sheet that declares every cell Excel can address and holds two rows.
DECLARED = xlsx(CODES, dimension="A1:XFD1048576")
# The same declaration with one cell in the last column and row Excel can address.
DECLARED_FAR = xlsx(
    CODES + b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    dimension="A1:XFD1048576",
)
# A million empty rows.
TALL = xlsx(b"<row/>" * 1_000_000)


class CountedCells:
    """Counts the cells every TableReader reads while active."""

    def __enter__(self):
        self.count = 0
        original = TableReader._count_cell

        def counting(reader, line, column):
            self.count += 1
            return original(reader, line, column)

        self._patch = mock.patch.object(TableReader, "_count_cell", counting)
        self._patch.start()
        return self

    def __exit__(self, *exc):
        self._patch.stop()


class ReaderCapTests(TestCase):
    def test_the_hostile_files_are_small(self):
        self.assertLess(len(WIDE), 200_000)
        self.assertLess(len(DECLARED), 2_000)

    def test_it_stops_a_row_of_millions_of_cells_at_the_column_cap(self):
        limits = TableLimits(rows=100, columns=50, cells=10_000)
        reader = TableReader(WIDE, "wide.xlsx", limits)
        with self.assertRaisesMessage(ImportFileError, "第 2 行超过 50 列"):
            list(reader.rows())
        self.assertEqual(reader.cells_read, 2 + 51)

    def test_it_stops_at_the_cell_cap(self):
        limits = TableLimits(rows=100, columns=10_000_000, cells=1_000)
        reader = TableReader(WIDE, "wide.xlsx", limits)
        with self.assertRaisesMessage(ImportFileError, "超过 1000 个单元格"):
            list(reader.rows())
        self.assertEqual(reader.cells_read, 1_001)

    def test_it_stops_at_the_row_cap(self):
        reader = TableReader(TALL, "tall.xlsx", TableLimits(rows=500))
        with self.assertRaisesMessage(ImportFileError, "超过 500 行"):
            list(reader.rows())
        self.assertEqual(reader.rows_read, 501)

    def test_it_ignores_the_declared_dimension(self):
        reader = TableReader(DECLARED, "declared.xlsx")
        self.assertEqual(
            list(reader.rows()), [(1, ["标准号", "标准名称"]), (2, ["GB/T 1-2000", "甲"])]
        )
        self.assertEqual(reader.cells_read, 4)

    def test_it_places_cells_by_their_reference_and_skips_none(self):
        row = (
            b'<row r="3"><c r="B3" t="inlineStr"><is><t>x</t></is></c><c r="D3"><v>7</v></c></row>'
        )
        self.assertEqual(list(read_table(xlsx(row))), [(3, ["", "x", "", 7])])

    def test_a_cell_far_to_the_right_is_refused_without_reading_what_lies_between(self):
        row = b'<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'
        reader = TableReader(xlsx(row), "far.xlsx", TableLimits(columns=100))
        with self.assertRaisesMessage(ImportFileError, "超过 100 列"):
            list(reader.rows())
        self.assertEqual(reader.cells_read, 1)

    def test_it_refuses_a_part_that_declares_entities(self):
        laughs = (
            b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        )
        source, out = zipfile.ZipFile(io.BytesIO(xlsx(CODES))), io.BytesIO()
        with zipfile.ZipFile(out, "w") as damaged:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = laughs + data[data.index(b"<worksheet") :]
                damaged.writestr(item, data)
        with self.assertRaisesMessage(ImportFileError, "无法读取 XLSX 文件"):
            list(read_table(out.getvalue(), "laughs.xlsx"))

    def test_csv_rows_count_against_the_same_caps(self):
        raw = ("a," * 600 + "\n").encode()
        with self.assertRaisesMessage(ImportFileError, "超过 512 列"):
            list(read_table(raw, "wide.csv"))

    def test_the_importer_and_the_validity_check_refuse_the_wide_row(self):
        with CountedCells() as counted, self.assertRaisesMessage(ImportFileError, "列"):
            read_import_file(WIDE, "wide.xlsx")
        self.assertLessEqual(counted.count, 2 + UPLOAD_LIMITS.columns + 1)
        with CountedCells() as counted, self.assertRaisesMessage(validity.ValidityInputError, "列"):
            validity.lines_from_upload(WIDE)
        self.assertLessEqual(counted.count, 2 + validity.UPLOAD_LIMITS.columns + 1)


class HostileUploadTests(PersonaTestCase):
    def test_it_answers_an_anonymous_hostile_validity_upload_with_400(self):
        url = "/api/v1/standards/validity/"
        for raw in (WIDE, DECLARED):
            with CountedCells() as counted:
                response = self.client.post(
                    url, {"file": SimpleUploadedFile("x.xlsx", raw)}, format="multipart"
                )
            if raw is DECLARED:  # the declared size is ignored: two rows, a normal answer
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["summary"]["total"], 1)
                continue
            self.assertEqual(response.status_code, 400)
            self.assertIn("列", response.json()["error"]["message"] + str(response.json()))
            self.assertLessEqual(counted.count, 2 + validity.UPLOAD_LIMITS.columns + 1)

    def test_a_cell_in_the_last_column_is_refused_at_once_by_the_api_and_the_import_page(self):
        with CountedCells() as counted:
            response = self.client.post(
                "/api/v1/standards/validity/", {"file": SimpleUploadedFile("x.xlsx", DECLARED_FAR)}
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("超过 64 列", str(response.json()))
        self.assertEqual(counted.count, 5)  # four cells of codes, then the far one
        self.login(self.city_officer)
        response = self.client.post(
            reverse("catalog:import_upload"), {"file": SimpleUploadedFile("f.xlsx", DECLARED_FAR)}
        )
        self.assertContains(response, f"超过 {UPLOAD_LIMITS.columns} 列", status_code=400)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_it_answers_a_hostile_raw_body_with_400(self):
        with CountedCells() as counted:
            response = self.client.post(
                "/api/v1/standards/validity/",
                data=WIDE,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        self.assertEqual(response.status_code, 400)
        self.assertLessEqual(counted.count, 2 + validity.UPLOAD_LIMITS.columns + 1)

    def test_the_public_validity_page_shows_the_cap_as_a_form_error(self):
        with CountedCells() as counted:
            response = self.client.post(
                reverse("catalog:validity_check"), {"file": SimpleUploadedFile("x.xlsx", WIDE)}
            )
        self.assertContains(response, "超过 64 列", status_code=400)
        self.assertLessEqual(counted.count, 2 + validity.UPLOAD_LIMITS.columns + 1)

    def test_the_city_officer_import_refuses_the_hostile_files_with_a_form_error(self):
        self.login(self.city_officer)
        with CountedCells() as counted:
            response = self.client.post(
                reverse("catalog:import_upload"), {"file": SimpleUploadedFile("w.xlsx", WIDE)}
            )
        self.assertContains(response, f"超过 {UPLOAD_LIMITS.columns} 列", status_code=400)
        self.assertLessEqual(counted.count, 2 + UPLOAD_LIMITS.columns + 1)
        response = self.client.post(
            reverse("catalog:import_upload"), {"file": SimpleUploadedFile("d.xlsx", DECLARED)}
        )
        self.assertEqual(response.status_code, 302)  # two rows: on to the preview
        self.assertEqual(ImportBatch.objects.get().total_rows, 1)


class UploadBodyCapTests(PersonaTestCase):
    def test_it_refuses_an_anonymous_validity_upload_over_its_cap_before_reading_it(self):
        big = SimpleUploadedFile("big.csv", b"GB/T 1-2000\n" * 400_000)  # 4.8 MB
        response = self.client.post("/api/v1/standards/validity/", {"file": big})
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json()["error"]["code"], "too_large")
        big.seek(0)
        response = self.client.post(reverse("catalog:validity_check"), {"file": big})
        self.assertEqual(response.status_code, 400)
        self.assertNotContains(response, "文件超过 2 MB", status_code=400)  # not the form's check

    def test_it_stops_reading_the_moment_the_bytes_pass_the_cap(self):
        from django.core.exceptions import RequestDataTooBig
        from django.test import RequestFactory

        from core.uploads import LimitedUploadHandler

        request = RequestFactory().post("/api/v1/standards/validity/")
        handler = LimitedUploadHandler(request)
        handler.handle_raw_input(None, {}, 0, b"x")  # a length not declared
        chunk = b"x" * 65_536
        received = 0
        with self.assertRaises(RequestDataTooBig):
            while True:
                handler.receive_data_chunk(chunk, received)
                received += len(chunk)
        self.assertLessEqual(received, handler.limit)


class RawBodyCapTests(PersonaTestCase):
    def test_a_raw_body_over_the_validity_limit_is_refused_before_it_is_read(self):
        body = b"GB/T 1-2000\n" * 200_000  # 2.4 MB
        with mock.patch.object(validity, "lines_from_upload") as read:
            response = self.client.post(
                "/api/v1/standards/validity/", data=body, content_type="text/plain"
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("文件过大", str(response.json()))
        read.assert_not_called()


class CsvLineCapTests(SimpleTestCase):
    def test_a_csv_line_of_millions_of_commas_is_refused_before_it_is_split(self):
        raw = b"code\n" + b"," * 3_000_000 + b"\n"
        reader = TableReader(raw, "commas.csv", TableLimits(columns=100))
        with self.assertRaisesMessage(ImportFileError, "第 2 行过长"):
            list(reader.rows())
        self.assertEqual(reader.cells_read, 1)  # the header only: the long line was never split

    def test_long_quoted_text_across_lines_is_still_read(self):
        scope = "很长的范围，" * 2_000
        raw = f'标准号,范围\nGB/T 1-2000,"{scope}\n第二段"\n'.encode()
        rows = list(read_table(raw, "scope.csv"))
        self.assertEqual(rows[1], (2, ["GB/T 1-2000", f"{scope}\n第二段"]))


class ImportBodyCapTests(PersonaTestCase):
    def test_the_import_page_stops_reading_a_body_over_its_limit(self):
        from django.test import override_settings

        self.login(self.city_officer)
        big = SimpleUploadedFile("big.csv", b"x" * 300_000)
        with override_settings(UPLOAD_PATH_LIMITS={"/standards/import/": 100_000}):
            response = self.client.post(reverse("catalog:import_upload"), {"file": big})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ImportBatch.objects.count(), 0)
