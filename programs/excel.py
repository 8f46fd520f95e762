"""The forerunner register as Excel: one declaration for the export and the import."""

from __future__ import annotations

from core.excel import Column, ImportResult, Sheet, import_rows
from programs import services
from programs.forms import ForerunnerForm

FORERUNNER_SHEET = Sheet(
    "企业标准领跑者",
    (
        Column("年度", "year"),
        Column("产品或服务领域", "field", aliases=("领域", "产品领域")),
        Column("企业名称", "enterprise_name", aliases=("企业",)),
        Column(
            "统一社会信用代码",
            "uscc",
            get=lambda f: f.organization.uscc if f.organization else "",
            aliases=("信用代码",),
        ),
        Column("自我声明的企业标准", "standard_code", aliases=("企业标准", "标准号")),
        Column("评估机构", "assessment_body"),
    ),
)

SERVICE_FIELDS = (
    "year",
    "field",
    "enterprise_name",
    "standard_code",
    "standard",
    "assessment_body",
    "organization",
)


def forerunner_import(*, raw: bytes, file_name: str, actor, dry_run: bool = False) -> ImportResult:
    """All lines or none; each through `services.forerunner_create` (audited)."""
    services.require_bureau(actor)
    return import_rows(
        sheet=FORERUNNER_SHEET,
        raw=raw,
        file_name=file_name,
        form_class=ForerunnerForm,
        save=lambda data: services.forerunner_create(
            actor=actor, **{k: data[k] for k in SERVICE_FIELDS}
        ),
        dry_run=dry_run,
    )
