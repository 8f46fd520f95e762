"""The catalog's menu entries (see core.menu)."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry("标准查询", "catalog:standard_list", order=10),
    menu.Entry("有效性查询", "catalog:validity_check", order=20),
    menu.Entry(
        "标准导入",
        "catalog:import_upload",
        section=menu.MANAGE,
        # The roles granted catalog.import_standards (accounts.roles), without loading permissions.
        visible=menu.has_role(Role.CITY_OFFICER, Role.ADMINISTRATOR),
        order=10,
        description="上传标准目录 Excel，预览后导入",
    ),
    menu.Entry(
        "数据质量",
        "catalog:quality_list",
        section=menu.MANAGE,
        # The roles granted catalog.change_standard (accounts.roles), as the page checks.
        visible=menu.has_role(Role.CITY_OFFICER, Role.ADMINISTRATOR),
        order=12,
        description="状态与日期矛盾、缺失日期、导入时保留的原值",
    ),
)
