"""The programs' menu entries (see core.menu)."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry("试点示范", "programs:pilot_list", order=50, description="标准化试点示范项目"),
    menu.Entry("资助奖励", "programs:home", order=55, description="标准化资助奖励政策与申报"),
    menu.Entry("成果展示", "programs:pilot_showcase", order=58, description="通过验收的试点示范"),
    menu.Entry("资助政策", "programs:policy_list", section=menu.FOOTER, order=50),
    menu.Entry("企业标准领跑者", "programs:forerunner_list", section=menu.FOOTER, order=52),
    menu.Entry(
        "资助申请",
        "programs:application_list",
        section=menu.MANAGE,
        visible=menu.authenticated,  # scoped inside: own organization, own county, all for the city
        order=50,
        description="资助奖励申请及其办理进度",
    ),
    menu.Entry(
        "申报试点示范",
        "programs:pilot_new",
        section=menu.MANAGE,
        visible=menu.has_role(Role.ENTERPRISE),
        order=52,
        description="本机构申报标准化试点示范项目",
    ),
)
