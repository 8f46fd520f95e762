"""The open data's menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry(
        "开放数据",
        "opendata:index",
        section=menu.FOOTER,
        order=21,
        description="标准目录和地方标准的批量下载、数据字典和增量同步接口",
    ),
)
