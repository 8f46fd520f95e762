"""Publicity's menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry("公示", "publicity:notice_list", order=44, description="公示期内可提出异议"),
    menu.Entry(
        "公示异议",
        "publicity:objection_list",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=42,
        description="答复公示期间收到的异议",
    ),
)
