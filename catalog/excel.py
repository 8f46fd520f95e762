"""Excel and CSV exports of standards; the columns read back through the importer unchanged."""

import csv
import io
import json
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from catalog.choices import DraftingRole
from catalog.models import Standard
from core.excel import csv_safe, text_cell

EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("标准号", "code"),
    ("标准名称", "title"),
    ("英文名称", "title_en"),
    ("标准类型", "kind"),
    ("标准性质", "nature"),
    ("状态", "status"),
    ("发布日期", "issue_date"),
    ("实施日期", "implement_date"),
    ("废止日期", "abolish_date"),
    ("复审确认日期", "review_confirmed_date"),
    ("代替标准", "replaces"),
    ("被代替标准", "replaced_by"),
    ("发布单位", "issuing_body"),
    ("主管部门", "competent_department"),
    ("归口单位", "technical_committee"),
    ("ICS", "ics"),
    ("CCS", "ccs"),
    ("采用国际标准", "adopted_standard"),
    ("采标程度", "adoption_degree"),
    ("起草单位", "drafting_organizations"),
    ("参与起草单位", "participating_organizations"),
    ("起草人", "drafters"),
    ("范围", "scope"),
    ("计划号", "plan_number"),
    ("来源编号", "source_id"),
    ("未采用的原始值", "raw_values"),
]


def export_queryset(queryset):
    return queryset.select_related("ccs").prefetch_related(
        "ics", "drafting_units", "replaces_links", "replaced_by_links"
    )


def _link_text(links, attr: str) -> str:
    return "|".join(
        ("部分代替 " if link.is_partial else "") + getattr(link, attr) for link in links
    )


def standard_row(standard: Standard) -> list:
    values = {
        "kind": standard.get_kind_display(),
        "nature": standard.get_nature_display() if standard.nature else "",
        "status": standard.get_status_display(),
        "replaces": _link_text(standard.replaces_links.all(), "old_code"),
        "replaced_by": _link_text(standard.replaced_by_links.all(), "new_code"),
        "ics": "|".join(i.code for i in standard.ics.all()),
        "ccs": standard.ccs_id or "",
        # The lead unit alone in 起草单位 (the importer reads its first name as the lead), the
        # others in 参与起草单位, so that roles survive a round trip.
        "drafting_organizations": "|".join(
            u.name for u in standard.drafting_units.all() if u.role == DraftingRole.LEAD
        ),
        "participating_organizations": "|".join(
            u.name for u in standard.drafting_units.all() if u.role != DraftingRole.LEAD
        ),
        "drafters": "|".join(standard.drafters or []),
        "raw_values": json.dumps(standard.raw_values, ensure_ascii=False, sort_keys=True)
        if standard.raw_values
        else "",
    }
    row = []
    for _label, name in EXPORT_COLUMNS:
        value = values[name] if name in values else getattr(standard, name)
        row.append("" if value is None else value)
    return row


def write_xlsx(standards: Iterable[Standard], *, title: str = "标准目录") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    header = []
    for label, _name in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for standard in standards:
        sheet.append([text_cell(sheet, value) for value in standard_row(standard)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(standards: Iterable[Standard]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for label, _ in EXPORT_COLUMNS])
    for standard in standards:
        writer.writerow(
            [
                v.isoformat() if hasattr(v, "isoformat") else csv_safe(v)
                for v in standard_row(standard)
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
