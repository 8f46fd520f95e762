"""The topics' menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry(
        "专题服务",
        "topics:list",
        order=59,
        active_prefix="/topics/",
        description="重点产业专题：标准体系表、覆盖与缺口",
    ),
    menu.Entry(
        "专题维护",
        "topics:manage",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=60,
        description="专题、标准体系表、自动归集规则与缺口处理",
    ),
)
menu.unlisted("topics:create", "reached from 专题维护")
