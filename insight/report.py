"""The annual statistics report (DOCX), built from a stored snapshot: a title, a summary of the
key figures, then one table per figure. Charts are left out (the tables carry the numbers; the
charts are on the 统计分析 pages)."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document

from core.templatetags.ui import money as format_money
from insight.models import StatisticsSnapshot

EMPTY = "—"
NO_DATA = "暂无数据"


def display(value, money: bool = False) -> str:
    if value is None:
        return EMPTY
    if money:
        return format_money(value)
    return str(value)


def _total(figure: dict | None, column: int) -> int:
    if not figure:
        return 0
    return sum(row["values"][column] or 0 for row in figure["rows"])


def summary(snapshot: StatisticsSnapshot) -> str:
    """One paragraph with the key figures of the snapshot."""
    year = f"{snapshot.year}年" if snapshot.year else "截至目前"
    kinds = snapshot.figure("local_by_kind")
    led, joined = _total(kinds, 0), _total(kinds, 1)
    enterprise = _total(snapshot.figure("enterprise_by_county"), 0)
    projects = _total(snapshot.figure("projects_by_stage"), 0)
    provincial = _total(snapshot.figure("provincial_by_stage"), 0)
    pilots = sum(
        row["values"][-1]
        for row in (snapshot.figure("pilots_by_level_state") or {"rows": []})["rows"]
    )
    site = snapshot.data.get("site", {})
    parts = [
        f"{year}，本地单位主导制定标准 {led} 项、参与制定标准 {joined} 项",
        f"本地企业自我声明公开企业标准 {enterprise} 项",
        f"市级地方标准项目 {projects} 项",
        f"省级地方标准承担项目 {provincial} 项",
        f"标准化试点示范项目 {pilots} 个",
    ]
    awards = snapshot.figure("awards_by_year")
    if awards and awards["rows"]:
        from decimal import Decimal

        budget = sum(Decimal(r["values"][0]) for r in awards["rows"])
        paid = sum(Decimal(r["values"][1]) for r in awards["rows"])
        parts.append(f"资助奖励预算 {format_money(budget)}、已拨付 {format_money(paid)}")
    users = site.get("registered_users")
    parts.append(f"平台注册用户 {users if users is not None else NO_DATA} 人")
    return "；".join(parts) + "。"


def annual_report_docx(snapshot: StatisticsSnapshot, *, bureau_name: str = "") -> bytes:
    document = Document()
    year = f"{snapshot.year}年度" if snapshot.year else "全部年度"
    document.add_heading(f"济宁市标准化工作统计报告（{year}）", level=0)
    computed = timezone.localtime(snapshot.computed_at)
    byline = f"数据截至 {computed:%Y-%m-%d %H:%M}"
    if bureau_name:
        byline = f"{bureau_name}　{byline}"
    document.add_paragraph(byline)
    document.add_heading("概述", level=1)
    document.add_paragraph(summary(snapshot))
    site = snapshot.data.get("site", {})
    document.add_paragraph(
        "网站访问：首页访问 {}，标准浏览 {}。".format(
            display(site.get("home_visits")) if site.get("home_visits") is not None else NO_DATA,
            display(site.get("standard_views"))
            if site.get("standard_views") is not None
            else NO_DATA,
        )
    )
    for number, figure in enumerate(snapshot.data.get("figures", []), start=1):
        document.add_heading(f"{number}. {figure['title']}", level=1)
        if figure.get("description"):
            document.add_paragraph(figure["description"])
        if not figure["rows"]:
            document.add_paragraph(NO_DATA)
            continue
        table = document.add_table(rows=1, cols=len(figure["columns"]) + 1)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = "项目"
        for i, label in enumerate(figure["columns"], start=1):
            header[i].text = label
        for row in figure["rows"]:
            cells = table.add_row().cells
            cells[0].text = row["label"]
            for i, value in enumerate(row["values"]):
                cells[i + 1].text = display(value, money=i in figure.get("money", []))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
