"""The directory's menu entries (see core.menu)."""

from core import menu


def _organization_admin(user) -> bool:
    from directory.selectors import administers_own_organization

    return menu.authenticated(user) and administers_own_organization(user)


menu.register(
    menu.Entry("机构名录", "directory:organization_list", section=menu.FOOTER, order=30),
    menu.Entry("标准化专员", "directory:specialist_list", section=menu.FOOTER, order=32),
    menu.Entry("技术委员会", "directory:committee_list", section=menu.FOOTER, order=34),
    menu.Entry(
        "专家库",
        "directory:expert_list",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=30,
        description="专家及其专业领域、回避单位",
    ),
    menu.Entry(
        "申报标准化专员",
        "directory:specialist_create",
        section=menu.WORKSPACE,
        visible=_organization_admin,
        order=32,
        description="本机构的标准化专员申报",
    ),
)
# Registering an enterprise creates the account too: linked from 注册 for signed-out visitors.
menu.visitors_only("directory:register_enterprise")
