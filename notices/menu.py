"""The notices' menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry(
        "通知公告",
        "notices:list",
        order=38,
        active_prefix="/notices/",
        description="通知公告、政策法规与工作动态",
    ),
    menu.Entry("政策法规", "notices:policy_list", section=menu.FOOTER, order=10),
    menu.Entry("工作动态", "notices:news_list", section=menu.FOOTER, order=12),
    menu.Entry(
        "发布通知",
        "notices:manage",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=38,
        description="通知公告、政策法规与工作动态的撰写、定时发布和撤回",
    ),
)
