"""Secondary fields do not sink a sound row: what cannot be used is set aside with a warning
naming line, column and what was done; only what makes the record wrong refuses the row."""

import datetime
import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from catalog.importer import commit_import, read_import_file
from catalog.lifecycle import standards_refresh_status
from catalog.models import Standard
from catalog.tests.test_import_services import csv_bytes
from core.models import AuditEvent
from reference.models import CcsClass
from testing.personas import PersonaTestCase

TODAY = datetime.date(2026, 6, 1)
HEADER = ["标准号", "标准名称", "标准类型", "状态", "发布日期", "实施日期", "废止日期", "CCS"]
# A catalog nobody here wrote: seismology (DB/T) and local (DB37…) side by side, with the
# defects real exports carry in their secondary fields.
SYNTHETIC = csv_bytes(
    [
        HEADER,
        ["DB/T 15-2009", "地震台站建设规范 地形变台站", "行业标准", "现行", "2009-07-01",
         "2009-10-01", "", "P15"],
        ["DB/T 6611-2023", "地震观测仪器 测试方法", "行业标准", "现行", "2023-01-01",
         "2023-07-01", "", "A49"],
        ["DB/T 18.2-2006", "地震台站观测环境技术要求", "行业标准", "废止", "2006-01-01",
         "2006-06-01", "2000-01-01", ""],
        ["DB37/T 2904-2019", "省级地方标准", "地方标准", "现行", "2019-01-01", "2019-02-01",
         "", ""],
        ["DB 37/T 2905-2019", "带空格的地方标准", "地方标准", "现行", "2019-01-01", "", "", ""],
        ["DB3708/T 1-2021", "济宁市地方标准", "地方标准", "现行", "2021-01-01", "", "", ""],
        ["DB37/ 1896-2003", "强制性地方标准", "地方标准", "现行", "2003-01-01", "", "", ""],
    ]
)  # fmt: skip


def today():
    return mock.patch("django.utils.timezone.localdate", return_value=TODAY)


class SyntheticCatalogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        CcsClass.objects.create(code="P", level=1, name="工程建设")
        CcsClass.objects.create(code="P15", level=3, parent_id="P", name="地震工程")

    def test_a_catalog_with_seismology_codes_imports_with_no_refused_rows(self):
        with today():
            preview = read_import_file(SYNTHETIC, "synthetic.csv")
            counts = commit_import(preview, actor=None)
        self.assertEqual((preview.errors, preview.rejected_lines), ([], set()))
        self.assertEqual(counts.created, 7)
        kinds = dict(Standard.objects.values_list("code", "kind"))
        self.assertEqual(
            kinds,
            {
                "DB/T 15-2009": "industry",
                "DB/T 6611-2023": "industry",
                "DB/T 18.2-2006": "industry",
                "DB37/T 2904-2019": "provincial",
                "DB37/T 2905-2019": "provincial",
                "DB3708/T 1-2021": "municipal",
                "DB37/ 1896-2003": "provincial",
            },
        )
        self.assertEqual(
            [str(w) for w in preview.warnings],
            [
                "第 3 行，CCS：CCS 分类号“A49”不存在，已忽略（原值已保留）",
                "第 4 行，废止日期：废止日期不能早于实施日期（2000-01-01），已忽略（原值已保留）",
            ],
        )
        unknown = Standard.objects.get(code="DB/T 6611-2023")
        self.assertEqual((unknown.ccs_id, unknown.raw_values), (None, {"ccs": "A49"}))
        self.assertEqual(Standard.objects.get(code="DB/T 15-2009").ccs_id, "P15")
        abolished = Standard.objects.get(code="DB/T 18.2-2006")
        self.assertEqual((abolished.status, abolished.abolish_date), ("abolished", None))

    def test_the_command_lists_the_warnings(self):
        path = self.settings_dir() / "synthetic.csv"
        path.write_bytes(SYNTHETIC)
        out, err = io.StringIO(), io.StringIO()
        with today():
            call_command("import_standards", str(path), stdout=out, stderr=err)
        self.assertIn(
            "提示 第 3 行，CCS：CCS 分类号“A49”不存在，已忽略（原值已保留）", out.getvalue()
        )
        self.assertEqual(err.getvalue(), "")
        self.assertEqual(Standard.objects.count(), 7)

    def settings_dir(self):
        import tempfile
        from pathlib import Path

        return Path(tempfile.mkdtemp(prefix="jining-import-"))


class PreviewWarningTests(PersonaTestCase):
    def test_the_web_preview_lists_the_warnings(self):
        self.login(self.city_officer)
        upload = SimpleUploadedFile("synthetic.csv", SYNTHETIC, content_type="text/csv")
        with today():
            response = self.client.post(reverse("catalog:import_upload"), {"file": upload})
            response = self.client.get(response["Location"])
        self.assertContains(response, "CCS 分类号“A49”不存在，已忽略（原值已保留）")
        self.assertContains(response, "有错误 0 行")


class StaleUpcomingTests(TestCase):
    def test_the_daily_roll_over_ends_an_upcoming_status_without_implement_date(self):
        issued = TODAY - datetime.timedelta(days=800)
        stale = Standard.objects.create(
            code="GB 44246-2024", code_key="GB44246-2024", base_key="GB44246", prefix="GB",
            kind="national", nature="mandatory", status="upcoming", title="电气部分",
            issue_date=issued,
        )  # fmt: skip
        fresh = Standard.objects.create(
            code="GB 1-2026", code_key="GB1-2026", base_key="GB1", prefix="GB", kind="national",
            nature="mandatory", status="upcoming", title="新", issue_date=TODAY,
        )  # fmt: skip
        self.assertEqual(standards_refresh_status(actor=None, today=TODAY), 1)
        stale.refresh_from_db()
        fresh.refresh_from_db()
        self.assertEqual((stale.status, fresh.status), ("current", "upcoming"))
        event = AuditEvent.objects.get(action="standard.status_refresh")
        self.assertEqual(event.object_id, str(stale.pk))
