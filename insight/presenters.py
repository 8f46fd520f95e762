"""Figures as pages show them: display cells for the table and the chart's data for ECharts."""

from __future__ import annotations

from core.templatetags.ui import money as format_money

EMPTY = "—"
NO_DATA = "暂无数据"


def display(value, *, money: bool = False) -> str:
    if value is None or value == "":
        return EMPTY
    if money:
        return format_money(value)
    return str(value)


def chart_data(figure: dict) -> dict:
    """What static/js/charts.js draws: categories, one series per charted column."""
    decimals = set(figure.get("decimals", []))

    def number(value, index):
        if value is None:
            return None
        return float(value) if index in decimals else value

    return {
        "type": figure["chart"],
        "title": figure["title"],
        "unit": figure["unit"],
        "categories": [row["label"] for row in figure["rows"]],
        "series": [
            {
                "name": figure["columns"][i],
                "data": [number(row["values"][i], i) for row in figure["rows"]],
            }
            for i in figure["charted"]
        ],
    }


def table(figure: dict) -> dict:
    money = set(figure.get("money", []))
    return {
        **figure,
        "table_rows": [
            (
                row["label"],
                [
                    (figure["columns"][i], display(v, money=i in money))
                    for i, v in enumerate(row["values"])
                ],
            )
            for row in figure["rows"]
        ],
        "chart_data": chart_data(figure),
        "dom_id": f"figure-{figure['key']}",
    }


def site_cards(site: dict) -> list[tuple[str, str]]:
    def shown(value):
        return NO_DATA if value is None else f"{value:,}"

    return [
        ("注册用户", shown(site.get("registered_users"))),
        ("首页访问", shown(site.get("home_visits"))),
        ("标准浏览", shown(site.get("standard_views"))),
    ]
