"""The single indexer: applies the change queue to the index, or rebuilds it from the database.

Queue rows are deleted only after the index commit that applied them; applying is idempotent
(each changed standard is re-read from the database: public → (re)indexed, otherwise removed),
so replaying after a crash is always safe.
"""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from tantivy import Query

from catalog.models import SearchIndexChange, Standard
from catalog.search import documents, index

log = logging.getLogger(__name__)
BATCH = 20_000
_CHUNK = 2_000
_REBUILD_CHUNK = 10_000
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
    "ccs_id",
)


def enqueue(standards: Iterable[tuple[int, str]], *, op: str = SearchIndexChange.Op.UPSERT):
    """Record (id, code_key) pairs as changed, in the caller's transaction; after it commits,
    the inline indexer applies them (SEARCH_INDEXER="inline")."""
    rows = [SearchIndexChange(standard_id=pk, code_key=key, op=op) for pk, key in standards]
    if not rows:
        return
    SearchIndexChange.objects.bulk_create(rows, batch_size=5_000)
    if settings.SEARCH_INDEXER == "inline":
        transaction.on_commit(apply_inline)


def enqueue_keys(code_keys: list[str], *, op: str = SearchIndexChange.Op.UPSERT) -> None:
    """Like `enqueue`, for standards known by code key (a bulk import): one INSERT … SELECT per
    chunk, in the caller's transaction."""
    if not code_keys:
        return
    from django.db import connection
    from django.utils import timezone

    qn = connection.ops.quote_name
    queue, standards = qn(SearchIndexChange._meta.db_table), qn(Standard._meta.db_table)
    created_at = SearchIndexChange._meta.get_field("created_at").get_db_prep_save(
        timezone.now(), connection
    )
    with connection.cursor() as cursor:
        for start in range(0, len(code_keys), 900):
            chunk = code_keys[start : start + 900]
            marks = ", ".join(["%s"] * len(chunk))
            sql = (
                f"INSERT INTO {queue} (standard_id, code_key, op, created_at) "  # noqa: S608 (quoted names, bound values)
                f"SELECT id, code_key, %s, %s FROM {standards} WHERE code_key IN ({marks})"
            )
            cursor.execute(sql, [str(op), created_at, *chunk])
    if settings.SEARCH_INDEXER == "inline":
        transaction.on_commit(apply_inline)


def apply_inline() -> None:
    """After a commit in embedded mode: apply the queue now; never fail the request for it."""
    try:
        apply_pending(lock_timeout=5)
    except index.IndexBusy:
        log.warning("search indexer busy; the change stays queued")
    except Exception:
        log.exception("search indexing failed; the change stays queued")


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
    """Index rows for these ids, public standards only."""
    rows = list(Standard.objects.public().filter(pk__in=ids).values(*ROW_FIELDS))
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
    """Apply every queued change; returns how many queue rows were applied."""
    handle = index.handle()
    applied = 0
    with index.writer_lock(timeout=lock_timeout):
        parents = None
        while True:
            queued = list(
                SearchIndexChange.objects.order_by("id").values_list("id", "standard_id")[:BATCH]
            )
            if not queued:
                break
            parents = parents if parents is not None else _ccs_parents()
            ids = sorted({sid for _, sid in queued})
            _write(handle, ids, parents)
            queue_ids = [qid for qid, _ in queued]
            for start in range(0, len(queue_ids), _CHUNK):
                SearchIndexChange.objects.filter(id__in=queue_ids[start : start + _CHUNK]).delete()
            applied += len(queued)
    if applied:
        handle.searcher()  # reload at once in this process
    return applied


def _delete_queue_rows(ids: list[int]) -> None:
    """Delete exactly these queue rows: by id range when they are contiguous (a bulk import
    leaves a million of them), else in chunks."""
    if not ids:
        return
    ids = sorted(ids)
    if ids[-1] - ids[0] + 1 == len(ids):
        SearchIndexChange.objects.filter(id__gte=ids[0], id__lte=ids[-1]).delete()
        return
    for start in range(0, len(ids), _CHUNK):
        SearchIndexChange.objects.filter(id__in=ids[start : start + _CHUNK]).delete()


def _row_chunks(parents):
    """The public catalog in primary-key order, in chunks of rows ready for `documents`."""
    last = 0
    through = Standard.ics.through.objects
    while True:
        # By primary-key range: no list of ids to send back to the database.
        rows = list(
            Standard.objects.public()
            .filter(pk__gt=last)
            .order_by("pk")
            .values(*ROW_FIELDS)[:_REBUILD_CHUNK]
        )
        if not rows:
            return
        links = through.filter(standard_id__gt=last, standard_id__lte=rows[-1]["id"])
        yield _with_classes(rows, links, parents)
        last = rows[-1]["id"]


def rebuild(
    *, progress: Callable[[int], None] | None = None, threads: int = 2, processes: int = 1
) -> int:
    """Rebuild the whole index from the database; returns the number of documents.

    With `processes` > 1, worker processes (forked before the index writer starts its threads)
    tokenize the rows while this process reads the database and feeds the writer: tokenizing
    is most of the work of indexing."""
    handle = index.handle()
    with index.writer_lock():
        # Queue rows visible now are covered by the rebuild; newer ones are applied after it.
        seen = list(SearchIndexChange.objects.values_list("id", flat=True))
        parents = _ccs_parents()
        pool = None
        if processes > 1:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(processes)
        try:
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
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()
        _delete_queue_rows(seen)
        apply_pending()
    handle.searcher()
    return total
