"""The analytics' menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry(
        "网站统计",
        "analytics:dashboard",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=90,
        active_prefix="/analytics/",
        description="访问量、标准浏览、检索热词与无结果检索",
    ),
)
