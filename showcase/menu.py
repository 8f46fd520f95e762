"""The showcase's menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry(
        "成果展示",
        "showcase:list",
        order=58,
        active_prefix="/showcase/",
        description="地方标准、试点示范、领跑者、资助奖励、标准升级与标准化品牌",
    ),
    menu.Entry(
        "成果展示管理",
        "showcase:manage",
        section=menu.MANAGE,
        visible=menu.bureau,
        order=39,
        description="标准化品牌、典型案例的撰写、发布、排序和首页推荐",
    ),
)
