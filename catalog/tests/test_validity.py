"""标准有效性确认: page and API, every kind of input line."""

import io
import os

from openpyxl import Workbook, load_workbook

from catalog.tests.search_helpers import SearchTestCase, import_csv

SEED = """标准号,标准名称,状态,发布日期,实施日期,废止日期,代替标准
GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01,,GB/T 19001-2008
GB/T 19001-2008,质量管理体系 要求,废止,2008-10-29,2009-03-01,2017-07-01,
DB37/T 2904-2016,足球训练基地建设规范,现行,2016-12-01,2017-01-01,,
GB 1234-2001,已废止无替代,废止,2001-01-01,2001-06-01,2010-01-01,
"""


class ValidityTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_csv(SEED)

    def post(self, payload, **params):
        url = "/api/v1/standards/validity/"
        if params:
            url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
        return self.client.post(url, payload, content_type="application/json")

    def test_it_reports_every_line_in_order(self):
        codes = [
            "gb/t 19001—2016",
            "GB/T 19001-2008",
            "GB/T 99999-2020",
            "not a code",
            "",
            "DB37/T 2904",
        ]
        data = self.post({"codes": codes}).json()
        rows = data["results"]
        self.assertEqual([r["line"] for r in rows], [1, 2, 3, 4, 6])
        self.assertEqual(rows[0]["code"], "GB/T 19001-2016")
        self.assertEqual((rows[0]["found"], rows[0]["status"]), (True, "current"))
        self.assertEqual(rows[1]["status"], "replaced")
        self.assertEqual(rows[1]["replaced_by"], ["GB/T 19001-2016"])
        self.assertEqual((rows[2]["found"], rows[2]["error"]), (False, "平台未收录该标准"))
        self.assertEqual(rows[2]["code"], "GB/T 99999-2020")
        self.assertFalse(rows[3]["found"])
        self.assertIsNone(rows[3]["code"])
        self.assertIn("无法识别", rows[3]["error"])
        self.assertEqual(rows[4]["code"], "DB37/T 2904-2016")
        self.assertEqual(
            data["summary"], {"total": 5, "found": 3, "not_found": 1, "invalid": 1, "current": 2}
        )

    def test_abolished_without_replacement_stays_abolished(self):
        row = self.post(["GB 1234-2001"]).json()["results"][0]
        self.assertEqual((row["status"], row["replaced_by"]), ("abolished", []))

    def test_a_code_without_year_means_the_current_edition(self):
        row = self.post({"codes": ["GB/T 19001"]}).json()["results"][0]
        self.assertEqual(row["code"], "GB/T 19001-2016")
        self.assertIn("现行版本", row["note"])

    def test_as_of_a_date_uses_the_dates(self):
        rows = self.post(
            {"codes": ["GB/T 19001-2008", "GB/T 19001-2016", "GB/T 19001"], "as_of": "2012-05-01"}
        ).json()["results"]
        self.assertEqual(rows[0]["status"], "current")
        self.assertEqual(rows[1]["status"], "not_issued")
        self.assertEqual(rows[2]["code"], "GB/T 19001-2008")

    def test_pasted_text_csv_and_xlsx_are_accepted(self):
        data = self.post({"text": "GB/T 19001-2016\nDB37/T 2904-2016"}).json()
        self.assertEqual(data["summary"]["found"], 2)
        response = self.client.post(
            "/api/v1/standards/validity/",
            "标准号\nGB/T 19001-2016\n".encode(),
            content_type="text/csv",
        )
        self.assertEqual(response.json()["summary"]["found"], 1)
        workbook = Workbook()
        workbook.active.append(["标准号", "备注"])
        workbook.active.append(["GB/T 19001-2016", "x"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        buffer.name = "codes.xlsx"
        response = self.client.post("/api/v1/standards/validity/", {"file": buffer})
        self.assertEqual(response.json()["summary"]["found"], 1)

    def test_binary_garbage_is_a_clear_4xx(self):
        response = self.client.post(
            "/api/v1/standards/validity/", os.urandom(4096), content_type="application/octet-stream"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("error", response.json())
        garbage = io.BytesIO(b"PK\x03\x04" + os.urandom(2000))
        garbage.name = "x.xlsx"
        response = self.client.post("/standards/validity/", {"file": garbage})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "无法读取文件", status_code=400)

    def test_bad_json_is_a_clear_4xx(self):
        for payload in ({"codes": "GB 1"}, {"as_of": "yesterday", "codes": []}, {}, 5):
            with self.subTest(payload=payload):
                self.assertEqual(self.post(payload).status_code, 400)
        response = self.client.post(
            "/api/v1/standards/validity/", b"{not json", content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)

    def test_10000_codes_are_accepted_and_10001_refused(self):
        codes = [f"GB/T {i}-2016" for i in range(1, 10_001)]
        data = self.post({"codes": codes}).json()
        self.assertEqual(data["summary"]["total"], 10_000)
        response = self.post({"codes": [*codes, "GB/T 19001-2016"]})
        self.assertEqual(response.status_code, 400)
        self.assertIn("10000", str(response.json()["error"]))

    def test_the_api_gives_excel(self):
        response = self.post({"codes": ["GB/T 19001-2008", "x"]}, output="xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        self.assertEqual(rows[0][2], "GB/T 19001-2008")
        self.assertEqual(rows[0][5], "被代替")
        self.assertEqual(rows[0][9], "GB/T 19001-2016")
        self.assertEqual(rows[1][3], "否")

    def test_the_excel_report_keeps_hostile_input_as_plain_text(self):
        response = self.post(
            {"codes": ['=HYPERLINK("http://evil.invalid","x")', "GB/T\x0819001-2016"]},
            output="xlsx",
        )
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        echoed = sheet.cell(row=3, column=2)
        self.assertEqual(echoed.data_type, "s")
        self.assertEqual(echoed.value, '=HYPERLINK("http://evil.invalid","x")')
        self.assertEqual(sheet.cell(row=4, column=2).value, "GB/T19001-2016")

    def test_the_page_checks_pasted_codes_and_downloads_excel(self):
        response = self.client.get("/standards/validity/")
        self.assertContains(response, "标准有效性确认")
        self.assertContains(response, 'href="/standards/validity/"')
        response = self.client.post(
            "/standards/validity/", {"text": "GB/T 19001-2008\n<b>bad</b>", "as_of": ""}
        )
        self.assertContains(response, "收录 1 条")
        self.assertContains(response, "GB/T 19001-2016")
        self.assertContains(response, "&lt;b&gt;bad&lt;/b&gt;")
        response = self.client.post(
            "/standards/validity/", {"text": "GB/T 19001-2008", "format": "xlsx"}
        )
        self.assertEqual(
            response["Content-Type"].split(";")[0],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def test_the_page_refuses_empty_input(self):
        response = self.client.post("/standards/validity/", {"text": "  "})
        self.assertContains(response, "请粘贴标准号或上传文件", status_code=400)


def test_the_cached_parse_agrees_with_parse_code():
    from catalog.codes import parse_code
    from catalog.validity import _parse

    for text in ("gb/t 19001-2016", "DB37/T 2904.2-2019", "GB 2760-2014/XG1-2020", "T/CAS 115"):
        code = parse_code(text)
        parsed, error = _parse(text)
        assert error == ""
        assert parsed == (code.key, code.base_key, code.year, code.format())
