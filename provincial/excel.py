"""The provincial register as an Excel sheet: the bureau's import (and export) columns."""

from core.excel import Column, Sheet

PROJECTS = Sheet(
    "省级地方标准承担项目",
    (
        Column("标准名称", "title", aliases=("项目名称",)),
        Column("省级计划号", "plan_number", aliases=("计划号", "计划编号")),
        Column("计划年度", "year", aliases=("年度",)),
        Column("所处阶段", "stage", lambda p: p.get_stage_display(), ("阶段",)),
        Column("进入该阶段日期", "stage_date", lambda p: p.stage_dates.get(p.stage, "")),
        Column(
            "本地起草单位",
            "units",
            lambda p: "；".join(u.name for u in p.units.all()),
            ("起草单位",),
        ),
        Column("联系人", "contact_name"),
        Column("联系电话", "contact_phone"),
        Column("发布标准号", "standard_code", aliases=("标准号",)),
    ),
)
