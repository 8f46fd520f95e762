"""Exports read back through the importer: the same records in a fresh catalog, and no change
when imported into the catalog they came from."""

import csv
import datetime
import io
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.test import TestCase
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from openpyxl import load_workbook

from catalog.excel import EXPORT_COLUMNS, export_queryset, write_csv, write_xlsx
from catalog.importer import commit_import, read_import_file
from catalog.models import Standard, StandardReplacement
from core.models import AuditEvent
from directory.models import Organization
from reference.models import CcsClass, IcsClass
from testing.hypothesis import examples

DATA = Path(settings.BASE_DIR) / "data" / "standards"
TODAY = datetime.date(2026, 6, 1)

FIELDS = (
    "code", "kind", "nature", "status", "title", "title_en", "issue_date", "implement_date",
    "abolish_date", "review_confirmed_date", "issuing_body", "competent_department",
    "technical_committee", "ccs_id", "adopted_standard", "adoption_degree", "scope", "drafters",
    "plan_number", "source_id",
)  # fmt: skip


def fixed_today():
    return mock.patch("django.utils.timezone.localdate", return_value=TODAY)


def run_import(raw: bytes, name: str, **options):
    with fixed_today():
        preview = read_import_file(raw, name)
        return commit_import(preview, actor=None, **options)


def export(writer) -> bytes:
    return writer(export_queryset(Standard.objects.order_by("code_key")))


def catalog_snapshot() -> dict:
    """Everything an export carries, per standard, independent of primary keys."""
    snapshot = {}
    for standard in export_queryset(Standard.objects.all()):
        snapshot[standard.code_key] = (
            tuple(getattr(standard, f) for f in FIELDS),
            sorted(i.code for i in standard.ics.all()),
            [(u.name, u.role, u.organization_id) for u in standard.drafting_units.all()],
        )
    links = sorted(
        (link.old_code, link.new_code, link.is_partial, link.old_id is None, link.new_id is None)
        for link in StandardReplacement.objects.all()
    )
    return {"standards": snapshot, "links": links}


class RoundTripTests(TestCase):
    """The real sports and film catalogues plus one record using every exported column."""

    @classmethod
    def setUpTestData(cls):
        IcsClass.objects.create(code="97", level=1, name_en="Domestic")
        IcsClass.objects.create(code="97.220", level=2, parent_id="97", name_en="Sports")
        CcsClass.objects.create(code="Y", level=1, name="轻工")
        CcsClass.objects.create(code="Y50/59", level=2, parent_id="Y", name="体育用品")
        CcsClass.objects.create(code="Y55", level=3, parent_id="Y50/59", name="体育器材")
        cls.org = Organization.objects.create(name="济宁市体育局")
        run_import((DATA / "sports_standards.csv").read_bytes(), "sports.csv", skip_invalid=True)
        run_import((DATA / "film_documents.csv").read_bytes(), "film.csv", skip_invalid=True)
        full = io.StringIO()
        csv.writer(full).writerows(
            [
                ["标准号", "标准名称", "英文名称", "状态", "发布日期", "实施日期", "废止日期",
                 "复审确认日期", "代替标准", "被代替标准", "发布单位", "主管部门", "归口单位",
                 "ICS", "CCS", "采用国际标准", "采标程度", "起草单位", "参与起草单位", "起草人",
                 "范围", "计划号", "来源编号"],
                ["DB3708/T 12-2021", "=全民健身 “路径”, 设施", "Fitness, paths", "现行",
                 "2021-03-01", "2021-04-01", "2026-12-31", "2024-05-06",
                 "部分代替 DB3708/T 12-2015|DB3708/T 3-2010", "DB3708/T 12-2027",
                 "济宁市市场监督管理局", "济宁市体育局", "济宁市体育标准化技术委员会",
                 "97.220|97", "Y55", "ISO 20957-1:2013", "MOD", "", "济宁市体育局|某学院",
                 "张三|李四", "第一行\n第二行, 含逗号", "2020-37-08", "jn-12"],
            ]
        )  # fmt: skip
        run_import(full.getvalue().encode(), "full.csv")
        cls.snapshot = catalog_snapshot()

    def test_the_fixture_catalog_is_the_one_expected(self):
        self.assertEqual(len(self.snapshot["standards"]), 1338 + 176 + 1)
        fields, ics, units = self.snapshot["standards"]["DB3708/T12-2021"]
        record = dict(zip(FIELDS, fields, strict=True))
        self.assertEqual((record["kind"], record["status"]), ("municipal", "current"))
        self.assertEqual(record["review_confirmed_date"], datetime.date(2024, 5, 6))
        self.assertEqual((record["ccs_id"], record["source_id"]), ("Y55", "jn-12"))
        self.assertEqual(ics, ["97", "97.220"])
        self.assertEqual(
            units, [("济宁市体育局", "participant", self.org.pk), ("某学院", "participant", None)]
        )

    def assert_round_trip(self, writer, name):
        with fixed_today():
            preview = read_import_file(export(writer), name)
        events = AuditEvent.objects.count()
        counts = commit_import(preview, actor=None)
        self.assertEqual((counts.created, counts.updated, counts.unchanged), (0, 0, 1515))
        self.assertEqual(catalog_snapshot(), self.snapshot)
        self.assertEqual(AuditEvent.objects.count(), events)  # unchanged: nothing written

        Standard.objects.all().delete()  # a fresh catalog: links and drafting units go too
        self.assertEqual(StandardReplacement.objects.count(), 0)
        counts = commit_import(preview, actor=None)
        self.assertEqual(counts.created, 1515)
        self.assertEqual(catalog_snapshot(), self.snapshot)

    def test_an_xlsx_export_imports_into_a_fresh_catalog_and_back_unchanged(self):
        self.assert_round_trip(write_xlsx, "export.xlsx")

    def test_a_csv_export_imports_into_a_fresh_catalog_and_back_unchanged(self):
        self.assert_round_trip(write_csv, "export.csv")

    def test_the_xlsx_keeps_text_starting_with_an_equals_sign_as_text(self):
        # As Excel shows it (and the importer reads it): the cached value, not a formula.
        workbook = load_workbook(io.BytesIO(export(write_xlsx)), read_only=True, data_only=True)
        rows = {row[0]: row for row in workbook.worksheets[0].iter_rows(values_only=True)}
        self.assertEqual(rows["DB3708/T 12-2021"][1], "=全民健身 “路径”, 设施")

    def test_the_csv_export_is_utf8_with_a_byte_order_mark_for_excel(self):
        data = export(write_csv)
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"))
        header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        self.assertEqual(header, [label for label, _ in EXPORT_COLUMNS])


class ExportEdgeTests(TestCase):
    def test_control_characters_do_not_break_the_xlsx_export(self):
        Standard.objects.create(
            code="GB/T 1-2000", code_key="GB/T1-2000", base_key="GB/T1", prefix="GB",
            kind="national", nature="recommended", status="current", title="名称\x01\x08含控制符",
            scope="范围\x0b",
        )  # fmt: skip
        sheet = load_workbook(io.BytesIO(export(write_xlsx)), read_only=True).worksheets[0]
        row = list(sheet.iter_rows(values_only=True))[1]
        self.assertEqual(row[1], "名称含控制符")

    def test_an_empty_catalog_exports_just_the_header(self):
        for writer, name in ((write_xlsx, "e.xlsx"), (write_csv, "e.csv")):
            with self.subTest(name=name):
                data = export(writer)
                self.assertIn("只有表头", self._refusal(data, name))

    def _refusal(self, data, name):
        from catalog.importer import ImportFileError

        with self.assertRaises(ImportFileError) as caught:
            read_import_file(data, name)
        return str(caught.exception)


# A valid code of each kind; titles of printable text; dates in order.
CODES = st.one_of(
    st.builds("GB/T {}-{}".format, st.integers(1, 99999), st.integers(1980, 2026)),
    st.builds("GB {}.{}-{}".format, st.integers(1, 9999), st.integers(1, 20), st.integers(1980, 2026)),
    st.builds("GB/Z {}".format, st.integers(1, 99999)),
    st.builds("JB/T {}-{}".format, st.integers(1, 99999), st.integers(1990, 2026)),
    st.builds("DB37/T {}—{}".format, st.integers(1, 9999), st.integers(2000, 2026)),
    st.builds("DB3708/T {}-{}".format, st.integers(1, 999), st.integers(2000, 2026)),
    st.builds("T/{} {}-{}".format, st.from_regex(r"[A-Z]{2,8}", fullmatch=True), st.integers(1, 999), st.integers(2000, 2026)),
    st.builds("Q/{} {:03d}-{}".format, st.from_regex(r"JN[A-Z]{2,4}", fullmatch=True), st.integers(1, 999), st.integers(2000, 2026)),
)  # fmt: skip
TEXT = st.text(
    st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=60
).filter(str.strip)
# Scope text may hold anything a cell can: control characters, CR LF, lone surrogates aside.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
DATES = st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31))


@st.composite
def standard_rows(draw):
    issue = draw(DATES)
    implement = issue + datetime.timedelta(days=draw(st.integers(0, 400)))
    abolish = draw(
        st.none() | st.integers(0, 5000).map(lambda d: implement + datetime.timedelta(days=d))
    )
    return [
        draw(CODES),
        draw(TEXT),
        draw(st.sampled_from(["现行", "废止", "即将实施", ""])),
        issue.isoformat(),
        implement.isoformat(),
        abolish.isoformat() if abolish else "",
        draw(st.just("") | TEXT),
        draw(ANY_TEXT),
    ]


class RoundTripPropertyTests(HypothesisTestCase):
    @hypothesis_settings(
        max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(standard_rows(), st.sampled_from([(write_xlsx, "p.xlsx"), (write_csv, "p.csv")]))
    def test_any_valid_row_imports_and_round_trips_through_export(self, row, writer_and_name):
        header = [
            "标准号",
            "标准名称",
            "状态",
            "发布日期",
            "实施日期",
            "废止日期",
            "发布单位",
            "范围",
        ]
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, row])
        with fixed_today():
            preview = read_import_file(buffer.getvalue().encode(), "row.csv")
        self.assertEqual(preview.errors, [])
        run_import(buffer.getvalue().encode(), "row.csv")
        before = catalog_snapshot()
        self.assertEqual(len(before["standards"]), 1)
        writer, name = writer_and_name
        data = export(writer)
        counts = run_import(data, name)
        self.assertEqual((counts.created, counts.updated, counts.unchanged), (0, 0, 1))
        Standard.objects.all().delete()
        self.assertEqual(run_import(data, name).created, 1)
        self.assertEqual(catalog_snapshot(), before)
