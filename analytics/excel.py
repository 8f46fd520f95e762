"""The daily figures as a spreadsheet (through core.excel: formula-safe cells)."""

from core.excel import Column, Sheet

DAILY_SHEET = Sheet(
    "网站每日统计",
    (
        Column("日期", "day", get=lambda f: f.day.isoformat()),
        Column("新注册用户", "registered_users"),
        Column("首页访问", "home_visits"),
        Column("标准浏览", "standard_views"),
        Column("检索次数", "searches", get=lambda f: f.searches),
        Column("网页检索", "search_page"),
        Column("接口检索", "search_api"),
        Column("无结果检索", "zero_result_searches"),
    ),
)
