"""Several app nodes: each keeps its own index directory and its own cursor over the catalog
outbox. Late commits are caught by the cursor's gaps, the outbox is pruned below the smallest
live cursor, a new node starts from a rebuild, and `check_search_index` says what differs."""

import datetime as dt
import shutil
import tempfile
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from catalog import outbox, services
from catalog.models import CatalogChange, ChangeCursor, Standard
from catalog.search import check, index, indexer
from catalog.tests.search_helpers import SearchTestCase, import_csv

SEED = """标准号,标准名称,状态,发布日期,实施日期
GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01
DB3708/T 12-2021,足球场地人造草面层维护规范,现行,2021-05-10,2021-06-10
"""


def change(pk: int, **fields) -> CatalogChange:
    return CatalogChange.objects.create(id=pk, kind="updated", standard_id=pk, **fields)


class CursorTest(SearchTestCase):
    """The cursor arithmetic, with ids chosen by hand to play late commits."""

    def setUp(self):
        super().setUp()
        CatalogChange.objects.all().delete()
        ChangeCursor.objects.all().delete()

    def test_an_id_committed_late_is_read_when_it_appears(self):
        for pk in (1001, 1002, 1004):
            change(pk)
        batch = outbox.read("t")
        self.assertEqual([r["id"] for r in batch.rows], [1001, 1002, 1004])
        outbox.advance(batch)
        # 1000 and below: before this consumer's first row; 1003: a gap to re-read.
        self.assertEqual(batch.position, 1004)
        self.assertEqual([g[:2] for g in batch.gaps], [[1, 1000], [1003, 1003]])
        change(1003)  # the transaction that took 1003 commits now
        change(1005)
        batch = outbox.read("t")
        self.assertEqual([r["id"] for r in batch.rows], [1003, 1005])
        outbox.advance(batch)
        self.assertEqual([g[:2] for g in batch.gaps], [[1, 1000]])
        self.assertEqual(outbox.read("t").rows, [])

    def test_a_gap_older_than_any_transaction_is_given_up(self):
        change(1)
        change(3)
        outbox.advance(outbox.read("t"))
        later = timezone.now() + dt.timedelta(seconds=outbox.gap_seconds() + 1)
        batch = outbox.read("t", now=later)
        self.assertEqual(batch.gaps, [])
        self.assertTrue(batch.changed)

    def test_a_ceiling_keeps_a_consumer_behind_another(self):
        for pk in (1, 2, 3, 4):
            change(pk)
        ChangeCursor.objects.create(name="ahead", position=3, gaps=[[2, 2, 1e12]])
        batch = outbox.read("behind", ceiling=outbox.cursor_state("ahead"))
        self.assertEqual([r["id"] for r in batch.rows], [1, 3])
        self.assertEqual([g[:2] for g in batch.gaps], [[2, 2]])

    def test_pruning_keeps_what_the_slowest_live_cursor_or_a_gap_may_still_need(self):
        for pk in range(1, 11):
            change(pk)
        ChangeCursor.objects.create(name="a", position=8)
        ChangeCursor.objects.create(name="b", position=9, gaps=[[5, 5, 1e12]])
        stale = ChangeCursor.objects.create(name="gone", position=1)
        ChangeCursor.objects.filter(pk=stale.pk).update(
            updated_at=timezone.now() - outbox.stale_after() - dt.timedelta(hours=1)
        )
        self.assertEqual(outbox.prune(), 4)
        self.assertEqual(
            list(CatalogChange.objects.values_list("id", flat=True)), [5, 6, 7, 8, 9, 10]
        )


class CursorPropertyTest(HypothesisTestCase):
    """Whatever order transactions commit their ids in, and whenever the consumer reads, every
    row is read exactly once."""

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        order=st.permutations(list(range(1, 25))),
        cuts=st.lists(st.integers(0, 24), min_size=1, max_size=6),
    )
    def test_every_row_is_read_exactly_once_whatever_the_commit_order(self, order, cuts):
        CatalogChange.objects.all().delete()
        ChangeCursor.objects.all().delete()
        read: list[int] = []

        def consume():
            batch = outbox.read("p", limit=5)
            read.extend(r["id"] for r in batch.rows)
            outbox.advance(batch)

        start = 0
        for cut in [*sorted(cuts), len(order)]:
            for pk in order[start:cut]:
                change(pk)  # a transaction commits
            start = max(start, cut)
            consume()
        for _ in range(6):  # the consumer goes on reading
            consume()
        self.assertEqual(sorted(read), list(range(1, 25)))


class CheckCommandTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_csv(SEED)

    def test_it_reports_agreement(self):
        out = StringIO()
        call_command("check_search_index", stdout=out)
        self.assertIn("检索索引与数据库一致：2 条记录", out.getvalue())

    def test_it_reports_a_difference_made_on_purpose_and_repairs_it(self):
        standard = Standard.objects.get(code_key="GB/T19001-2016")
        # Written behind the outbox's back: the index cannot know.
        Standard.objects.filter(pk=standard.pk).update(title="改名而未记录", is_public=False)
        Standard.objects.filter(code_key="DB3708/T12-2021").delete()
        out = StringIO()
        with self.assertRaises(CommandError) as raised:
            call_command("check_search_index", stdout=out)
        self.assertEqual(raised.exception.returncode, 1)
        self.assertIn("内容或可见范围不同 1 条：GB/T 19001-2016", out.getvalue())
        self.assertIn("索引中多出（数据库已无此记录） 1 条", out.getvalue())
        call_command("check_search_index", "--repair", stdout=StringIO())
        call_command("check_search_index", stdout=out)
        self.assertEqual(self.codes(q="改名"), [])  # non-public now
        self.login(self.city_officer)
        self.assertEqual(self.codes(q="改名"), ["GB/T 19001-2016"])

    def test_a_node_whose_directory_was_replaced_rebuilds(self):
        cursor = outbox.cursor_state(indexer.cursor_name())
        index.set_index_id("another-index")
        self.assertTrue(indexer.needs_rebuild(cursor))
        out = StringIO()
        call_command("rebuild_search_index", "--if-empty", stdout=out)
        self.assertIn("已索引 2 条标准", out.getvalue())
        self.assertFalse(indexer.needs_rebuild(outbox.cursor_state(indexer.cursor_name())))


# --- two (three) nodes on one PostgreSQL database ---------------------------------------------


class Node:
    def __init__(self, name: str, root: Path):
        self.name, self.dir = name, root / name
        self.settings = override_settings(SEARCH_NODE=name, SEARCH_INDEX_DIR=self.dir)

    def __enter__(self):
        self.settings.enable()
        return self

    def __exit__(self, *exc):
        self.settings.disable()

    def run(self, fn, *args, **kwargs):
        with self:
            return fn(*args, **kwargs)

    def apply(self) -> int:
        return self.run(indexer.apply_pending)

    def rebuild(self) -> int:
        return self.run(indexer.rebuild)

    def report(self) -> check.Report:
        return self.run(check.compare)

    def codes(self, q: str, scopes=("bureau",)) -> set[str]:
        from catalog.search import query

        def search():
            ids = query.search(query.SearchRequest(q=q, limit=1000, scopes=scopes)).ids
            return set(Standard.objects.filter(pk__in=ids).values_list("code", flat=True))

        return self.run(search)


def _writer(worker: int, rounds: int, errors: list):
    """One app process writing: creates, edits, hides and shows, deletes."""
    try:
        for i in range(rounds):
            code = f"DB3708/T {100 * worker + i}-2026"
            s = services.standard_save(
                standard=Standard(
                    code=code, title=f"并发写入 节点{worker} 第{i}条", status="current"
                ),
                actor=None,
            )
            s.title = f"并发修改 节点{worker} 第{i}条"
            s.is_public = i % 3 != 0
            services.standard_save(standard=s, actor=None)
            if i % 4 == 3:
                services.standard_delete(standard=Standard.objects.get(pk=s.pk), actor=None)
    except Exception as exc:  # reported by the test
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
@override_settings(SEARCH_INDEXER="worker")  # for every thread: the nodes apply, not the writers
def test_two_nodes_and_a_late_one_end_equal_to_the_database():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs transactions that commit out of id order (PostgreSQL sequences); "
            "runs with TEST_DATABASE_URL"
        )
    root = Path(tempfile.mkdtemp(prefix="search-nodes-"))
    try:
        a, b = Node("node-a", root), Node("node-b", root)
        with a:
            import_csv(SEED)  # worker mode: nothing applied yet
        a.rebuild()
        b.rebuild()

        # Concurrent writes from three "app processes" while node A keeps applying and node B
        # is stopped.
        errors: list = []
        writers = [threading.Thread(target=_writer, args=(w, 12, errors)) for w in (1, 2, 3)]
        for t in writers:
            t.start()
        c = Node("node-c", root)
        late_started = False
        while any(t.is_alive() for t in writers):
            a.apply()
            if not late_started and CatalogChange.objects.count() > 20:
                c.rebuild()  # a node added while writes go on: its cursor is taken first
                late_started = True
        for t in writers:
            t.join()
        assert errors == []
        assert late_started

        # A late commit: a transaction takes an outbox id, another commits a higher one, node A
        # reads past the first; it must still apply it when it commits.
        took_id, release = threading.Event(), threading.Event()

        def slow():
            try:
                with transaction.atomic():
                    s = Standard.objects.get(code_key="GB/T19001-2016")
                    s.title = "质量管理体系 迟到的提交"
                    services.standard_save(standard=s, actor=None)
                    took_id.set()
                    release.wait(10)
            finally:
                connection.close()

        slow_thread = threading.Thread(target=slow)
        slow_thread.start()
        took_id.wait(10)
        fast = Standard.objects.get(code_key="DB3708/T12-2021")
        fast.title = "足球场地人造草面层养护规范"
        services.standard_save(standard=fast, actor=None)
        a.apply()
        assert "GB/T 19001-2016" not in a.codes("迟到")
        assert outbox.cursor_state("search:node-a").gaps  # the slow id is a gap
        release.set()
        slow_thread.join()
        a.apply()
        assert a.codes("迟到") == {"GB/T 19001-2016"}

        # Node B restarts and catches up; node C too.
        b.apply()
        c.apply()
        for node in (a, b, c):
            report = node.report()
            assert report.ok, (node.name, report)
            assert report.database == Standard.objects.count()
        assert a.codes("并发修改") == b.codes("并发修改") == c.codes("并发修改")
        hidden = set(Standard.objects.filter(is_public=False).values_list("code", flat=True))
        assert hidden and not (hidden & b.codes("并发修改", scopes=("public",)))

        # The outbox is pruned below the slowest live cursor only.
        slowest = min(
            cur.position for cur in ChangeCursor.objects.filter(name__startswith="search:")
        )
        outbox.prune()
        assert (
            not CatalogChange.objects.filter(id__lte=slowest - 1)
            .exclude(
                id__gte=min(
                    [lo for cur in ChangeCursor.objects.all() for lo, _hi, _s in cur.gaps]
                    or [slowest]
                )
            )
            .exists()
        )

        # A difference made on purpose is reported on the node it concerns.
        Standard.objects.filter(code_key="DB3708/T12-2021").update(title="未经发件箱的修改")
        with b, pytest.raises(CommandError):
            call_command("check_search_index", "--no-apply", stdout=StringIO())
    finally:
        index.forget()
        shutil.rmtree(root, ignore_errors=True)
