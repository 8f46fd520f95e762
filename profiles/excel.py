"""The ranking as a spreadsheet (core.excel)."""

from core.excel import Column, Sheet


def ranking_sheet() -> Sheet:
    return Sheet(
        title="标准化水平排名",
        columns=(
            Column("名次", "rank"),
            Column("机构名称", "name", get=lambda s: s.organization.name),
            Column("统一社会信用代码", "uscc", get=lambda s: s.organization.uscc or ""),
            Column(
                "县(市、区)",
                "county",
                get=lambda s: s.organization.region.name if s.organization.region else "",
            ),
            Column(
                "所属行业",
                "industry",
                get=lambda s: str(s.organization.industry) if s.organization.industry else "",
            ),
            Column("总分", "total", get=lambda s: float(s.total)),
            Column("主导制定", "led_count"),
            Column("参与制定", "joined_count"),
            Column("评分模型版本", "version", get=lambda s: s.model.version),
            Column(
                "计算时间", "computed_at", get=lambda s: s.computed_at.strftime("%Y-%m-%d %H:%M")
            ),
        ),
    )
