"""The portal's menu entries (see core.menu)."""

from core import menu

menu.register(
    menu.Entry("首页", "portal:home", order=0, active_prefix="/"),
)

menu.register(menu.Entry("无障碍声明", "portal:accessibility", section=menu.FOOTER, order=10))
menu.register(menu.Entry("隐私政策", "portal:privacy", section=menu.FOOTER, order=11))
menu.unlisted("portal:favicon", "the site's icon, asked for by browsers")
