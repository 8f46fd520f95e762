"""Reading standards from CSV and XLSX files: header mapping, per-row validation, a report.

The flow is the same in the command line and the web: `read_import_file` → `ImportPreview`
(every row validated with `StandardRowForm`, errors by line and column) → `commit_import`.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal

from catalog import services
from catalog.forms import StandardRowForm
from core.excel import ImportFileError, RowProblem, TableLimits, TableReader, csv_unsafe
from reference.models import CcsClass, IcsClass

MAX_ROWS = 2_000_000
# A file uploaded through a page: read as a stream and refused the moment it passes a cap.
UPLOAD_LIMITS = TableLimits(rows=200_000, columns=256, cells=5_000_000)
# The command line reads what its operator gives it, within the same kind of bound.
COMMAND_LIMITS = TableLimits(rows=MAX_ROWS, columns=256, cells=MAX_ROWS * 40)

# Header spellings seen in Chinese catalogs and in the national platforms' exports.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("标准号", "标准编号", "code", "stdcode", "cstdcode", "standardcode", "doclabel"),
    "title": (
        "标准名称",
        "中文名称",
        "标准中文名称",
        "title",
        "ccname",
        "chname",
        "name",
        "doctitle",
        "titlezh",
    ),
    "title_en": ("英文名称", "标准英文名称", "english", "titleen", "cename", "enname"),
    "kind": ("类型", "标准类型", "标准类别", "type", "kind", "stdtype", "doctype"),
    "nature": ("性质", "标准性质", "nature", "stdnature", "ismandatory"),
    "status": ("状态", "标准状态", "status", "state"),
    "issue_date": ("发布日期", "issuedate", "publicationdate", "publishdate"),
    "implement_date": ("实施日期", "actdate", "implementdate", "implementationdate"),
    "abolish_date": ("废止日期", "abolishdate", "withdrawdate"),
    "review_confirmed_date": ("复审确认日期", "确认日期", "reviewdate"),
    "replaces": ("代替标准", "代替", "替代标准", "replaces", "replacestd"),
    "replaced_by": ("被代替标准", "被替代标准", "被代替", "replacedby", "supersededby"),
    "issuing_body": ("发布单位", "发布部门", "发布机构", "issuedby", "publisher", "issuedept"),
    "competent_department": ("主管部门", "chargedept", "competentdept"),
    "technical_committee": ("归口单位", "技术归口", "归口", "tcname", "committee"),
    "ics": ("ics", "ics分类", "ics分类号", "icscode", "国际标准分类号"),
    "ccs": ("ccs", "ccs分类", "ccs分类号", "中国标准分类号", "ccscode"),
    "adopted_standard": ("采用国际标准", "采标", "采用标准", "adoption", "adoptedstd"),
    "adoption_degree": ("采标程度", "采用程度", "一致性程度", "adoptiondegree"),
    "scope": ("范围", "适用范围", "摘要", "scope", "summary", "abstract"),
    "drafting_organizations": ("起草单位", "主要起草单位", "leadingunit", "draftunits"),
    "participating_organizations": ("参与起草单位", "参加起草单位", "participationunits"),
    "drafters": ("起草人", "主要起草人", "authors", "drafters"),
    "plan_number": ("计划号", "计划编号", "plannumber"),
    "source_id": ("来源编号", "docid", "sourceid"),
    "raw_values": ("未采用的原始值", "rawvalues"),
}
# Sent after an import committed, with `after_id`: the drafting units it wrote have larger ids
# (the profiles app links them to organizations; the catalog imports no feature app).
drafting_units_imported = Signal()

FIELD_LABELS = {name: StandardRowForm.base_fields[name].label for name in HEADER_ALIASES}
_ALIAS_TO_FIELD = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


# Control characters (other than tab and new line) that no XLSX can hold: a CSV cell keeps the
# same text an XLSX would, so a record reads back from its own export unchanged.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean_text(value: str) -> str:
    value = csv_unsafe(value.strip())
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_RE.sub("", value).strip()


def _normalize_header(header) -> str:
    text = str(header or "").strip().lower()
    text = re.sub(r"[\s_\-/／()（）:：*]+", "", text)
    return text


def map_headers(headers: list) -> dict[int, str]:
    """Column index → form field. Several columns may feed one field (first non-empty wins)."""
    mapping = {}
    for index, header in enumerate(headers):
        name = _ALIAS_TO_FIELD.get(_normalize_header(header))
        if name:
            mapping[index] = name
    return mapping


@dataclass
class ImportPreview:
    file_name: str
    total_rows: int = 0
    valid_rows: list[dict] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    rejected_lines: set[int] = field(default_factory=set)
    unmapped_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _same_content(first: dict, second: dict) -> bool:
    strip = ("code", "raw_values")
    a = {k: v for k, v in first["values"].items() if k not in strip}
    b = {k: v for k, v in second["values"].items() if k not in strip}
    return a == b and all(
        first[k] == second[k] for k in ("ics_codes", "drafting_units", "replaces", "replaced_by")
    )


def read_import_file(
    data: bytes | IO[bytes],
    file_name: str,
    *,
    progress=None,
    limits: TableLimits = UPLOAD_LIMITS,
) -> ImportPreview:
    """Parse and validate a whole file without writing anything."""
    raw = data if isinstance(data, bytes) else data.read()
    preview = ImportPreview(file_name=file_name)
    reader = TableReader(raw, file_name, limits)
    rows = reader.rows()
    try:
        header_line, headers = next(rows)
    except StopIteration:
        raise ImportFileError("文件是空的") from None
    mapping = map_headers(headers)
    fields = set(mapping.values())
    missing = [FIELD_LABELS[f] for f in ("code", "title") if f not in fields]
    if missing:
        raise ImportFileError(
            f"缺少必需的列：{'、'.join(missing)}（第 {header_line} 行应为表头，"
            "如 标准号、标准名称 或 code、title）"
        )
    preview.unmapped_headers = [
        str(h) for i, h in enumerate(headers) if i not in mapping and str(h).strip()
    ]
    ics_known = set(IcsClass.objects.values_list("code", flat=True))
    ccs_known = set(CcsClass.objects.values_list("code", flat=True))
    seen: dict[str, dict] = {}
    width = len(headers)
    for line, values in rows:
        if not any(str(v).strip() for v in values):
            continue
        preview.total_rows += 1
        if reader.is_xlsx and len(values) < width:  # a sheet leaves trailing empty cells out
            values = [*values, *[""] * (width - len(values))]
        if preview.total_rows > MAX_ROWS:
            raise ImportFileError(f"一次最多导入 {MAX_ROWS} 行，请拆分文件")
        if len(values) != width and not (
            len(values) > width and not any(str(v).strip() for v in values[width:])
        ):
            preview.errors.append(
                RowProblem(
                    line,
                    "整行",
                    f"有 {len(values)} 列，表头有 {width} 列；文件可能被截断或分隔符有误",
                )
            )
            preview.rejected_lines.add(line)
            continue
        data: dict[str, object] = {}
        for index, name in mapping.items():
            value = values[index] if index < len(values) else ""
            if isinstance(value, str):
                value = _clean_text(value)
            if value not in ("", None) and data.get(name) in ("", None):
                data[name] = value
            else:
                data.setdefault(name, "")
        form = StandardRowForm(data, ics_known=ics_known, ccs_known=ccs_known)
        if not form.is_valid():
            for name, messages in form.errors.items():
                column = FIELD_LABELS.get(name, "整行")
                for message in messages:
                    preview.errors.append(RowProblem(line, column, message))
            preview.rejected_lines.add(line)
            continue
        for name, message in form.warnings:
            preview.warnings.append(RowProblem(line, FIELD_LABELS[name], message))
        code = form.cleaned_data["code"]
        row = {
            "line": line,
            "code": code,
            "values": form.standard_values(),
            "ics_codes": form.cleaned_data["ics"],
            "drafting_units": form.cleaned_data["drafting_units"],
            "replaces": form.cleaned_data["replaces"],
            "replaced_by": form.cleaned_data["replaced_by"],
        }
        first = seen.get(code.key)
        if first is not None:
            if _same_content(first, row):
                # The record remembers the rows merged into it (the bureau's data-quality list).
                raw = first["values"]["raw_values"]
                first["values"]["raw_values"] = {
                    **raw,
                    "duplicates": [*raw.get("duplicates", []), f"第 {line} 行：{data['code']}"],
                }
                preview.warnings.append(
                    RowProblem(
                        line,
                        FIELD_LABELS["code"],
                        f"与第 {first['line']} 行是同一标准（{code.format()}），内容相同，已合并",
                    )
                )
            else:
                preview.errors.append(
                    RowProblem(
                        line,
                        FIELD_LABELS["code"],
                        f"标准号 {code.format()} 与第 {first['line']} 行重复，且内容不同",
                    )
                )
                preview.rejected_lines.add(line)
            continue
        seen[code.key] = row
        preview.valid_rows.append(row)
        if progress:
            progress(1)
    if preview.total_rows == 0:
        raise ImportFileError("文件只有表头，没有数据行")
    return preview


def commit_import(
    preview: ImportPreview,
    *,
    actor,
    source: str | None = None,
    skip_invalid: bool = False,
    progress=None,
) -> services.ImportCounts:
    """Write a validated file. Refuses a file with errors unless `skip_invalid` is set."""
    if preview.errors and not skip_invalid:
        raise ValidationError(
            f"文件有 {len(preview.rejected_lines)} 行未通过校验，未导入任何数据",
            code="invalid_rows",
        )
    from catalog.models import StandardDraftingOrganization

    after_id = StandardDraftingOrganization.objects.aggregate(m=Max("id"))["m"] or 0
    counts = services.standards_import(
        preview.valid_rows,
        actor=actor,
        source=source or Path(preview.file_name).name,
        file_name=preview.file_name,
        progress=progress,
    )
    transaction.on_commit(
        lambda: drafting_units_imported.send(sender=commit_import, after_id=after_id, actor=actor)
    )
    return counts
