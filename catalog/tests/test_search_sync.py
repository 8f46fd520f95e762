"""Every kind of write reaches the index through the catalog outbox; a crash loses nothing."""

import datetime
import gc
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

from catalog import outbox, services
from catalog.models import CatalogChange, Standard
from catalog.search import check, index, indexer
from catalog.tests.search_helpers import SearchTestCase, import_csv

SEED = """标准号,标准名称,状态,发布日期,实施日期
GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01
DB3708/T 12-2021,足球场地人造草面层维护规范,现行,2021-05-10,2021-06-10
"""


class SyncTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_csv(SEED)

    def found(self, q: str) -> list[str]:
        return self.codes(q=q)

    def behind(self) -> int:
        """Outbox rows this node has not applied."""
        return CatalogChange.objects.filter(id__gt=self.position()).count()

    def position(self) -> int:
        return outbox.cursor_state(indexer.cursor_name()).position

    def test_a_service_save_is_searchable_after_commit(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(
                standard=Standard(
                    code="GB 2760-2014", title="食品添加剂使用标准", status="current"
                ),
                actor=self.city_officer,
            )
        self.assertEqual(self.found("食品添加剂"), ["GB 2760-2014"])
        self.assertEqual(self.behind(), 0)

    def test_an_update_replaces_the_indexed_text(self):
        standard = Standard.objects.get(code_key="GB/T19001-2016")
        standard.title = "质量管理体系 基础和术语"
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(standard=standard, actor=self.city_officer)
        self.assertEqual(self.found("术语"), ["GB/T 19001-2016"])
        self.assertEqual(self.found("要求"), [])

    def test_a_delete_removes_it(self):
        standard = Standard.objects.get(code_key="GB/T19001-2016")
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_delete(standard=standard, actor=self.city_officer)
        self.assertEqual(self.found("19001"), [])

    def test_an_import_creates_and_updates(self):
        csv = (
            SEED.replace("维护规范", "养护规范")
            + "GB/T 14307-2005,足球场地人造草面层,现行,2005-01-01,2005-06-01\n"
        )
        with self.captureOnCommitCallbacks(execute=True):
            counts = import_csv(csv)
        self.assertEqual((counts.created, counts.updated, counts.unchanged), (1, 1, 1))
        self.assertEqual(set(self.found("足球")), {"DB3708/T 12-2021", "GB/T 14307-2005"})
        self.assertEqual(self.found("养护"), ["DB3708/T 12-2021"])
        self.assertEqual(self.found("维护"), [])

    def test_making_a_standard_non_public_removes_it_and_back(self):
        standard = Standard.objects.get(code_key="DB3708/T12-2021")
        standard.is_public = False
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(standard=standard, actor=self.city_officer)
        self.assertEqual(self.found("足球"), [])
        self.assertEqual(
            self.client.get("/standards/", {"q": "足球"}).context["paginator"].count, 0
        )
        standard.is_public = True
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(standard=standard, actor=self.city_officer)
        self.assertEqual(self.found("足球"), ["DB3708/T 12-2021"])

    def test_non_public_records_never_reach_public_search_but_the_bureau_sees_them(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(
                standard=Standard(
                    code="DB3708/T 99-2026",
                    title="足球内部草案",
                    status="upcoming",
                    is_public=False,
                ),
                actor=self.city_officer,
            )
        indexer.rebuild()
        self.assertEqual(self.found("草案"), [])
        for user in (self.citizen, self.enterprise_user, self.expert):
            self.login(user)
            self.assertEqual(self.found("草案"), [])
        self.login(self.city_officer)
        self.assertEqual(self.found("草案"), ["DB3708/T 99-2026"])

    def test_an_admin_change_and_delete_reach_the_index(self):
        self.login(self.administrator)
        standard = Standard.objects.get(code_key="DB3708/T12-2021")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/catalog/standard/{standard.pk}/change/",
                {
                    "code": "DB3708/T 12-2021",
                    "title": "篮球场地维护规范",
                    "status": "",
                    "issue_date": "2021-05-10",
                    "implement_date": "2021-06-10",
                    "is_public": "on",
                    "drafters": "[]",
                    "drafting_units-TOTAL_FORMS": "0",
                    "drafting_units-INITIAL_FORMS": "0",
                    "replaces_links-TOTAL_FORMS": "0",
                    "replaces_links-INITIAL_FORMS": "0",
                },
            )
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.assertEqual(self.found("篮球"), ["DB3708/T 12-2021"])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/admin/catalog/standard/{standard.pk}/delete/", {"post": "yes"})
        self.assertEqual(self.found("篮球"), [])

    def test_a_failed_indexing_keeps_the_change_queued_and_it_is_replayed(self):
        docs = index.handle().searcher().num_docs
        with (
            mock.patch("catalog.search.documents.build", side_effect=RuntimeError("disk full")),
            self.captureOnCommitCallbacks(execute=True),
        ):
            services.standard_save(
                standard=Standard(
                    code="GB 2760-2014", title="食品添加剂使用标准", status="current"
                ),
                actor=self.city_officer,
            )
        self.assertEqual(self.behind(), 1)
        self.assertEqual(index.handle().searcher().num_docs, docs)
        call_command("run_search_indexer", "--once", stdout=StringIO())
        self.assertEqual(self.found("食品"), ["GB 2760-2014"])
        self.assertEqual(self.behind(), 0)

    def test_a_search_in_a_fresh_process_applies_what_a_crash_left_queued(self):
        """kill -9 after the commit: the outbox rows are there, nothing applied them."""
        with (
            mock.patch("catalog.search.indexer.apply_inline"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            services.standard_save(
                standard=Standard(
                    code="GB 2760-2014", title="食品添加剂使用标准", status="current"
                ),
                actor=self.city_officer,
            )
            import_csv(SEED.replace("维护规范", "养护规范"))
        self.assertEqual(self.behind(), 2)
        indexer.forget_checks()  # a fresh process (or a second after the last look)
        index.forget()
        self.assertEqual(self.found("食品"), ["GB 2760-2014"])
        self.assertEqual(self.found("养护"), ["DB3708/T 12-2021"])
        self.assertEqual(self.behind(), 0)

    def test_a_running_process_looks_at_the_outbox_again_after_a_second(self):
        self.assertEqual(self.found("食品"), [])  # this process has just looked
        with mock.patch("catalog.search.indexer.apply_inline"):
            services.standard_save(
                standard=Standard(
                    code="GB 2760-2014", title="食品添加剂使用标准", status="current"
                ),
                actor=self.city_officer,
            )
        with mock.patch("catalog.search.indexer.time.monotonic", return_value=10**9):
            self.assertEqual(self.found("食品"), ["GB 2760-2014"])

    def test_a_reimport_drains_the_queue_first_even_when_nothing_changed(self):
        with (
            mock.patch("catalog.search.indexer.apply_inline"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            import_csv(SEED.replace("维护规范", "养护规范"))
        self.assertEqual(self.behind(), 1)
        path = self.write_file(SEED.replace("维护规范", "养护规范"))
        out = StringIO()
        call_command("import_standards", path, stdout=out)
        self.assertIn("未变化 2", out.getvalue())
        self.assertEqual(self.behind(), 0)
        self.assertEqual(self.found("养护"), ["DB3708/T 12-2021"])

    def write_file(self, text: str) -> str:
        import tempfile
        from pathlib import Path

        folder = tempfile.mkdtemp()
        self.addCleanup(__import__("shutil").rmtree, folder)
        path = Path(folder) / "catalog.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    @override_settings(SEARCH_INDEXER="worker")
    def test_in_worker_mode_the_indexer_process_applies_the_queue(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(
                standard=Standard(
                    code="GB 2760-2014", title="食品添加剂使用标准", status="current"
                ),
                actor=self.city_officer,
            )
        self.assertEqual(self.found("食品"), [])
        call_command("run_search_indexer", "--once", stdout=StringIO())
        self.assertEqual(self.found("食品"), ["GB 2760-2014"])

    def test_another_process_sees_a_commit_at_its_next_search(self):
        other = index._Handle(index.index_dir())  # what a second gunicorn worker holds
        before = other.searcher().num_docs
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(
                standard=Standard(
                    code="GB 2760-2014", title="食品添加剂使用标准", status="current"
                ),
                actor=self.city_officer,
            )
        self.assertEqual(other.searcher().num_docs, before + 1)

    def test_rebuild_from_the_database(self):
        Standard.objects.filter(code_key="GB/T19001-2016").update(title="改名而未入队")
        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("已索引 2 条标准", out.getvalue())
        self.assertEqual(self.found("改名"), ["GB/T 19001-2016"])

    def test_a_rebuild_with_worker_processes_indexes_the_same(self):
        Standard.objects.filter(code_key="GB/T19001-2016").update(title="改名而未入队")
        self.assertEqual(indexer.rebuild(processes=2), 2)
        self.assertEqual(self.found("改名"), ["GB/T 19001-2016"])
        self.assertEqual(self.found("19001"), ["GB/T 19001-2016"])

    def test_a_rebuild_with_worker_processes_writes_what_the_check_computes(self):
        indexer.rebuild(processes=2)
        report = check.compare()
        self.assertTrue(report.ok, report)
        self.assertEqual(report.indexed, 2)

    def test_a_rebuild_gives_the_cyclic_garbage_collector_back(self):
        indexer.rebuild()
        self.assertTrue(gc.isenabled())
        with (
            mock.patch.object(indexer, "_fill", side_effect=RuntimeError),
            self.assertRaises(RuntimeError),
        ):
            indexer.rebuild()
        self.assertTrue(gc.isenabled())

    def test_rebuild_if_empty_leaves_a_filled_index_alone(self):
        out = StringIO()
        call_command("rebuild_search_index", "--if-empty", stdout=out)
        self.assertIn("索引已存在", out.getvalue())

    def test_the_queue_is_written_in_the_same_transaction(self):
        standard = Standard.objects.get(code_key="GB/T19001-2016")
        standard.abolish_date = datetime.date(2030, 1, 1)
        before = outbox.max_id()
        services.standard_save(standard=standard, actor=self.city_officer)
        change = CatalogChange.objects.get(id__gt=before)
        self.assertEqual((change.standard_id, change.kind), (standard.pk, "updated"))
