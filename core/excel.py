"""Excel registers: one declaration of columns serves the export and the import.

An import reads a header row (labels or aliases, any order), validates every line with a form,
reports errors by line and column, and writes nothing unless every line is valid (all or nothing),
the same pattern as the standards importer.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from core.archives import zip_problem

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Column:
    label: str
    name: str  # the form field it feeds on import, and the attribute (or getter) on export
    get: Callable[[Any], Any] | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class RowProblem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.line} 行，{self.column}：{self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    saved: int = 0
    errors: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm(text: Any) -> str:
    return re.sub(r"[\s_\-/／()（）:：*]+", "", str(text or "").strip().lower())


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]

    def values(self, obj) -> list[Any]:
        row = []
        for column in self.columns:
            value = column.get(obj) if column.get else getattr(obj, column.name)
            row.append("" if value is None else value)
        return row

    def write(self, objects: Iterable[Any]) -> bytes:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.title[:31])
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(sheet, value=column.label)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for obj in objects:
            sheet.append([text_cell(sheet, value) for value in self.values(obj)])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def read(self, raw: bytes, file_name: str) -> list[tuple[int, dict[str, str]]]:
        """(line number, {column name: text}) for every non-empty line after the header."""
        table = _read_table(raw, file_name)
        if not table:
            raise ImportFileError("文件是空的")
        lookup = {}
        for column in self.columns:
            for spelling in (column.label, column.name, *column.aliases):
                lookup[_norm(spelling)] = column.name
        mapping = {i: lookup[_norm(h)] for i, h in enumerate(table[0]) if _norm(h) in lookup}
        if not mapping:
            labels = "、".join(c.label for c in self.columns)
            raise ImportFileError(f"没有识别出任何列，表头应包含：{labels}")
        rows = []
        for offset, cells in enumerate(table[1:], start=2):
            if not any(str(c or "").strip() for c in cells):
                continue
            values = {
                name: str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""
                for i, name in mapping.items()
            }
            rows.append((offset, values))
        return rows

    def label_of(self, name: str) -> str:
        return next((c.label for c in self.columns if c.name == name), name)


def text_cell(sheet, value: Any) -> Any:
    """User text as a string cell: openpyxl would store "=..." as a formula that Excel runs
    (formula injection, e.g. =HYPERLINK to a phishing site), and it refuses the whole file for a
    control character, so those are dropped; other values pass unchanged."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting like a formula gets a leading
    apostrophe (OWASP's advice for CSV injection); other values pass unchanged."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def csv_unsafe(value: str) -> str:
    """The text `csv_safe` protected, read back: the apostrophe before a formula start dropped."""
    if value.startswith("'") and value[1:].startswith(CSV_FORMULA_STARTS):
        return value[1:]
    return value


def _read_table(raw: bytes, file_name: str) -> list[list[Any]]:
    if file_name.lower().endswith(".xlsx"):
        problem = zip_problem(raw)
        if problem:
            raise ImportFileError(problem)
        try:
            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise ImportFileError("无法读取该 Excel 文件，请确认是 .xlsx 格式") from error
        return [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 XLSX")
    return list(csv.reader(io.StringIO(text)))


def import_rows(
    *,
    sheet: Sheet,
    raw: bytes,
    file_name: str,
    form_class: type[forms.Form],
    save: Callable[[dict[str, Any]], Any],
    dry_run: bool = False,
) -> ImportResult:
    """Validate every line with `form_class`; save all lines, or none when any is invalid."""
    rows = sheet.read(raw, file_name)
    result = ImportResult(rows=len(rows))
    cleaned = []
    for line, values in rows:
        form = form_class(values)
        if form.is_valid():
            cleaned.append((line, form.cleaned_data))
            continue
        for name, messages in form.errors.items():
            for message in messages:
                result.errors.append(RowProblem(line, sheet.label_of(name), message))
    if result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            for line, data in cleaned:
                try:
                    save(data)
                except ValidationError as error:
                    result.errors.extend(RowProblem(line, "—", m) for m in error.messages)
                    raise
                result.saved += 1
    except ValidationError:
        result.saved = 0  # rolled back: all or nothing
    return result


def xlsx_response(data: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(file_name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
