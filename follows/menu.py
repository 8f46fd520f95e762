"""The follows' menu entry (see core.menu)."""

from core import menu

menu.register(
    menu.Entry("我的关注", "follows:home", section=menu.USER, visible=menu.authenticated, order=20)
)
