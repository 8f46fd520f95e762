"""Writes of the open data: one export of every dataset in every format, published as a set."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from core import audit
from opendata import dictionary, store
from opendata.datasets import Dataset, Examples, datasets
from opendata.writers import FORMATS, XlsxWriter, sha256_of

logger = logging.getLogger(__name__)


@dataclass
class ExportResult:
    folder: Path
    manifest: dict
    removed: list[str]


def _file_entry(folder: Path, name: str, *, rows: int, dataset: str, fmt: str) -> dict:
    path = folder / name
    return {
        "name": name,
        "url": reverse("opendata:file", kwargs={"name": name}),
        "rows": rows,
        "sha256": sha256_of(path),
        "bytes": path.stat().st_size,
        "dataset": dataset,
        "format": fmt,
    }


def _write_dataset(folder: Path, dataset: Dataset) -> tuple[int, Examples, list[str]]:
    """Every format of one dataset in one pass over the rows; returns rows, examples, names."""
    writers = []
    for fmt, writer_class in FORMATS.items():
        path = folder / f"{dataset.key}{writer_class.suffix}"
        if writer_class is XlsxWriter:
            writers.append((fmt, path, writer_class(path, dataset.columns, title=dataset.sheet)))
        else:
            writers.append((fmt, path, writer_class(path, dataset.columns)))
    examples, rows = Examples(), 0
    columns = dataset.columns
    try:
        for batch in dataset.batches():
            for row in batch:
                values = [c.get(row) for c in columns]
                for _fmt, _path, writer in writers:
                    writer.write(values)
                if len(examples.values) < len(columns):
                    for column, value in zip(columns, values, strict=True):
                        examples.see(column.name, value)
                rows += 1
    except BaseException:
        for _fmt, _path, writer in writers:
            writer.abort()
        raise
    for _fmt, _path, writer in writers:
        writer.close()
    return rows, examples, [(fmt, path.name) for fmt, path, _ in writers]


def _snapshot() -> None:
    """One snapshot for the whole export on PostgreSQL (every batch and both datasets see the
    same catalog); SQLite's read transaction already is one."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def open_data_export(*, directory: Path | str | None = None, actor=None) -> ExportResult:
    """Write every dataset (CSV, JSON Lines, XLSX), the dictionary and the manifest into a
    temporary folder, then publish it as the current set (`store.publish`). A failure leaves
    the previous set served and removes the temporary folder."""
    root = store.root_of(directory)
    datasets_ = datasets()
    for dataset in datasets_:
        dataset.check()  # an undescribed column stops the export before anything is written
    with store.exclusive(root):
        store.prune(root)  # folders an export killed mid-write left behind
        generated = timezone.now()
        name = generated.strftime("%Y%m%dT%H%M%S%fZ")
        folder = store.new_workdir(root)
        try:
            files, all_examples, names = [], {}, {}
            in_atomic = connection.in_atomic_block
            with transaction.atomic():
                if not in_atomic:
                    _snapshot()
                for dataset in datasets_:
                    rows, examples, written = _write_dataset(folder, dataset)
                    all_examples[dataset.key] = examples
                    names[dataset.key] = [n for _, n in written]
                    files += [
                        _file_entry(folder, n, rows=rows, dataset=dataset.key, fmt=fmt)
                        for fmt, n in written
                    ]
            data_dictionary = dictionary.build(all_examples, names)
            data_dictionary["generated_at"] = timezone.localtime(generated).isoformat()
            store.write_json(folder / store.DICTIONARY, data_dictionary)
            described = sum(len(d["fields"]) for d in data_dictionary["datasets"])
            files.append(
                _file_entry(
                    folder, store.DICTIONARY, rows=described, dataset="dictionary", fmt="json"
                )
            )
            manifest = {
                "generated_at": timezone.localtime(generated).isoformat(),
                "files": files,
            }
            store.write_json(folder / store.MANIFEST, manifest)  # last: the set is complete
            final = store.publish(root, folder, name)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        removed = store.prune(root)
    audit.record(
        actor=actor,
        action="opendata.export",
        message=f"生成开放数据 {name}",
        extra={f["name"]: f["rows"] for f in files},
    )
    logger.info("open data set %s written to %s", name, final)
    return ExportResult(folder=final, manifest=manifest, removed=removed)
