"""The workspace's menu entry (see core.menu)."""

from core import menu

menu.register(
    menu.Entry("工作台", "workspace:home", section=menu.USER, visible=menu.authenticated, order=0)
)
