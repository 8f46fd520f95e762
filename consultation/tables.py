"""The 征求意见汇总处理表 as XLSX (openpyxl) and DOCX (python-docx), from one list of rows."""

from __future__ import annotations

import io
from collections import Counter

from docx import Document as new_docx
from openpyxl import Workbook

from consultation.choices import Disposition
from consultation.models import Consultation
from consultation.selectors import ordered_comments
from core.excel import text_cell

HEADERS = ("序号", "章条编号", "意见内容", "提出单位", "处理意见", "理由")
WHOLE_DRAFT = "全文"


def table_rows(consultation: Consultation) -> list[tuple[str, ...]]:
    return [
        (
            str(i),
            comment.clause or WHOLE_DRAFT,
            comment.content,
            comment.proposer,
            comment.get_disposition_display() if comment.disposition else "未处理",
            comment.reason,
        )
        for i, comment in enumerate(ordered_comments(consultation), 1)
    ]


def table_summary(consultation: Consultation) -> str:
    comments = list(consultation.comments.values_list("disposition", "organization", "name"))
    senders = {organization or name for _, organization, name in comments}
    counts = Counter(d for d, _, _ in comments)
    return (
        f"共收到 {len(senders)} 个单位或个人的意见 {len(comments)} 条，其中采纳 "
        f"{counts[Disposition.ACCEPTED]} 条，部分采纳 {counts[Disposition.PARTLY]} 条，"
        f"不采纳 {counts[Disposition.REJECTED]} 条。"
    )


def table_title(consultation: Consultation) -> str:
    return f"《{consultation.title}》征求意见汇总处理表"


def table_xlsx(consultation: Consultation) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("征求意见汇总处理表")
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["F"].width = 40
    sheet.append([text_cell(sheet, table_title(consultation))])
    sheet.append(list(HEADERS))
    for row in table_rows(consultation):
        sheet.append([text_cell(sheet, value) for value in row])
    sheet.append([text_cell(sheet, table_summary(consultation))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_docx(consultation: Consultation) -> bytes:
    document = new_docx()
    document.add_heading(table_title(consultation), level=1)
    rows = table_rows(consultation)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
    for table_row, row in zip(table.rows[1:], rows, strict=True):
        for cell, value in zip(table_row.cells, row, strict=True):
            cell.text = _docx_text(value)
    document.add_paragraph(table_summary(consultation))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_text(value: str) -> str:
    """XML cannot hold control characters; python-docx would refuse the whole table."""
    return "".join(ch for ch in value if ch in "\t\n" or ord(ch) >= 32)
