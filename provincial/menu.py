"""The provincial register's menu entries (see core.menu)."""

from core import menu


def _member(user) -> bool:
    return menu.authenticated(user) and user.organization is not None


menu.register(
    menu.Entry(
        "省标项目",
        "provincial:project_list",
        section=menu.FOOTER,
        order=46,
        description="济宁单位承担的省地方标准",
    ),
    menu.Entry(
        "我的省标项目",
        "provincial:my_projects",
        section=menu.WORKSPACE,  # the check reads the user's membership
        visible=_member,
        order=60,
        description="本机构承担的省地方标准项目，报送进度",
    ),
    menu.Entry(
        "省标项目管理",
        "provincial:queue",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=60,
        description="确认进度报送，登记、导入、导出项目",
    ),
)
