"""Reviews' menu entries (see core.menu)."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry(
        "我的评审任务",
        "reviews:task_list",
        section=menu.MANAGE,
        visible=menu.has_role(Role.EXPERT),
        order=20,
        description="分配给我的评审及其期限",
    ),
    menu.Entry(
        "评分表",
        "reviews:sheet_list",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=44,
        description="专家评审的评分项与及格线",
    ),
)
