"""This node's indexer: applies the catalog outbox to the node's index through its own cursor
(`search:<SEARCH_NODE>`), or rebuilds the index from the database.

Applying is idempotent (each changed standard is re-read from the database and replaced in the
index, or removed when it is gone), and the cursor moves only after the index commit that
applied its rows, so replaying after a crash is always safe. Late commits are caught by the
cursor's gaps (`catalog.outbox`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable

from django.conf import settings
from tantivy import Query

from catalog import outbox
from catalog.models import CatalogChange, ChangeCursor, Standard
from catalog.search import documents, index, rebuild_worker

log = logging.getLogger(__name__)
BATCH = 20_000
_CHUNK = 2_000
_REBUILD_CHUNK = 10_000
CHECK_EVERY = 1.0  # seconds between two looks at the outbox from the search path
HEARTBEAT = 3_600  # seconds: an idle cursor is touched so that it stays live
PRUNE_EVERY = 60.0
ROW_FIELDS = (
    "id",
    "code",
    "code_key",
    "base_key",
    "prefix",
    "title",
    "title_en",
    "scope",
    "issuing_body",
    "kind",
    "status",
    "nature",
    "issue_date",
    "is_public",
    "ccs_id",
)
_checked: dict[str, float] = {}
_pruned = [0.0]


def cursor_name() -> str:
    return f"search:{index.node()}"


def apply_inline() -> None:
    """After a commit in embedded mode: apply the outbox now; never fail the request for it."""
    try:
        apply_pending(lock_timeout=5)
    except index.IndexBusy:
        log.warning("search indexer busy; the change stays queued")
    except Exception:
        log.exception("search indexing failed; the change stays queued")


def needs_rebuild(cur: ChangeCursor | None) -> bool:
    """No cursor for this node, a cursor for another index directory, or one left behind."""
    return cur is None or cur.index_id != index.index_id() or outbox.is_stale(cur)


def behind(cur: ChangeCursor | None) -> bool:
    """Whether this node has outbox rows to apply (or gaps to look at, or must rebuild)."""
    if needs_rebuild(cur) or cur.gaps:
        return True
    if time.time() - cur.updated_at.timestamp() > HEARTBEAT:
        return True
    return outbox.max_id() > cur.position


def maybe_drain() -> None:
    """Before a search in embedded mode, at most every CHECK_EVERY seconds per process: apply
    what the outbox holds beyond this node's cursor (changes another process queued and did not
    apply, a crash after the commit). Two cheap queries; never waits for a busy indexer."""
    if settings.SEARCH_INDEXER != "inline":
        return
    key, now = str(index.index_dir()), time.monotonic()
    if now - _checked.get(key, -CHECK_EVERY) < CHECK_EVERY:
        return
    _checked[key] = now
    try:
        if behind(outbox.cursor_state(cursor_name())):
            apply_pending(lock_timeout=0)
    except index.IndexBusy:
        pass  # another process is applying it now
    except Exception:
        log.exception("search indexing failed; the change stays queued")


def forget_checks() -> None:
    """As in a fresh process: the next search looks at the outbox (tests)."""
    _checked.clear()


def _ccs_parents() -> dict[str, str | None]:
    from reference.models import CcsClass

    return dict(CcsClass.objects.values_list("code", "parent_id"))


def _ccs_chain(code: str | None, parents: dict[str, str | None]) -> list[str]:
    chain: list[str] = []
    while code and code not in chain:
        chain.insert(0, code)
        code = parents.get(code)
    return chain


def rows_for(ids: list[int], parents: dict[str, str | None]) -> list[dict]:
    """Index rows for these ids (every record: visibility is a field of the document)."""
    rows = list(Standard.objects.filter(pk__in=ids).values(*ROW_FIELDS))
    return _with_classes(rows, Standard.ics.through.objects.filter(standard_id__in=ids), parents)


def _with_classes(rows: list[dict], ics_links, parents) -> list[dict]:
    ics: dict[int, list[str]] = defaultdict(list)
    for sid, code in ics_links.values_list("standard_id", "icsclass_id"):
        ics[sid].append(code)
    for row in rows:
        row["ics"] = ics.get(row["id"], [])
        row["ccs"] = _ccs_chain(row.pop("ccs_id"), parents)
    return rows


def _delete_ids(writer, schema, ids: list[int]) -> None:
    # By query: delete_documents_by_term does not match unsigned fields in tantivy-py 0.27.
    for start in range(0, len(ids), 1_000):
        chunk = ids[start : start + 1_000]
        writer.delete_documents_by_query(Query.term_set_query(schema, "id", chunk))


def _write(handle, ids: list[int], parents) -> None:
    """Replace these standards in the index and commit; on any error nothing is committed
    (and the writer lock is released at once)."""
    writer = handle.index.writer(64_000_000, 1)
    try:
        _delete_ids(writer, handle.schema, ids)
        for start in range(0, len(ids), _CHUNK):
            for row in rows_for(ids[start : start + _CHUNK], parents):
                writer.add_document(documents.build(row))
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    finally:
        del writer


def apply_pending(*, lock_timeout: float | None = None) -> int:
    """Apply the outbox beyond this node's cursor (rebuilding first when the node has no usable
    cursor); returns how many outbox rows were applied."""
    handle = index.handle()
    applied = 0
    name = cursor_name()
    with index.writer_lock(timeout=lock_timeout):
        cur = outbox.cursor_state(name)
        if needs_rebuild(cur):
            return rebuild()
        parents = None
        while True:
            batch = outbox.read(name, limit=BATCH, cursor=cur)
            if batch.rows:
                ids = sorted(
                    {
                        r["standard_id"]
                        for r in batch.rows
                        if r["standard_id"] and r["kind"] != CatalogChange.Kind.LINKED
                    }
                )
                if ids:
                    parents = parents if parents is not None else _ccs_parents()
                    _write(handle, ids, parents)
            stale = time.time() - cur.updated_at.timestamp() > HEARTBEAT
            if batch.changed or stale:
                outbox.advance(batch)
            applied += len(batch.rows)
            if len(batch.rows) < BATCH:
                break
            cur = outbox.cursor_state(name)
    if applied:
        handle.searcher()  # reload at once in this process
        _after_apply(applied)
    return applied


def _after_apply(applied: int) -> None:
    """Tell who waits for the index (follows reads the outbox and touches its cursor), then
    prune the outbox now and then."""
    outbox.changes_indexed.send(sender=None, applied=applied)
    now = time.monotonic()
    if now - _pruned[0] >= PRUNE_EVERY:
        _pruned[0] = now
        try:
            outbox.prune()
        except Exception:
            log.exception("pruning the catalog outbox failed")


def _row_chunks(parents):
    """The catalog in primary-key order, in chunks of rows ready for `documents`."""
    last = 0
    through = Standard.ics.through.objects
    while True:
        # By primary-key range: no list of ids to send back to the database.
        rows = list(
            Standard.objects.filter(pk__gt=last).order_by("pk").values(*ROW_FIELDS)[:_REBUILD_CHUNK]
        )
        if not rows:
            return
        links = through.filter(standard_id__gt=last, standard_id__lte=rows[-1]["id"])
        yield _with_classes(rows, links, parents)
        last = rows[-1]["id"]


@contextlib.contextmanager
def _without_cyclic_gc():
    """A rebuild allocates millions of short-lived rows, tuples and lists, none in a cycle, and
    reference counting frees them: the cyclic collector, run every few hundred allocations, only
    rescans what is alive (unpickling the workers' fields took 2.5 times as long with it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _fill(handle, parents, pool, processes: int, threads: int, progress) -> int:
    """Replace every document of the index by the catalog's; returns how many were written."""
    writer = handle.index.writer(256_000_000, threads)
    writer.delete_all_documents()
    total = 0

    def write(specs):
        nonlocal total
        for spec in specs:
            writer.add_document(documents.document(spec))
        total += len(specs)
        if progress:
            progress(len(specs))

    if pool is None:
        for rows in _row_chunks(parents):
            write([documents.fields(row) for row in rows])
    else:
        pending: deque = deque()
        for rows in _row_chunks(parents):
            pending.append(pool.apply_async(documents.fields_of_rows, (rows,)))
            if len(pending) > processes:
                write(pending.popleft().get())
        while pending:
            write(pending.popleft().get())
    writer.commit()
    writer.wait_merging_threads()
    return total


def rebuild(
    *, progress: Callable[[int], None] | None = None, threads: int = 2, processes: int = 1
) -> int:
    """Rebuild this node's index from the database; returns the number of documents.

    The node's cursor is taken before the database is read (changes committed during the
    rebuild are applied after it). With `processes` > 1, worker processes (spawned, each with
    Django set up) tokenize the rows while this process reads the database
    and feeds the writer: tokenizing is most of the work of indexing."""
    handle = index.handle()
    with index.writer_lock():
        position, gaps = outbox.start_position()
        parents = _ccs_parents()
        pool = None
        if processes > 1:
            import multiprocessing

            # Spawned, not forked: a fork copies whatever locks other threads of this process
            # hold at that moment (logging, the view-count buffer, a web server's threads), and a
            # child that needs one waits forever. Each worker sets Django up once.
            pool = multiprocessing.get_context("spawn").Pool(
                processes, initializer=rebuild_worker.start
            )
        try:
            with _without_cyclic_gc():
                total = _fill(handle, parents, pool, processes, threads, progress)
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        new_id = uuid.uuid4().hex
        index.set_index_id(new_id)
        outbox.advance(
            outbox.Batch(name=cursor_name(), rows=[], position=position, gaps=gaps),
            index_id=new_id,
        )
        handle.searcher()
        apply_pending()
    handle.searcher()
    _after_apply(total)  # everything up to the new cursor is in the index now
    return total
