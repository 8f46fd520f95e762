"""The profiles' menu entries (see core.menu)."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry(
        "标准化档案",
        "profiles:mine",
        section=menu.MANAGE,
        visible=menu.has_role(Role.ENTERPRISE),
        order=60,
        description="本单位制定的标准、试点示范、资助奖励、标准化水平和推荐信息",
    ),
    menu.Entry(
        "标准化水平排名",
        "profiles:ranking",
        section=menu.MANAGE,
        visible=menu.has_role(Role.CITY_OFFICER, Role.COUNTY_OFFICER, Role.ADMINISTRATOR),
        order=61,
        description="按县(市、区)、行业和产业集群排名，可导出 Excel",
    ),
    menu.Entry(
        "标准化水平评分模型",
        "profiles:model",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=62,
        description="各类标准、角色的权重，时效、广度和上限",
    ),
)
