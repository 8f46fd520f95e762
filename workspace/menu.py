"""The workspace's menu entries (see core.menu)."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry("工作台", "workspace:home", section=menu.USER, visible=menu.authenticated, order=0),
    menu.Entry(
        "环节办理期限",
        "workspace:deadlines",
        section=menu.MANAGE,
        visible=menu.has_role(Role.CITY_OFFICER, Role.ADMINISTRATOR),  # as the page checks
        order=80,
        description="各流程各环节的办理时限（工作日或自然日）",
    ),
)
