"""The calls' menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry("征集通知", "calls:call_list", order=42, description="正在征集的项目申报"),
    menu.Entry(
        "发布征集通知",
        "calls:call_create",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=40,
        description="年度征集、申报窗口与指南",
    ),
)
