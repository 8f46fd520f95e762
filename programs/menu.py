"""The programs' menu entries (see core.menu)."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry("试点示范", "programs:pilot_list", order=50, description="标准化试点示范项目"),
    menu.Entry("资助奖励", "programs:home", order=55, description="标准化资助奖励政策与申报"),
    menu.Entry("试点示范成果", "programs:pilot_showcase", section=menu.FOOTER, order=53),
    menu.Entry("资助政策", "programs:policy_list", section=menu.FOOTER, order=50),
    menu.Entry("企业标准领跑者", "programs:forerunner_list", section=menu.FOOTER, order=52),
    menu.Entry("资助奖励公示", "programs:award_notices", section=menu.FOOTER, order=54),
    menu.Entry(
        "改革推进",
        "programs:plan_list",
        section=menu.FOOTER,
        order=59,
        description="标准化综合改革建设方案推进情况",
    ),
    menu.Entry(
        "资助奖励统计",
        "programs:report",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=54,
        description="按企业、标准类别和县(市、区)统计拨付",
    ),
    menu.Entry(
        "新增建设项目",
        "programs:plan_new",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=56,
        description="改革建设方案、标准化品牌的建设项目下达责任单位",
    ),
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
