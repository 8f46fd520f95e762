"""Excel registers: one declaration of columns serves the export and the import.

An import reads a header row (labels or aliases, any order), validates every line with a form,
reports errors by line and column, and writes nothing unless every line is valid (all or nothing),
the same pattern as the standards importer.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

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
        table = read_table(raw, file_name)
        try:
            _line, header = next(table)
        except StopIteration:
            raise ImportFileError("文件是空的") from None
        lookup = {}
        for column in self.columns:
            for spelling in (column.label, column.name, *column.aliases):
                lookup[_norm(spelling)] = column.name
        mapping = {i: lookup[_norm(h)] for i, h in enumerate(header) if _norm(h) in lookup}
        if not mapping:
            labels = "、".join(c.label for c in self.columns)
            raise ImportFileError(f"没有识别出任何列，表头应包含：{labels}")
        rows = []
        for line, cells in table:
            if not any(str(c or "").strip() for c in cells):
                continue
            values = {
                name: str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""
                for i, name in mapping.items()
            }
            rows.append((line, values))
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


# --- reading uploads --------------------------------------------------------------------------


@dataclass(frozen=True)
class TableLimits:
    """Caps checked while a table streams in; the declared <dimension> of a sheet is ignored."""

    rows: int = 200_000
    columns: int = 512
    cells: int = 5_000_000  # every cell element read, empty ones included


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF_RE = re.compile(r"([A-Z]{1,3})([0-9]*)")
_UNREADABLE_XLSX = "无法读取 XLSX 文件，文件可能已损坏或不是 Excel 2007 及以上格式"
_MAX_SHARED_STRING_CHARS = 50_000_000
_MAX_CHARS_PER_COLUMN = 2_000  # a CSV line may be this long per column allowed


_ROOT_RE = re.compile(rb"<[A-Za-z_]")


def _xml_head_problem(head: bytes) -> bool:
    """Whether an XML part declares a DTD (entities: the billion-laughs family) or hides its
    root element: a spreadsheet part has neither, so such a part is refused unread."""
    root = _ROOT_RE.search(head)
    return root is None or b"<!DOCTYPE" in head[: root.start()]


class _XmlPart(io.RawIOBase):
    """A member of the archive, streamed, after its head was checked."""

    def __init__(self, stream):
        self._stream = stream
        self._head = stream.read(4096)
        if _xml_head_problem(self._head):
            raise ImportFileError(_UNREADABLE_XLSX)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._stream.read(size)


def _xml_root(archive: zipfile.ZipFile, name: str) -> ET.Element:
    with archive.open(name) as stream:
        return ET.fromstring(_XmlPart(stream).read() + stream.read())  # noqa: S314 (checked: no DTD)


def _xml_events(stream, events=("end",)):
    return ET.iterparse(_XmlPart(stream), events=events)  # noqa: S314 (checked: no DTD)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


class TableReader:
    """The one reader of uploaded tables: CSV (UTF-8 or GBK, told apart by content) and XLSX
    (recognized by content, read as a stream). `rows()` yields (line, [values]) and raises
    ImportFileError, in Chinese, the moment a cap is passed; `cells_read` says how far it got."""

    def __init__(self, raw: bytes, file_name: str = "", limits: TableLimits | None = None):
        self.raw = raw
        self.file_name = file_name
        self.limits = limits or TableLimits()
        self.cells_read = 0
        self.rows_read = 0

    @property
    def is_xlsx(self) -> bool:
        return self.raw[:4] == b"PK\x03\x04"

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        suffix = PurePath(self.file_name).suffix.lower()
        if self.is_xlsx:
            if suffix not in (".xlsx", ""):
                raise ImportFileError(f"文件内容是 XLSX，但扩展名是“{suffix}”，请核对后重新上传")
            return self._xlsx_rows()
        if suffix in (".csv", ".txt", ""):
            return self._csv_rows()
        if suffix == ".xlsx":
            raise ImportFileError(_UNREADABLE_XLSX)
        raise ImportFileError(f"不支持的文件类型“{suffix}”，请上传 CSV 或 XLSX 文件")

    # -- caps --

    def _count_row(self, line: int) -> None:
        self.rows_read += 1
        if self.rows_read > self.limits.rows:
            raise ImportFileError(f"文件超过 {self.limits.rows} 行（第 {line} 行起），请拆分后上传")

    def _count_cell(self, line: int, column: int) -> None:
        self.cells_read += 1
        if column > self.limits.columns:
            raise ImportFileError(
                f"第 {line} 行超过 {self.limits.columns} 列，文件可能有误，请只保留需要的列"
            )
        if self.cells_read > self.limits.cells:
            raise ImportFileError(
                f"文件超过 {self.limits.cells} 个单元格（第 {line} 行起），请拆分后上传"
            )

    # -- CSV --

    def decode(self) -> str:
        raw = self.raw
        if b"\x00" in raw[:8192]:
            raise ImportFileError(
                "文件不是文本格式的 CSV，请上传 CSV（UTF-8 或 GBK 编码）或 XLSX 文件"
            )
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            return text
        raise ImportFileError("无法识别文件编码，请另存为 UTF-8 编码的 CSV 后重试")

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        text = self.decode()
        if not text.strip():
            raise ImportFileError("文件是空的")
        reader = csv.reader(self._csv_lines(text), strict=True)
        start = 1
        try:
            for values in reader:
                self._count_row(start)
                for column in range(1, len(values) + 1):
                    self._count_cell(start, column)
                yield start, values
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ImportFileError(
                f"第 {start} 行起的 CSV 格式有误（{exc}），文件可能被截断或引号不配对"
            ) from exc

    def _csv_lines(self, text: str) -> Iterator[str]:
        """Physical lines, each bounded before the csv module splits it: a line of millions of
        commas would otherwise become a list of millions of cells before any cap could look."""
        longest = self.limits.columns * _MAX_CHARS_PER_COLUMN
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if len(line) > longest:
                raise ImportFileError(f"第 {number} 行过长（超过 {longest} 个字符），文件可能有误")
            yield line

    # -- XLSX --

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        problem = zip_problem(self.raw)
        if problem:
            raise ImportFileError(problem)
        try:
            with zipfile.ZipFile(io.BytesIO(self.raw)) as archive:
                sheet, strings, dates, epoch = self._workbook(archive)
                with archive.open(sheet) as stream:
                    yield from self._sheet_rows(stream, strings, dates, epoch)
        except (
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            OSError,
            ET.ParseError,
            IndexError,
        ) as exc:
            raise ImportFileError(_UNREADABLE_XLSX) from exc

    def _workbook(self, archive: zipfile.ZipFile):
        names = set(archive.namelist())
        _xml_root(archive, "[Content_Types].xml")  # every XLSX has it; a damaged one is refused
        root = _xml_root(archive, "xl/workbook.xml")
        properties = root.find(f"{_NS}workbookPr")
        epoch = 1904 if properties is not None and _truthy(properties.get("date1904")) else 1900
        first = root.find(f"{_NS}sheets/{_NS}sheet")
        if first is None:
            raise ImportFileError("XLSX 文件中没有工作表")
        sheet = "xl/worksheets/sheet1.xml"
        if "xl/_rels/workbook.xml.rels" in names:
            rels = _xml_root(archive, "xl/_rels/workbook.xml.rels")
            wanted = first.get(f"{_REL_NS}id")
            for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
                if rel.get("Id") == wanted:
                    target = rel.get("Target", "")
                    sheet = target.lstrip("/") if target.startswith("/") else "xl/" + target
        strings = self._shared_strings(archive) if "xl/sharedStrings.xml" in names else []
        dates = self._date_styles(archive) if "xl/styles.xml" in names else set()
        return sheet, strings, dates, epoch

    def _shared_strings(self, archive: zipfile.ZipFile) -> list[str]:
        strings: list[str] = []
        chars = 0
        with archive.open("xl/sharedStrings.xml") as stream:
            for _event, element in _xml_events(stream):
                if element.tag == f"{_NS}si":
                    text = "".join(t.text or "" for t in element.iter(f"{_NS}t"))
                    chars += len(text)
                    strings.append(text)
                    element.clear()
                    if len(strings) > self.limits.cells or chars > _MAX_SHARED_STRING_CHARS:
                        raise ImportFileError("文件中的文本过多，请拆分后上传")
        return strings

    @staticmethod
    def _date_styles(archive: zipfile.ZipFile) -> set[int]:
        """Indexes of the cell formats that show numbers as dates."""
        root = _xml_root(archive, "xl/styles.xml")
        custom = {
            int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iter(f"{_NS}numFmt")
        }
        dates = set()
        xfs = root.find(f"{_NS}cellXfs")
        for index, xf in enumerate(xfs if xfs is not None else []):
            number_format = int(xf.get("numFmtId", 0))
            code = custom.get(number_format) or BUILTIN_FORMATS.get(number_format, "")
            if is_date_format(code):
                dates.add(index)
        return dates

    def _sheet_rows(self, stream, strings, dates, epoch) -> Iterator[tuple[int, list[Any]]]:
        row_tag, cell_tag, data_tag = f"{_NS}row", f"{_NS}c", f"{_NS}sheetData"
        line, values, row, data = 0, [], None, None
        context = _xml_events(stream, ("start", "end"))
        for event, element in context:
            if event == "start":
                if element.tag == data_tag:
                    data = element
                elif element.tag == row_tag:
                    row = element
                    number = element.get("r")
                    line = int(number) if number and number.isdigit() else line + 1
                    self._count_row(line)
                    values = []
                continue
            if element.tag == cell_tag:
                reference = _CELL_REF_RE.match(element.get("r") or "")
                column = _column_index(reference[1]) if reference else len(values) + 1
                self._count_cell(line, column)
                value = _cell_value(element, strings, dates, epoch)
                if column > len(values):
                    values.extend([""] * (column - len(values) - 1))
                    values.append(value)
                if row is not None:
                    row.remove(element)  # keep memory flat, however long the row
            elif element.tag == row_tag:
                row = None
                if data is not None:
                    data.remove(element)
                yield line, values
            elif element.tag == data_tag:
                return


def _truthy(value) -> bool:
    return str(value).lower() in ("1", "true")


def _cell_value(element, strings: list[str], dates: set[int], epoch: int) -> Any:
    kind = element.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in element.iter(f"{_NS}t"))
    raw = element.findtext(f"{_NS}v")
    if raw is None or raw == "":
        return ""
    if kind == "s":
        return strings[int(raw)]
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return datetime.datetime.fromisoformat(raw)
    number = float(raw)
    if int(element.get("s", 0)) in dates:
        return from_excel(number, WINDOWS_EPOCH if epoch == 1900 else MAC_EPOCH)
    return int(number) if number.is_integer() and "." not in raw and "E" not in raw else number


def read_table(
    raw: bytes, file_name: str = "", limits: TableLimits | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """(line, values) of every row of an uploaded CSV or XLSX, within `limits`."""
    return TableReader(raw, file_name, limits).rows()


def xlsx_response(data: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(file_name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
