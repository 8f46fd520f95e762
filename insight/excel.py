"""A figure as a spreadsheet: exactly the table shown beside its chart."""

from __future__ import annotations

from decimal import Decimal

from core.excel import Column, Sheet


def cell(value, decimal: bool):
    """Numbers stay numbers (amounts and shares as 2-decimal numbers); empty is left blank."""
    if value is None:
        return ""
    if decimal and isinstance(value, str):
        return Decimal(value)
    return value


def figure_sheet(figure: dict) -> Sheet:
    decimals = set(figure.get("decimals", []))
    columns = [Column("项目", "label", get=lambda row: row["label"])]
    for index, label in enumerate(figure["columns"]):
        columns.append(
            Column(
                label, f"c{index}", get=lambda row, i=index: cell(row["values"][i], i in decimals)
            )
        )
    return Sheet(figure["title"][:31], tuple(columns))


def figure_xlsx(figure: dict) -> bytes:
    return figure_sheet(figure).write(figure["rows"])
