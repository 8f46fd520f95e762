"""The daily export: every format holds exactly the public records with their database values,
the dictionary describes every column, the manifest's checksums are the files', and a set is
published whole or not at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone

from catalog.models import Standard
from catalog.services import standard_save
from core.models import AuditEvent
from opendata import datasets as datasets_module
from opendata import store, writers
from opendata.datasets import Column, computed
from opendata.services import open_data_export
from opendata.tests.helpers import (
    SECRET,
    OpenDataTestCase,
    raw_text,
    read_csv,
    read_jsonl,
    read_xlsx,
)


def expected_standard(standard: Standard) -> dict:
    """What the catalog dataset must say about a standard, read from the database here (not
    through the export's own code)."""
    standard.refresh_from_db()
    return {
        "code": standard.code,
        "code_key": standard.code_key,
        "title": standard.title,
        "title_en": standard.title_en,
        "kind": standard.kind,
        "kind_label": standard.get_kind_display(),
        "nature": standard.nature,
        "status": standard.status,
        "status_label": standard.get_status_display(),
        "issue_date": standard.issue_date.isoformat() if standard.issue_date else None,
        "implement_date": standard.implement_date.isoformat() if standard.implement_date else None,
        "ics": sorted(c.code for c in standard.ics.all()),
        "ccs": standard.ccs_id,
        "drafters": standard.drafters,
        "replaces": [link.old_code for link in standard.replaces_links.all()],
        "replaced_by": [link.new_code for link in standard.replaced_by_links.all()],
        "drafting_units": [u.name for u in standard.drafting_units.order_by("position")],
        "updated_at": timezone.localtime(standard.updated_at).isoformat(),
        "url": f"{settings.SITE_URL}/standards/{standard.code_key}/",
    }


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


class ExportContentTests(OpenDataTestCase):
    def export(self):
        return open_data_export(directory=self.root)

    def test_each_format_holds_exactly_the_public_catalog_with_its_values(self):
        folder = self.export().folder
        public = Standard.objects.filter(is_public=True).order_by("code_key")
        expected = [expected_standard(s) for s in public]
        records = read_jsonl(folder / "standards.jsonl.gz")
        self.assertEqual([r["code_key"] for r in records], [e["code_key"] for e in expected])
        for record, want in zip(records, expected, strict=True):
            self.assertEqual({k: record[k] for k in want}, want)
        header, rows = read_csv(folder / "standards.csv.gz")
        self.assertEqual(header, list(records[0]))
        for row, record in zip(rows, records, strict=True):
            self.assertEqual(row, {k: as_text(v) for k, v in record.items()})
        _headers, cells = read_xlsx(folder / "standards.xlsx")
        self.assertEqual(len(cells), len(records))
        for row, record in zip(cells, records, strict=True):
            values = [v.date().isoformat() if isinstance(v, dt.datetime) else v for v in row]
            self.assertEqual(values, [as_text(v) or None for v in record.values()])

    def test_a_formula_looking_title_cannot_run_in_a_spreadsheet_and_reads_back_whole(self):
        folder = self.export().folder
        self.assertIn(""","'=HYPERLINK""", raw_text(folder / "standards.csv.gz"))
        record = next(
            r for r in read_jsonl(folder / "standards.jsonl.gz") if r["code"] == "T/JNBZ 1-2025"
        )
        self.assertEqual(record["title"], self.formula.title)
        self.assertNotIn("<f>", raw_text(folder / "standards.xlsx"))

    def test_the_non_public_record_is_in_no_file(self):
        folder = self.export().folder
        for path in folder.iterdir():
            text = path.read_text() if path.suffix == ".json" else raw_text(path)
            with self.subTest(file=path.name):
                self.assertNotIn(SECRET, text)
                self.assertNotIn("尚未公开", text)

    def test_the_municipal_dataset_holds_the_city_standards_with_their_projects(self):
        folder = self.export().folder
        records = read_jsonl(folder / "municipal.jsonl.gz")
        self.assertEqual([r["code"] for r in records], ["DB3708/T 001-2026"])
        record = records[0]
        self.assertEqual(record["project_plan_number"], "2025-003")
        self.assertEqual(record["project_year"], 2025)
        self.assertEqual(record["project_plan_issued_on"], "2025-04-01")
        self.assertEqual(record["project_filing_number"], "备 12345-2026")
        self.assertEqual(record["project_filing_date"], "2026-01-20")
        self.assertEqual(record["project_review_due"], "2031-02-05")
        self.assertEqual(record["implement_date"], "2026-02-05")
        self.assertEqual(
            record["full_text_url"], f"{settings.SITE_URL}/standards/DB3708/T001-2026/full-text/"
        )
        self.assertEqual(
            record["project_url"],
            f"{settings.SITE_URL}/local-standards/projects/{self.project.pk}/",
        )
        _header, rows = read_csv(folder / "municipal.csv.gz")
        self.assertEqual([r["project_plan_number"] for r in rows], ["2025-003"])
        self.assertEqual(len(read_xlsx(folder / "municipal.xlsx")[1]), 1)

    def test_the_dictionary_describes_every_column_of_every_file(self):
        result = self.export()
        folder = result.folder
        dictionary = json.loads((folder / "dictionary.json").read_text())
        for entry in dictionary["datasets"]:
            with self.subTest(dataset=entry["key"]):
                names = [f["name"] for f in entry["fields"]]
                labels = [f["label"] for f in entry["fields"]]
                header, _rows = read_csv(folder / f"{entry['key']}.csv.gz")
                self.assertEqual(header, names)
                self.assertEqual(list(read_jsonl(folder / f"{entry['key']}.jsonl.gz")[0]), names)
                self.assertEqual(read_xlsx(folder / f"{entry['key']}.xlsx")[0], [labels])
                for field in entry["fields"]:
                    self.assertTrue(field["description"].strip(), field["name"])
                    self.assertTrue(field["type_note"], field["name"])
                self.assertEqual(
                    entry["files"],
                    [f"{entry['key']}.csv.gz", f"{entry['key']}.jsonl.gz", f"{entry['key']}.xlsx"],
                )
        fields = {f["name"]: f for f in dictionary["datasets"][0]["fields"]}
        self.assertIn({"value": "abolished", "label": "废止"}, fields["status"]["choices"])
        first = read_jsonl(folder / "standards.jsonl.gz")[0]
        self.assertEqual(fields["code"]["example"], first["code"])
        self.assertEqual(fields["ics"]["example"], ["01.120", "03.120.10"])
        self.assertEqual(fields["code"]["description"], "标准号：规范印刷形式，如 GB/T 19001-2016")

    def test_the_manifest_lists_every_file_with_its_rows_size_and_checksum(self):
        result = self.export()
        manifest = result.manifest
        self.assertEqual(set(manifest), {"generated_at", "files"})
        names = {f["name"] for f in manifest["files"]}
        self.assertEqual(
            names,
            {
                "standards.csv.gz",
                "standards.jsonl.gz",
                "standards.xlsx",
                "municipal.csv.gz",
                "municipal.jsonl.gz",
                "municipal.xlsx",
                "dictionary.json",
            },
        )
        public = Standard.objects.filter(is_public=True).count()
        for entry in manifest["files"]:
            with self.subTest(file=entry["name"]):
                content = (result.folder / entry["name"]).read_bytes()
                self.assertEqual(entry["sha256"], hashlib.sha256(content).hexdigest())
                self.assertEqual(entry["bytes"], len(content))
                if entry["dataset"] == "standards":
                    self.assertEqual(entry["rows"], public)
                if entry["dataset"] == "municipal":
                    self.assertEqual(entry["rows"], 1)

    def test_the_export_is_audited(self):
        open_data_export(directory=self.root, actor=None)
        event = AuditEvent.objects.get(action="opendata.export")
        self.assertEqual(event.changes["extra"]["standards.csv.gz"], 5)


class DictionaryDriftTests(OpenDataTestCase):
    def test_a_column_added_to_the_export_without_a_description_fails_the_export(self):
        real = datasets_module.datasets

        def with_undescribed_column():
            first, *rest = real()
            extra = computed("secret_note", "备注", "string", "", lambda row: row["code"])
            return (
                datasets_module.Dataset(**{**first.__dict__, "columns": (*first.columns, extra)}),
                *rest,
            )

        with (
            mock.patch("opendata.services.datasets", with_undescribed_column),
            pytest.raises(ImproperlyConfigured, match="secret_note"),
        ):
            open_data_export(directory=self.root)
        self.assertIsNone(store.current_dir(self.root))

    def test_a_model_field_without_a_chinese_name_cannot_be_exported(self):
        class Undescribed(models.Model):
            internal_note = models.CharField(max_length=10)

            class Meta:
                app_label = "opendata"

            def __str__(self) -> str:
                return self.internal_note

        with pytest.raises(ImproperlyConfigured, match="internal_note"):
            datasets_module.model_column(Undescribed, "internal_note")

    def test_every_declared_column_is_described(self):
        for dataset in datasets_module.datasets():
            dataset.check()
            for column in dataset.columns:
                self.assertIsInstance(column, Column)
                self.assertTrue(column.description.strip(), column.name)


class AtomicPublishTests(OpenDataTestCase):
    def test_a_crash_mid_write_leaves_the_previous_set_served(self):
        first = open_data_export(directory=self.root)
        before = self.client.get("/open-data/manifest.json").json()
        real_write = writers.JsonLinesWriter.write
        calls = {"n": 0}

        def crash_on_third_row(self, values):
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError("磁盘已满")
            real_write(self, values)

        standard_save(standard=Standard(code="GB/T 1-2026", title="新标准"), actor=None)
        with (
            mock.patch.object(writers.JsonLinesWriter, "write", crash_on_third_row),
            pytest.raises(OSError),
        ):
            open_data_export(directory=self.root)
        self.assertEqual(store.current_dir(self.root), first.folder)
        self.assertEqual(self.client.get("/open-data/manifest.json").json(), before)
        self.assertEqual([p.name for p in (self.root / "sets").iterdir()], [first.folder.name])
        for entry in before["files"]:
            response = self.client.get(entry["url"])
            body = b"".join(response.streaming_content)
            self.assertEqual(hashlib.sha256(body).hexdigest(), entry["sha256"])

    def test_a_set_left_half_written_by_a_killed_export_is_never_served_and_then_removed(self):
        first = open_data_export(directory=self.root)
        killed = self.root / "sets" / ".tmp-killed"
        killed.mkdir()
        (killed / "standards.csv.gz").write_bytes(b"\x1f\x8b half")
        response = self.client.get("/open-data/manifest.json").json()
        self.assertEqual(
            {f["sha256"] for f in response["files"]},
            {f["sha256"] for f in first.manifest["files"]},
        )
        second = open_data_export(directory=self.root)
        self.assertFalse(killed.exists())
        self.assertEqual(store.current_dir(self.root), second.folder)

    def test_it_keeps_the_latest_set_and_the_one_before(self):
        folders = [open_data_export(directory=self.root).folder for _ in range(3)]
        kept = sorted(p.name for p in (self.root / "sets").iterdir())
        self.assertEqual(kept, [folders[1].name, folders[2].name])
        self.assertEqual(store.current_dir(self.root), folders[2])

    def test_a_second_export_while_one_runs_is_refused(self):
        with store.exclusive(self.root):
            with pytest.raises(store.ExportRunning):
                open_data_export(directory=self.root)
            with pytest.raises(CommandError, match="正在运行"):
                call_command("export_open_data", "--dir", str(self.root), stdout=io.StringIO())

    def test_rows_beyond_a_sheet_go_on_to_the_next_sheet(self):
        with mock.patch.object(writers, "XLSX_MAX_ROWS", 2):
            folder = open_data_export(directory=self.root).folder
        headers, rows = read_xlsx(folder / "standards.xlsx")
        self.assertEqual(len(headers), 3)  # 5 records: 2 + 2 + 1
        self.assertEqual(len({tuple(h) for h in headers}), 1)
        self.assertEqual(len(rows), Standard.objects.filter(is_public=True).count())


class CommandTests(OpenDataTestCase):
    def test_the_command_writes_into_the_given_folder_and_prints_where(self):
        out = io.StringIO()
        call_command("export_open_data", "--dir", str(self.root), stdout=out)
        folder = store.current_dir(self.root)
        self.assertEqual(out.getvalue().splitlines()[-1], str(folder))
        self.assertIn("standards.csv.gz: 5 行", out.getvalue())

    def test_if_missing_does_nothing_when_a_set_exists(self):
        call_command("export_open_data", stdout=io.StringIO())  # OPEN_DATA_ROOT
        folder = store.current_dir()
        out = io.StringIO()
        call_command("export_open_data", "--if-missing", stdout=out)
        self.assertEqual(store.current_dir(), folder)
        self.assertIn("已存在", out.getvalue())


class PermissionsTests(OpenDataTestCase):
    def test_a_published_set_is_readable_by_a_web_server_serving_it_directly(self):
        folder = open_data_export(directory=self.root).folder
        self.assertEqual(folder.stat().st_mode & 0o777, 0o755)
        for path in folder.iterdir():
            self.assertTrue(path.stat().st_mode & 0o004, path.name)
