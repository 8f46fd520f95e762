"""The formats, each written row by row to a file (constant memory): CSV (UTF-8 with a byte-order
mark, so Excel reads the Chinese right) and JSON Lines, both gzip-compressed, and XLSX (already a
ZIP; openpyxl's write-only mode streams each sheet to disk and writes strings inline)."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.excel import csv_safe, text_cell
from opendata.datasets import DATE, DATETIME, Column, json_value, text_value

# Excel's sheet holds 1,048,576 rows: the header and 1,048,575 records; more go on a next sheet.
XLSX_MAX_ROWS = 1_048_575


def _fsync_close(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


class CsvWriter:
    format, suffix, content_type = "csv", ".csv.gz", "application/gzip"

    def __init__(self, path: Path, columns: tuple[Column, ...]):
        self.raw = open(path, "wb")  # noqa: SIM115 (closed in close())
        # mtime=0 and no name inside: the same data gives the same bytes (and checksum).
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0)
        self.text = io.TextIOWrapper(self.gzip, encoding="utf-8-sig", newline="")
        self.csv = csv.writer(self.text)
        self.csv.writerow([c.name for c in columns])

    def write(self, values: list) -> None:
        # A text starting like a formula gets an apostrophe (core.excel.csv_safe): the
        # dictionary says so; JSON Lines keeps every value as it is.
        self.csv.writerow([csv_safe(text_value(v)) for v in values])

    def close(self) -> None:
        self.text.close()  # closes the gzip stream, not the file under it
        _fsync_close(self.raw)

    def abort(self) -> None:
        self.raw.close()


class JsonLinesWriter:
    format, suffix, content_type = "jsonl", ".jsonl.gz", "application/gzip"

    def __init__(self, path: Path, columns: tuple[Column, ...]):
        self.names = [c.name for c in columns]
        self.raw = open(path, "wb")  # noqa: SIM115 (closed in close())
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0)

    def write(self, values: list) -> None:
        record = {name: json_value(v) for name, v in zip(self.names, values, strict=True)}
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        self.gzip.write(line.encode())

    def close(self) -> None:
        self.gzip.close()
        _fsync_close(self.raw)

    def abort(self) -> None:
        self.raw.close()


class XlsxWriter:
    format, suffix = "xlsx", ".xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def __init__(self, path: Path, columns: tuple[Column, ...], *, title: str):
        self.path, self.columns, self.title = path, columns, title
        self.workbook = Workbook(write_only=True)
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        title = self.title if self.sheets == 1 else f"{self.title}（{self.sheets}）"
        self.sheet = self.workbook.create_sheet(title[:31])
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(self.sheet, value=column.label)
            cell.font = Font(bold=True)
            header.append(cell)
        self.sheet.append(header)
        self.rows = 0

    def _cell(self, column: Column, value):
        if value is None:
            return None
        if column.type == DATE:
            return value  # a date cell (yyyy-mm-dd)
        if column.type == DATETIME:
            return json_value(value)  # Excel has no time zones: the ISO text with +08:00
        return text_cell(self.sheet, text_value(value) if isinstance(value, list) else value)

    def write(self, values: list) -> None:
        if self.rows >= XLSX_MAX_ROWS:
            self._new_sheet()
        self.sheet.append([self._cell(c, v) for c, v in zip(self.columns, values, strict=True)])
        self.rows += 1

    def close(self) -> None:
        self.workbook.save(self.path)
        with open(self.path, "rb") as handle:
            os.fsync(handle.fileno())

    def abort(self) -> None:
        """Close the sheets' streams and remove their temporary files (openpyxl keeps each
        write-only sheet in one until the workbook is saved)."""
        for sheet in self.workbook.worksheets:
            try:
                sheet.close()
                sheet._writer.cleanup()
            except Exception:  # noqa: S112 (best effort on the way out of a failure)
                continue


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


FORMATS = {"csv": CsvWriter, "jsonl": JsonLinesWriter, "xlsx": XlsxWriter}
CONTENT_TYPES = {
    CsvWriter.suffix: CsvWriter.content_type,
    JsonLinesWriter.suffix: JsonLinesWriter.content_type,
    XlsxWriter.suffix: XlsxWriter.content_type,
    ".json": "application/json",
}
