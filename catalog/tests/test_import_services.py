"""Committing imports: the real sports catalogue, upsert by normalized code, audit, links."""

import csv
import datetime
import io
from pathlib import Path
from unittest import mock, skipUnless

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import TestCase

from catalog import services
from catalog.importer import commit_import, read_import_file
from catalog.models import (
    CatalogChange,
    Standard,
    StandardDraftingOrganization,
    StandardReplacement,
)
from core.models import AuditEvent
from directory.models import Organization
from reference.models import IcsClass

SPORTS = Path(settings.BASE_DIR) / "data" / "standards" / "sports_standards.csv"
TODAY = datetime.date(2026, 6, 1)


def fixed_today(day=TODAY):
    """Status follows the dates as of "today"; pin it so the expectations do not drift."""
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def run_import(raw: bytes, name: str = "file.csv", **options):
    with fixed_today():
        preview = read_import_file(raw, name)
        return preview, commit_import(preview, actor=None, **options)


def import_rows(header, *rows, **options):
    return run_import(csv_bytes([header, *rows]), **options)[1]


def links():
    return sorted(
        (
            link.old_code,
            link.new_code,
            link.is_partial,
            link.old_id is not None,
            link.new_id is not None,
        )
        for link in StandardReplacement.objects.all()
    )


class AllOrNothingTests(TestCase):
    def test_a_real_error_refuses_the_file_and_writes_nothing(self):
        raw = csv_bytes(
            [["标准号", "标准名称", "状态", "发布日期"], ["GB/T 1-2020", "甲", "现行", "2020-01-01"],
             ["GB/T 2-2020", "乙", "现行", "2025-13-45"]]
        )  # fmt: skip
        with fixed_today():
            preview = read_import_file(raw, "bad.csv")
            with self.assertRaises(ValidationError) as caught:
                commit_import(preview, actor=None)
        self.assertEqual(caught.exception.messages, ["文件有 1 行未通过校验，未导入任何数据"])
        self.assertEqual(
            [str(p) for p in preview.errors],
            ["第 3 行，发布日期：日期“2025-13-45”无效，请写成 2024-01-31 的形式"],
        )
        self.assertEqual((Standard.objects.count(), AuditEvent.objects.count()), (0, 0))


class SportsCatalogueImportTests(TestCase):
    """The whole file on an empty catalog, as `make run` loads the demo data: no row refused.

    The file has 1,339 data rows (lines 2–1340). 1,338 standards result:
    - line 665 (T/HSCA 001-2017) repeats line 664 (printed "T/HSCA 001.—2017"): the same
      normalized code with identical content, so it is merged into its twin with a warning.
    - line 1083 (DB51/T 1012-2010) is kept: its abolish date 2000-01-01 (a placeholder, before
      its implementation on 2010-03-01) is set aside with a warning.
    """

    @classmethod
    def setUpTestData(cls):
        cls.raw = SPORTS.read_bytes()
        cls.preview, cls.counts = run_import(cls.raw, SPORTS.name)

    def test_it_imports_every_row_with_the_warnings_listed(self):
        self.assertEqual(self.preview.total_rows, 1339)
        self.assertEqual((self.preview.errors, self.preview.rejected_lines), ([], set()))
        self.assertIn(
            "第 1083 行，废止日期：废止日期不能早于实施日期（2000-01-01），已忽略（原值已保留）",
            [str(w) for w in self.preview.warnings],
        )
        standard = Standard.objects.get(code="DB51/T 1012-2010")
        self.assertEqual(
            (standard.abolish_date, standard.raw_values), (None, {"abolish_date": "2000-01-01"})
        )
        merged = [str(w) for w in self.preview.warnings if "已合并" in w.message]
        self.assertEqual(
            merged,
            ["第 665 行，标准号：与第 664 行是同一标准（T/HSCA 001-2017），内容相同，已合并"],
        )
        self.assertEqual(
            (self.counts.created, self.counts.updated, self.counts.unchanged), (1338, 0, 0)
        )
        self.assertEqual(Standard.objects.count(), 1338)

    def test_it_audits_every_created_standard_and_the_import(self):
        """Creations are audited per chunk: each event names the file and the codes it created."""
        created = AuditEvent.objects.filter(action="standard.import_create")
        codes = [code for event in created for code in event.changes["extra"]["codes"]]
        self.assertEqual(len(codes), 1338)
        self.assertEqual(set(codes), set(Standard.objects.values_list("code", flat=True)))
        self.assertEqual({e.changes["extra"]["file"] for e in created}, {SPORTS.name})
        summary = AuditEvent.objects.get(action="catalog.import")
        self.assertEqual(summary.changes["extra"]["created"], 1338)
        self.assertEqual(summary.changes["extra"]["rows"], 1338)
        self.assertEqual(summary.actor_label, "系统")

    def test_codes_are_stored_in_their_canonical_form(self):
        standard = Standard.objects.get(code_key="DB37/T4928-2025")  # printed "DB37/T 4928—2025"
        self.assertEqual(
            (standard.code, standard.kind, standard.nature),
            ("DB37/T 4928-2025", "provincial", "recommended"),
        )
        self.assertEqual(standard.source, SPORTS.name)
        self.assertIsNotNone(standard.imported_at)

    def test_status_is_derived_from_the_dates_as_of_today(self):
        def status(code):
            return Standard.objects.get(code=code).status

        self.assertEqual(status("TY/T 3501.6-2024"), "current")  # implemented 2025-01-01
        self.assertEqual(
            status("TY/T 2006-2025"), "upcoming"
        )  # 现行 in the file, implemented 2026-07-01
        self.assertEqual(
            status("DB42/T 1931-2022"), "current"
        )  # 废止 in the file, abolished 2026-06-09
        self.assertEqual(status("DB2306/T 174-2023"), "abolished")  # abolished 2025-06-17
        self.assertEqual(status("GB 44246-2024"), "upcoming")  # 即将实施, no dates
        self.assertEqual(status("GB/T 19851.11-2005"), "abolished")  # 废止 without an abolish date

    def test_status_changes_when_today_passes_a_date(self):
        with fixed_today(datetime.date(2026, 12, 1)):
            preview = read_import_file(self.raw, SPORTS.name)
            counts = commit_import(preview, actor=None, skip_invalid=True)
        standard = Standard.objects.get(code="DB44/T 2598-2024")  # abolished on 2026-11-30
        self.assertEqual(standard.status, "abolished")
        event = AuditEvent.objects.get(action="standard.import_update", object_id=str(standard.pk))
        self.assertEqual(event.changes["fields"], {"status": ["current", "abolished"]})
        self.assertGreater(counts.updated, 0)

    def test_replacement_links_come_from_the_file_and_committee_codes_are_warnings(self):
        link = StandardReplacement.objects.get(old_code="GB 19272-2003", new_code="GB 19272-2011")
        self.assertEqual((link.old.code, link.new.code), ("GB 19272-2003", "GB 19272-2011"))
        self.assertFalse(StandardReplacement.objects.filter(new_code__startswith="TC").exists())
        warnings = [str(w) for w in self.preview.warnings]
        self.assertIn("第 15 行，被代替标准：已忽略“TC291”：", "\n".join(warnings))
        self.assertIn("第 85 行，被代替标准：已忽略：标准不能代替自身", warnings)

    def test_importing_the_same_file_again_changes_nothing(self):
        standards = list(
            Standard.objects.values_list("code_key", "title", "status", "updated_at", "imported_at")
        )
        replacement_links = links()
        events = AuditEvent.objects.count()
        _preview, counts = run_import(self.raw, SPORTS.name)
        self.assertEqual((counts.created, counts.updated, counts.unchanged), (0, 0, 1338))
        self.assertEqual(
            list(
                Standard.objects.values_list(
                    "code_key", "title", "status", "updated_at", "imported_at"
                )
            ),
            standards,
        )
        self.assertEqual(links(), replacement_links)
        # Nothing changed, so nothing is written (not even an audit row): no write lock taken.
        self.assertEqual(AuditEvent.objects.count(), events)


HEADER = [
    "标准号",
    "标准名称",
    "状态",
    "发布日期",
    "ICS",
    "起草单位",
    "参与起草单位",
    "代替标准",
    "被代替标准",
]


UNITS_AND_LINK = ["济宁市体育局|某研究院", "", "GB/T 1-2010", ""]


@skipUnless(connection.vendor == "postgresql", "COPY is PostgreSQL's")
class CopyPathTests(TestCase):
    """PostgreSQL takes new rows through COPY; the multi-row INSERT stays for other databases.
    The same file through either path leaves the same records, outbox rows and audit events."""

    WRITTEN_AT = ("id", "created_at", "updated_at", "imported_at")

    def imported_with(self, copy: bool):
        with transaction.atomic(), mock.patch.object(services, "_copy_new_rows", lambda: copy):
            counts = run_import(SPORTS.read_bytes(), SPORTS.name)[1]
            more = import_rows(
                HEADER,
                [*["GB/T 1-2020", "甲", "现行", "2020-01-01", "97.220"], *UNITS_AND_LINK],
                ["GB/T 2-2020", "乙", "现行", "2020-01-01", "", "", "", "", "GB/T 1-2020"],
            )
            standards = {
                row["code_key"]: {k: v for k, v in row.items() if k not in self.WRITTEN_AT}
                for row in Standard.objects.values()
            }
            related = (
                sorted(Standard.ics.through.objects.values_list("standard__code_key", "icsclass")),
                sorted(
                    StandardDraftingOrganization.objects.values_list(
                        "standard__code_key", "position", "name", "role", "organization"
                    )
                ),
                links(),
                sorted(CatalogChange.objects.values_list("kind", "code_key")),
                sorted(
                    code
                    for event in AuditEvent.objects.filter(action="standard.import_create")
                    for code in event.changes["extra"]["codes"]
                ),
            )
            transaction.set_rollback(True)
        return (counts.__dict__, more.__dict__), standards, related

    def test_copy_and_insert_write_the_same_rows(self):
        IcsClass.objects.create(code="97", level=1, name_en="Domestic", name_zh="家用")
        IcsClass.objects.create(code="97.220", level=2, parent_id="97", name_en="Sports")
        Organization.objects.create(name="济宁市体育局")
        by_insert, by_copy = self.imported_with(copy=False), self.imported_with(copy=True)
        self.assertEqual((by_copy[0][0]["created"], by_copy[0][1]["created"]), (1338, 2))
        self.assertEqual(by_copy[0], by_insert[0])
        self.assertEqual(len(by_copy[1]), 1340)
        self.assertEqual(by_copy[1], by_insert[1])
        self.assertEqual(by_copy[2], by_insert[2])
        self.assertTrue(all(by_copy[2][:2]), "the file has ICS codes and drafting units")


@skipUnless(connection.vendor == "postgresql", "the statistics are PostgreSQL's")
class PlannerStatisticsTests(TestCase):
    def test_a_bulk_import_refreshes_the_statistics_of_the_catalog_table(self):
        """Else the planner takes the loaded table for the empty one it last saw (autovacuum
        may be late or off) and scans it whole for a list of keys."""
        with mock.patch.object(services, "ANALYZE_AFTER", 1000):
            run_import(SPORTS.read_bytes(), SPORTS.name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'catalog_standard'")
            self.assertEqual(cursor.fetchone()[0], 1338)


class UpsertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        IcsClass.objects.create(code="97", level=1, name_en="Domestic", name_zh="家用")
        IcsClass.objects.create(code="97.220", level=2, parent_id="97", name_en="Sports")
        IcsClass.objects.create(code="97.220.10", level=3, parent_id="97.220", name_en="Facilities")
        cls.org = Organization.objects.create(name="济宁市体育局")
        import_rows(
            HEADER,
            [
                "GB/T 1-2020",
                "原名称",
                "现行",
                "2020-01-01",
                "97.220",
                "济宁市体育局|某研究院",
                "",
                "",
                "",
            ],
            ["GB/T 2-2020", "不变", "现行", "2020-01-01", "", "", "", "", ""],
        )
        cls.standard = Standard.objects.get(code="GB/T 1-2020")

    def test_a_changed_title_updates_the_record_and_audits_before_and_after(self):
        before_updated = Standard.objects.get(code="GB/T 2-2020").updated_at
        counts = import_rows(
            HEADER,
            [
                "gb/t 1—2020",
                "新名称",
                "现行",
                "2020-01-01",
                "97.220",
                "济宁市体育局|某研究院",
                "",
                "",
                "",
            ],
            ["GB/T 2-2020", "不变", "现行", "2020-01-01", "", "", "", "", ""],
        )
        self.assertEqual((counts.created, counts.updated, counts.unchanged), (0, 1, 1))
        self.standard.refresh_from_db()
        self.assertEqual(self.standard.title, "新名称")
        event = AuditEvent.objects.get(action="standard.import_update")
        self.assertEqual(event.object_id, str(self.standard.pk))
        self.assertEqual(event.changes["fields"], {"title": ["原名称", "新名称"]})
        self.assertEqual(event.changes["extra"]["ics"], False)
        self.assertEqual(Standard.objects.get(code="GB/T 2-2020").updated_at, before_updated)

    def test_a_changed_ics_list_updates_the_record(self):
        counts = import_rows(
            HEADER,
            [
                "GB/T 1-2020",
                "原名称",
                "现行",
                "2020-01-01",
                "97.220.10;97",
                "济宁市体育局|某研究院",
                "",
                "",
                "",
            ],
        )
        self.assertEqual(counts.updated, 1)
        self.assertEqual(
            sorted(self.standard.ics.values_list("code", flat=True)), ["97", "97.220.10"]
        )
        event = AuditEvent.objects.get(action="standard.import_update")
        self.assertEqual((event.changes["fields"], event.changes["extra"]["ics"]), ({}, True))

    def test_the_same_ics_codes_in_another_order_change_nothing(self):
        IcsClass.objects.get(code="97")
        import_rows(HEADER, ["GB/T 3-2020", "三", "现行", "", "97;97.220", "", "", "", ""])
        counts = import_rows(HEADER, ["GB/T 3-2020", "三", "现行", "", "97.220|97", "", "", "", ""])
        self.assertEqual(counts.unchanged, 1)

    def test_drafting_units_keep_their_order_lead_first_and_link_known_organizations(self):
        units = list(
            self.standard.drafting_units.values_list("position", "name", "role", "organization")
        )
        self.assertEqual(
            units, [(1, "济宁市体育局", "lead", self.org.pk), (2, "某研究院", "participant", None)]
        )

    def test_drafting_units_link_only_on_the_exact_name(self):
        import_rows(
            HEADER, ["GB/T 4-2020", "四", "现行", "", "", "济宁市体育局 ", "济宁体育局", "", ""]
        )
        units = StandardDraftingOrganization.objects.filter(standard__code="GB/T 4-2020")
        self.assertEqual(
            list(units.values_list("name", "organization")),
            [("济宁市体育局", self.org.pk), ("济宁体育局", None)],
        )

    def test_reordered_drafting_units_update_the_record(self):
        counts = import_rows(
            HEADER,
            [
                "GB/T 1-2020",
                "原名称",
                "现行",
                "2020-01-01",
                "97.220",
                "某研究院",
                "济宁市体育局",
                "",
                "",
            ],
        )
        self.assertEqual(counts.updated, 1)
        self.assertEqual(
            list(self.standard.drafting_units.values_list("name", "role")),
            [("某研究院", "lead"), ("济宁市体育局", "participant")],
        )
        event = AuditEvent.objects.get(action="standard.import_update")
        self.assertTrue(event.changes["extra"]["drafting_units"])

    def test_a_refused_file_changes_nothing(self):
        events = AuditEvent.objects.count()
        with self.assertRaises(ValidationError):
            import_rows(
                HEADER,
                ["GB/T 1-2020", "改名", "现行", "", "", "", "", "", ""],
                ["GB/T 9-2020", "坏日期", "现行", "2025-13-45", "", "", "", "", ""],
            )
        self.assertEqual(Standard.objects.get(pk=self.standard.pk).title, "原名称")
        self.assertEqual((Standard.objects.count(), AuditEvent.objects.count()), (2, events))


class ReplacementLinkTests(TestCase):
    def test_links_come_from_both_columns_with_partial_replacement(self):
        import_rows(
            HEADER,
            ["GB/T 1-2010", "新", "现行", "", "", "", "", "部分代替 GB/T 1-2000|GB/T 7-1999", ""],
            ["GB/T 5-2000", "旧", "废止", "", "", "", "", "", "GB/T 5-2010"],
        )
        self.assertEqual(
            links(),
            [
                ("GB/T 1-2000", "GB/T 1-2010", True, False, True),
                ("GB/T 5-2000", "GB/T 5-2010", False, True, False),
                ("GB/T 7-1999", "GB/T 1-2010", False, False, True),
            ],
        )

    def test_a_dangling_link_resolves_when_the_replaced_standard_arrives_later(self):
        import_rows(HEADER, ["GB/T 1-2010", "新", "现行", "", "", "", "", "GB/T 1-2000", ""])
        import_rows(HEADER, ["GB/T 1-2000", "旧", "废止", "", "", "", "", "", ""])
        link = StandardReplacement.objects.get()
        self.assertEqual((link.old.code, link.new.code), ("GB/T 1-2000", "GB/T 1-2010"))

    def test_a_dangling_link_resolves_when_the_replacing_standard_arrives_later(self):
        import_rows(HEADER, ["GB/T 1-2000", "旧", "废止", "", "", "", "", "", "GB/T 1-2010"])
        import_rows(HEADER, ["GB/T 1-2010", "新", "现行", "", "", "", "", "", ""])
        link = StandardReplacement.objects.get()
        self.assertEqual((link.old.code, link.new.code), ("GB/T 1-2000", "GB/T 1-2010"))

    def test_both_sides_declaring_the_same_link_make_one_link(self):
        import_rows(
            HEADER,
            ["GB/T 1-2010", "新", "现行", "", "", "", "", "GB/T 1-2000", ""],
            ["GB/T 1-2000", "旧", "废止", "", "", "", "", "", "GB/T 1-2010"],
        )
        self.assertEqual(links(), [("GB/T 1-2000", "GB/T 1-2010", False, True, True)])

    def test_sides_disagreeing_on_partial_in_one_file_do_not_crash_the_import(self):
        # Regression: the second declaration used to save() the not-yet-created link.
        import_rows(
            HEADER,
            ["GB/T 1-2010", "新", "现行", "", "", "", "", "部分代替 GB/T 1-2000", ""],
            ["GB/T 1-2000", "旧", "废止", "", "", "", "", "", "GB/T 1-2010"],
        )
        self.assertEqual(StandardReplacement.objects.count(), 1)

    def test_one_cell_naming_a_code_whole_and_partial_does_not_crash_the_import(self):
        import_rows(
            HEADER,
            ["GB/T 1-2010", "新", "现行", "", "", "", "", "GB/T 1-2000|GB/T 1-2000(部分)", ""],
        )
        self.assertEqual(links(), [("GB/T 1-2000", "GB/T 1-2010", True, False, True)])

    def test_a_later_file_can_change_a_link_to_partial(self):
        import_rows(HEADER, ["GB/T 1-2010", "新", "现行", "", "", "", "", "GB/T 1-2000", ""])
        import_rows(
            HEADER, ["GB/T 1-2010", "新", "现行", "", "", "", "", "部分代替 GB/T 1-2000", ""]
        )
        self.assertEqual(links(), [("GB/T 1-2000", "GB/T 1-2010", True, False, True)])

    def test_self_replacement_and_committee_codes_are_warnings_not_errors(self):
        preview, counts = run_import(
            csv_bytes(
                [HEADER, ["GB/T 1-2010", "新", "现行", "", "", "", "", "GB/T 1-2010", "TC291"]]
            )
        )
        self.assertEqual((preview.errors, counts.created), ([], 1))
        self.assertEqual(
            sorted((w.line, w.column) for w in preview.warnings),
            [(2, "代替标准"), (2, "被代替标准")],
        )
        self.assertEqual(StandardReplacement.objects.count(), 0)

    def test_links_are_not_duplicated_by_a_second_import(self):
        rows = [["GB/T 1-2010", "新", "现行", "", "", "", "", "GB/T 1-2000", "GB/T 1-2020"]]
        import_rows(HEADER, *rows)
        first = links()
        import_rows(HEADER, *rows)
        self.assertEqual(links(), first)
        self.assertEqual(len(first), 2)
