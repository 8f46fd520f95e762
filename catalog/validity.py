"""Batch validity check (标准有效性确认): for each line of a list of codes, is the standard in
the catalog, what is its status (today or as of a date), and what replaced it.

Lookups are bulk (by normalized key and by base key), never one query per code.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from django.db import connection

from catalog.choices import Status
from catalog.codes import InvalidStandardCode, parse_code
from catalog.models import Standard, StandardReplacement
from core import sql_lists
from core.excel import ImportFileError, TableLimits, read_table, text_cell

MAX_CODES = 10_000
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# One code per row, in the first columns: a few spare rows past MAX_CODES (blank lines, a
# header) and a few dozen columns; anything larger is refused while it is read.
UPLOAD_LIMITS = TableLimits(rows=MAX_CODES * 2, columns=64, cells=MAX_CODES * 64)
_CHUNK = 2_000
_FIELDS = (
    "id",
    "code",
    "code_key",
    "base_key",
    "title",
    "status",
    "issue_date",
    "implement_date",
    "abolish_date",
)
_DATE_FIELDS = ("issue_date", "implement_date", "abolish_date")
_CHUNK_PARSE_CACHE = 100_000
NOT_ISSUED = "not_issued"
STATUS_LABELS = {**dict(Status.choices), NOT_ISSUED: "尚未发布", "replaced": "被代替"}


class ValidityInputError(ValueError):
    """The input cannot be read (binary, too large, too many lines); the message says why."""


@dataclass
class ValidityLine:
    line: int
    text: str
    code: str = ""
    found: bool = False
    error: str = ""
    note: str = ""
    title: str = ""
    status: str = ""
    issue_date: datetime.date | None = None
    implement_date: datetime.date | None = None
    abolish_date: datetime.date | None = None
    replaced_by: list[str] = field(default_factory=list)
    code_key: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    def as_dict(self) -> dict:
        return {
            "line": self.line,
            "input": self.text,
            "code": self.code or None,
            "found": self.found,
            "error": self.error or None,
            "note": self.note or None,
            "title": self.title or None,
            "status": self.status or None,
            "status_label": self.status_label or None,
            "issue_date": self.issue_date,
            "implement_date": self.implement_date,
            "abolish_date": self.abolish_date,
            "replaced_by": self.replaced_by,
            "url": f"/standards/{self.code_key}/" if self.code_key else None,
        }


def status_on(row: dict, day: datetime.date) -> str:
    """The status on `day` from the dates (the stored status when the dates say nothing)."""
    if row["issue_date"] and day < row["issue_date"]:
        return NOT_ISSUED
    if row["abolish_date"] and day >= row["abolish_date"]:
        return Status.ABOLISHED
    if row["implement_date"]:
        return Status.UPCOMING if day < row["implement_date"] else Status.CURRENT
    if row["abolish_date"]:
        return Status.CURRENT
    return row["status"]


# --- reading input ----------------------------------------------------------------------------


def lines_from_text(text: str) -> list[str]:
    return text.splitlines()


def lines_from_upload(raw: bytes) -> list[str]:
    """CSV/TXT or XLSX, recognized by content: the first non-empty cell of each row."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ValidityInputError(f"文件过大（上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB）")
    lines = []
    try:
        if raw[:4] != b"PK\x03\x04" and any(b < 32 and b not in b"\t\r\n" for b in raw[:4096]):
            raise ImportFileError("文件不是文本或 Excel 格式")
        for _line, values in read_table(raw, limits=UPLOAD_LIMITS):
            cells = [str(v).strip() for v in values if str(v).strip()]
            lines.append(cells[0] if cells else "")
            if len(lines) > MAX_CODES + 1:
                break
    except ImportFileError as exc:
        raise ValidityInputError(f"无法读取文件：{exc}") from exc
    if lines and _is_header(lines[0]):
        lines[0] = ""
    return lines


def _is_header(text: str) -> bool:
    return text.replace(" ", "").lower() in {
        "标准号",
        "标准编号",
        "code",
        "标准代号",
        "standardcode",
    }


# --- checking ---------------------------------------------------------------------------------


def _date(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _sqlite_raw() -> str:
    # On SQLite, `+column` reads the stored ISO text (and 0/1) without the driver's per-value
    # converters (Python callbacks), and keeps the planner off that column's index (the
    # unselective is_public index instead of the key's); the dates of the rows chosen are
    # converted by _dated().
    return "+" if connection.vendor == "sqlite" else ""


def _public_rows_by(key: str, keys: set[str], select, params: tuple = ()) -> dict[str, dict]:
    """{key value: row} of public standards, one plain query per chunk of keys (plain tuples:
    the ORM's `__in` lookup and row converters cost more than the query). `select(columns,
    table, where)` is the statement for one chunk; `params` come before the chunk's."""
    qn, raw = connection.ops.quote_name, _sqlite_raw()
    columns = ", ".join(
        (raw if f in _DATE_FIELDS else "") + qn(Standard._meta.get_field(f).column) for f in _FIELDS
    )
    table = qn(Standard._meta.db_table)
    position = _FIELDS.index(key)
    out: dict[str, dict] = {}
    with connection.cursor() as cursor:
        # One statement on PostgreSQL (`= ANY` over one array parameter: an index scan of the
        # key, EXPLAIN ANALYZE'd), chunks of placeholders on SQLite.
        for chunk in sql_lists.chunks(sorted(keys), _CHUNK):
            where, chunk_params = sql_lists.column_in(qn(key), chunk)
            where += f" AND {raw}{qn('is_public')}"
            cursor.execute(select(columns, table, where), [*params, *chunk_params])
            for values in cursor.fetchall():
                out[values[position]] = dict(zip(_FIELDS, values, strict=True))
    return out


def _rows_by_code_key(keys: set[str]) -> dict[str, dict]:
    return _public_rows_by(
        "code_key",
        keys,
        lambda columns, table, where: f"SELECT {columns} FROM {table} WHERE {where}",  # noqa: S608 (quoted names, bound values)
    )


def _preference(day: datetime.date | None) -> tuple[str, list]:
    """SQL ranking an edition for a code without year (lower is preferred; ties go to the newest
    issued, undated last), with its parameters. Without a day: in force, else upcoming, else the
    newest. On a day (the status the dates give that day, as status_on()): in force that day,
    else the newest already issued, else (none issued yet) the first to be issued: 3, which
    orders by issue date ascending."""
    if day is None:
        return "CASE status WHEN %s THEN 0 WHEN %s THEN 1 ELSE 2 END", [
            Status.CURRENT,
            Status.UPCOMING,
        ]
    on = day.isoformat() if connection.vendor == "sqlite" else day
    raw = _sqlite_raw()
    issue, implement, abolish = (raw + name for name in _DATE_FIELDS)
    return (
        f"CASE WHEN {issue} > %s THEN 3"
        f" WHEN {abolish} <= %s THEN 1"
        f" WHEN {implement} IS NOT NULL THEN CASE WHEN {implement} > %s THEN 1 ELSE 0 END"
        f" WHEN {abolish} IS NOT NULL THEN 0"
        " WHEN status = %s THEN 0 ELSE 1 END",
        [on, on, on, Status.CURRENT],
    )


def _editions(base_keys: set[str], day: datetime.date | None) -> dict[str, dict]:
    """For each base key, the public edition a code without year means (see _preference), chosen
    in SQL: the editions are read from the catalog_std_base_editions index alone (thousands of
    rows for a long list), and only the chosen rows from the table."""
    preference, params = _preference(day)

    def select(columns: str, table: str, where: str) -> str:
        return (
            f"SELECT {columns} FROM {table} WHERE id IN ("  # noqa: S608 (quoted names, bound values)
            " SELECT id FROM ("
            "  SELECT id, ROW_NUMBER() OVER (PARTITION BY base_key ORDER BY preference,"
            "   CASE WHEN preference = 3 THEN issue_date END,"
            "   issue_date IS NULL, issue_date DESC, id DESC) AS pick"
            f"  FROM (SELECT id, base_key, issue_date, {preference} AS preference"
            f"   FROM {table} WHERE {where}) AS editions"
            " ) AS ranked WHERE pick = 1)"
        )

    return _public_rows_by("base_key", base_keys, select, tuple(params))


def _dated(row: dict) -> dict:
    """The row with its dates as dates (rows are read with the stored values: most are not
    chosen, and converting them all cost more than the query)."""
    for name in _DATE_FIELDS:
        row[name] = _date(row[name])
    return row


def _replacements(keys: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    keys_list = sorted(keys)
    qn = connection.ops.quote_name
    table = qn(StandardReplacement._meta.db_table)
    with connection.cursor() as cursor:
        for chunk in sql_lists.chunks(keys_list, _CHUNK):
            where, params = sql_lists.column_in("old_key", chunk)
            sql = f"SELECT old_key, new_code, is_partial FROM {table} WHERE {where} ORDER BY id"  # noqa: S608 (quoted name, bound values)
            cursor.execute(sql, params)
            for old_key, new_code, partial in cursor.fetchall():
                out[old_key].append(("部分代替：" if partial else "") + new_code)
    return out


class _Parsed(NamedTuple):
    key: str
    base_key: str
    year: int | None
    formatted: str


@lru_cache(maxsize=_CHUNK_PARSE_CACHE)
def _parse(text: str) -> tuple[_Parsed | None, str]:
    """The parse of a line as plain values, cached: lists repeat codes, and people check the
    same lists again."""
    try:
        code = parse_code(text)
    except InvalidStandardCode as exc:
        return None, str(exc)
    # key, base_key and format() each rebuild the designation: build it once.
    designation, body = code.designation, code._body()
    base = designation + code.number + ("." + code.part if code.part else "")
    return _Parsed(designation + body, base, code.year, f"{designation} {body}"), ""


def check(lines: list[str], *, as_of: datetime.date | None = None) -> list[ValidityLine]:
    """One result per non-blank input line, in input order."""
    if sum(1 for text in lines if text.strip()) > MAX_CODES:
        raise ValidityInputError(f"一次最多确认 {MAX_CODES} 个标准号，请分批提交")
    results: list[ValidityLine] = []
    parsed = {}
    for number, text in enumerate(lines, start=1):
        text = text.strip()
        if not text:
            continue
        item = ValidityLine(line=number, text=text[:200])
        code, error = _parse(text)
        if code is None:
            item.error = error
        else:
            item.code = code.formatted
            parsed[number] = code
        results.append(item)
    exact = _rows_by_code_key({c.key for c in parsed.values() if c.year is not None})
    editions = _editions({c.base_key for c in parsed.values() if c.year is None}, as_of)
    chosen: dict[int, dict] = {}
    for item in results:
        code = parsed.get(item.line)
        if code is None:
            continue
        if code.year is not None:
            if row := exact.get(code.key):
                chosen[item.line] = row
        elif row := editions.get(code.base_key):
            chosen[item.line] = row
            item.note = f"未注明年代号，按{'该日' if as_of else '现行'}版本 {row['code']} 确认"
    for row in chosen.values():
        _dated(row)
    replaced = _replacements(
        {
            row["code_key"]
            for row in chosen.values()
            if (status_on(row, as_of) if as_of else row["status"]) == Status.ABOLISHED
        }
    )
    for item in results:
        row = chosen.get(item.line)
        if row is None:
            if not item.error:
                item.error = "平台未收录该标准"
            continue
        item.found = True
        item.code, item.code_key, item.title = row["code"], row["code_key"], row["title"]
        item.issue_date, item.implement_date = row["issue_date"], row["implement_date"]
        item.abolish_date = row["abolish_date"]
        item.status = status_on(row, as_of) if as_of else row["status"]
        if item.status == Status.ABOLISHED:
            item.replaced_by = replaced.get(row["code_key"], [])
            if item.replaced_by:
                item.status = "replaced"
    return results


def summary(results: list[ValidityLine]) -> dict[str, int]:
    found = sum(1 for r in results if r.found)
    invalid = sum(1 for r in results if not r.code)
    return {
        "total": len(results),
        "found": found,
        "not_found": len(results) - found - invalid,
        "invalid": invalid,
        "current": sum(1 for r in results if r.status == Status.CURRENT),
    }


def write_xlsx(results: list[ValidityLine], *, as_of: datetime.date | None) -> bytes:
    """The report as Excel, written as a stream (write-only): 10,000 lines in well under a
    second. Every text goes through core.excel.text_cell (no formulas, no control characters):
    the input is the visitor's own text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("有效性确认")
    day = as_of or datetime.date.today()
    sheet.append([f"标准有效性确认（状态日期：{day.isoformat()}）"])
    headers = ["行号", "输入", "标准号", "是否收录", "标准名称", "状态", "发布日期", "实施日期"]
    headers += ["废止日期", "代替标准", "说明"]
    bold = Font(bold=True)
    sheet.append([_bold(WriteOnlyCell(sheet, value=h), bold) for h in headers])
    for r in results:
        row = [
            r.line,
            r.text,
            r.code,
            "是" if r.found else "否",
            r.title,
            r.status_label,
            r.issue_date,
            r.implement_date,
            r.abolish_date,
            "；".join(r.replaced_by),
            r.error or r.note,
        ]
        sheet.append([text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(cell, font):
    cell.font = font
    return cell
