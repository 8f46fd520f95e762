"""The statistics' menu entries (see core.menu). 统计分析 sits in the footer: the main
navigation row is full at 1280 px (e2e/test_phone_and_docs.py keeps it to one row)."""

from core import menu
from insight.services import may_view_dashboard

menu.register(
    menu.Entry(
        "统计分析", "insight:public", section=menu.FOOTER, order=15, description="标准化工作统计"
    ),
    menu.Entry(
        "统计看板",
        "insight:dashboard",
        section=menu.MANAGE,
        visible=may_view_dashboard,  # the view's own check
        order=90,
        description="全部统计图表、导出和年度统计报告",
    ),
)
