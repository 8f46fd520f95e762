"""Compare this node's index with the database (`manage.py check_search_index`): which records
are missing from the index, which documents have no record (or one the index should not hold),
and which documents differ from what the record would index now (content and visibility are
both in the document's digest)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tantivy import Query

from catalog.search import documents, index, indexer


@dataclass
class Report:
    database: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not in the database
    changed: list[int] = field(default_factory=list)  # different content or visibility
    duplicated: list[int] = field(default_factory=list)  # indexed more than once

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed or self.duplicated)


def indexed_digests() -> tuple[dict[int, int], list[int]]:
    """id → digest of every document in this node's index, and the ids found twice."""
    searcher = index.handle().searcher()
    total = searcher.num_docs
    if not total:
        return {}, []
    addresses = [a for _, a in searcher.search(Query.all_query(), total, count=False).hits]
    out: dict[int, int] = {}
    duplicated = []
    for start in range(0, len(addresses), 50_000):
        chunk = addresses[start : start + 50_000]
        ids = searcher.fast_field_values("id", chunk)
        digests = searcher.fast_field_values("digest", chunk)
        for pk, digest in zip(ids, digests, strict=True):
            if pk in out:
                duplicated.append(int(pk))
            out[int(pk)] = int(digest or 0)
    return out, duplicated


def compare() -> Report:
    indexed, duplicated = indexed_digests()
    report = Report(indexed=len(indexed), duplicated=sorted(set(duplicated)))
    parents = indexer._ccs_parents()
    seen = set()
    for rows in indexer._row_chunks(parents):
        for row in rows:
            pk = row["id"]
            seen.add(pk)
            spec = documents.fields(row)
            want = next(value for kind, name, value in spec if name == "digest")
            have = indexed.get(pk)
            if have is None:
                report.missing.append(pk)
            elif have != want:
                report.changed.append(pk)
    report.database = len(seen)
    report.extra = sorted(set(indexed) - seen)
    return report


def repair(report: Report) -> int:
    """Reindex every record the report names (and drop documents without a record)."""
    ids = sorted(set(report.missing + report.extra + report.changed + report.duplicated))
    if ids:
        with index.writer_lock():
            indexer._write(index.handle(), ids, indexer._ccs_parents())
        index.handle().searcher()
    return len(ids)
