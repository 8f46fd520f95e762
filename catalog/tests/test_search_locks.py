"""Short writes, reads that never fail on a lock: an import commits chunk by chunk and writes
nothing when nothing changed; a page view never writes in the request; a lock timeout anywhere
answers 503 with Retry-After, never 500."""

from unittest import mock

from django.db import OperationalError, connection
from django.test import TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from catalog import services
from catalog.importer import commit_import, read_import_file
from catalog.models import CatalogChange, Standard

HEADER = "标准号,标准名称,状态,发布日期,实施日期\n"
ROWS = "".join(
    f"GB/T {30000 + i}-2020,示例标准 第{i}部分,现行,2020-01-01,2020-06-01\n" for i in range(25)
)
LOCKED = OperationalError("database is locked")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def run_import(text: str, **kwargs):
    preview = read_import_file(text.encode(), "chunks.csv")
    assert preview.ok, preview.errors
    return commit_import(preview, actor=None, **kwargs)


@override_settings(SEARCH_INDEXER="worker")  # the index is not what these tests look at
class ImportTransactionsTest(TransactionTestCase):
    def test_it_commits_chunk_by_chunk_never_holding_one_transaction_for_the_whole_file(self):
        in_transaction, committed = [], []

        def progress(_n):
            in_transaction.append(connection.in_atomic_block)
            committed.append(Standard.objects.count())

        preview = read_import_file((HEADER + ROWS).encode(), "chunks.csv")
        from catalog.services import standards_import

        counts = standards_import(
            preview.valid_rows, actor=None, source="chunks.csv", progress=progress, chunk_size=10
        )
        self.assertEqual(counts.created, 25)
        self.assertEqual(in_transaction, [False, False, False])
        self.assertEqual(committed, [10, 20, 25])  # each chunk committed before the next
        # Each chunk committed its outbox rows with it.
        self.assertEqual(CatalogChange.objects.filter(kind="created").count(), 25)

    def test_a_reimport_of_unchanged_rows_writes_nothing(self):
        run_import(HEADER + ROWS)
        with CaptureQueriesContext(connection) as queries:
            counts = run_import(HEADER + ROWS)
        self.assertEqual((counts.created, counts.updated, counts.unchanged), (0, 0, 25))
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        self.assertEqual(writes, [])

    def test_an_interrupted_import_is_completed_by_importing_the_file_again(self):
        real = services._import_chunk
        calls = []

        def failing(chunk, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise OperationalError("disk I/O error")
            return real(chunk, *args, **kwargs)

        preview = read_import_file((HEADER + ROWS).encode(), "chunks.csv")
        with (
            mock.patch("catalog.services._import_chunk", failing),
            self.assertRaises(OperationalError),
        ):
            services.standards_import(
                preview.valid_rows, actor=None, source="chunks.csv", chunk_size=10
            )
        self.assertEqual(Standard.objects.count(), 10)  # the first chunk, whole
        counts = run_import(HEADER + ROWS)
        self.assertEqual((counts.created, counts.unchanged), (15, 10))
