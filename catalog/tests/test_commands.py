"""`manage.py import_standards` and `export_standards`: what they print, write and refuse."""

import csv
import datetime
import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase
from openpyxl import load_workbook

from catalog.models import Standard
from core.models import AuditEvent

HEADER = ["code", "title", "status", "issueDate", "implementDate", "category"]
GOOD = ["GB/T 1-2000", "甲", "现行", "2000-01-01", "2000-06-01", "综合"]
OTHER = ["DB37/T 2-2019", "乙", "现行", "2019-01-01", "", "综合"]
BAD_DATE = ["GB/T 3-2001", "丙", "现行", "2021-02-30", "", "综合"]


class CommandTestCase(TestCase):
    def setUp(self):
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        self.dir = Path(directory.name)
        patcher = mock.patch(
            "django.utils.timezone.localdate", return_value=datetime.date(2026, 6, 1)
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def write(self, name: str, rows) -> Path:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path = self.dir / name
        path.write_text(buffer.getvalue(), encoding="utf-8")
        return path

    def call(self, *args, **options) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command(*args, stdout=out, stderr=err, **options)
        return out.getvalue(), err.getvalue()

    def state(self):
        return (
            list(Standard.objects.values_list("code_key", "title", "updated_at")),
            AuditEvent.objects.count(),
        )


class ImportCommandTests(CommandTestCase):
    def test_it_imports_a_file_and_reports_the_counts(self):
        path = self.write("list.csv", [HEADER, GOOD, OTHER])
        out, err = self.call("import_standards", str(path))
        self.assertIn("list.csv：共 2 行，通过校验 2 行，有错误 0 行，提示 0 条", out)
        self.assertIn("未使用的列：category", out)
        self.assertIn("导入完成：新增 2，更新 0，未变化 0", out)
        self.assertEqual(err, "")
        self.assertEqual(
            sorted(Standard.objects.values_list("code", "source")),
            [("DB37/T 2-2019", "list.csv"), ("GB/T 1-2000", "list.csv")],
        )

    def test_running_it_again_changes_nothing(self):
        path = self.write("list.csv", [HEADER, GOOD, OTHER])
        self.call("import_standards", str(path))
        before = self.state()
        out, _err = self.call("import_standards", str(path))
        self.assertIn("导入完成：新增 0，更新 0，未变化 2", out)
        standards, events = self.state()
        # Nothing changed, so nothing is written (not even an audit row): no write lock taken.
        self.assertEqual((standards, events), before)

    def test_a_file_with_a_bad_row_is_refused_with_the_row_listed_and_nothing_written(self):
        path = self.write("bad.csv", [HEADER, GOOD, BAD_DATE])
        with self.assertRaises(CommandError) as caught:
            self.call("import_standards", str(path))
        self.assertEqual(
            str(caught.exception),
            "有 1 行未通过校验，未导入任何数据；修正后重试，或用 --skip-invalid 只导入通过校验的行",
        )
        self.assertEqual(self.state(), ([], 0))

    def test_errors_go_to_stderr_by_line_and_column(self):
        path = self.write("bad.csv", [HEADER, GOOD, BAD_DATE])
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_standards", str(path), stdout=io.StringIO(), stderr=err)
        self.assertEqual(
            err.getvalue(),
            "错误 第 3 行，发布日期：日期“2021-02-30”无效，请写成 2024-01-31 的形式\n",
        )

    def test_skip_invalid_imports_the_good_rows_and_names_the_skipped(self):
        path = self.write("bad.csv", [HEADER, GOOD, BAD_DATE])
        out, err = self.call("import_standards", str(path), skip_invalid=True)
        self.assertIn("第 3 行，发布日期", err)
        self.assertIn("导入完成：新增 1，更新 0，未变化 0，跳过 1 行", out)
        self.assertEqual(list(Standard.objects.values_list("code", flat=True)), ["GB/T 1-2000"])

    def test_dry_run_reports_and_writes_nothing(self):
        path = self.write("list.csv", [HEADER, GOOD, BAD_DATE])
        out, err = io.StringIO(), io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("import_standards", str(path), dry_run=True, stdout=out, stderr=err)
        self.assertIn("有 1 行未通过校验", str(caught.exception))
        self.assertIn("共 2 行，通过校验 1 行，有错误 1 行", out.getvalue())
        self.assertIn("第 3 行", err.getvalue())
        self.assertEqual(self.state(), ([], 0))

    def test_dry_run_of_a_clean_file_succeeds_and_writes_nothing(self):
        path = self.write("list.csv", [HEADER, GOOD])
        out, _err = self.call("import_standards", str(path), dry_run=True)
        self.assertIn("共 1 行，通过校验 1 行，有错误 0 行", out)
        self.assertIn("试运行（--dry-run）：未写入任何数据", out)
        self.assertEqual(self.state(), ([], 0))

    def test_a_file_level_error_becomes_a_command_error_with_the_chinese_message(self):
        path = self.dir / "broken.csv"
        path.write_text('code,title,status\nGB/T 1-2000,"未闭合,现行\n', encoding="utf-8")
        with self.assertRaises(CommandError) as caught:
            self.call("import_standards", str(path))
        self.assertIn("第 2 行起的 CSV 格式有误", str(caught.exception))
        self.assertEqual(self.state(), ([], 0))

    def test_a_missing_file_is_a_command_error(self):
        with self.assertRaises(CommandError) as caught:
            self.call("import_standards", str(self.dir / "nope.csv"))
        self.assertEqual(str(caught.exception), f"找不到文件：{self.dir / 'nope.csv'}")

    def test_warnings_are_printed_and_the_source_can_be_named(self):
        path = self.write("w.csv", [[*HEADER, "replacedBy"], [*GOOD, "TC291"]])
        out, _err = self.call("import_standards", str(path), source="体育平台")
        self.assertIn("提示 第 2 行，被代替标准：已忽略“TC291”", out)
        self.assertEqual(Standard.objects.get().source, "体育平台")

    def test_max_errors_limits_the_listing(self):
        rows = [HEADER] + [[f"坏{i}", "x", "现行", "", "", ""] for i in range(5)]
        path = self.write("many.csv", rows)
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_standards", str(path), max_errors=2, stdout=io.StringIO(), stderr=err
            )
        lines = err.getvalue().splitlines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines[-1], "……另有 3 条错误未列出")


class ExportCommandTests(CommandTestCase):
    def setUp(self):
        super().setUp()
        self.call(
            "import_standards",
            str(
                self.write(
                    "seed.csv", [HEADER, GOOD, OTHER, ["T/CAS 3-2020", "丙", "废止", "", "", ""]]
                )
            ),
        )

    def test_it_exports_xlsx_and_reports_the_count(self):
        target = self.dir / "out.xlsx"
        out, _err = self.call("export_standards", str(target))
        self.assertEqual(out.strip(), f"已导出 3 条到 {target}")
        sheet = load_workbook(target, read_only=True).worksheets[0]
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(codes, ["DB37/T 2-2019", "GB/T 1-2000", "T/CAS 3-2020"])

    def test_it_exports_only_the_filtered_standards(self):
        target = self.dir / "out.csv"
        out, _err = self.call("export_standards", str(target), kind="national")
        self.assertIn("已导出 1 条", out)
        out, _err = self.call("export_standards", str(target), status="abolished")
        self.assertIn("已导出 1 条", out)
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        self.assertEqual([r[0] for r in rows[1:]], ["T/CAS 3-2020"])

    def test_an_export_imported_back_changes_nothing(self):
        for name in ("out.xlsx", "out.csv"):
            with self.subTest(name=name):
                target = self.dir / name
                self.call("export_standards", str(target))
                before = self.state()
                out, _err = self.call("import_standards", str(target))
                self.assertIn("新增 0，更新 0，未变化 3", out)
                self.assertEqual(self.state()[0], before[0])

    def test_it_refuses_other_extensions_and_bad_filters(self):
        with self.assertRaises(CommandError) as caught:
            self.call("export_standards", str(self.dir / "out.pdf"))
        self.assertEqual(str(caught.exception), "输出文件的扩展名应为 .xlsx 或 .csv")
        with self.assertRaises(CommandError) as caught:
            self.call("export_standards", str(self.dir / "out.csv"), kind="planet")
        self.assertIn("筛选条件有误", str(caught.exception))
        self.assertFalse((self.dir / "out.csv").exists())
