from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self):
        from core import menu

        menu.register(
            menu.Entry(
                "审计日志",
                "audit:list",
                section=menu.MANAGE,
                visible=menu.bureau,  # the bureau roles hold core.view_auditevent
                order=90,
                description="谁在何时做了什么，可筛选、导出",
            ),
            menu.Entry("管理后台", "admin:index", section=menu.USER, visible=menu.staff, order=40),
        )
        menu.autodiscover("menu")
        menu.autodiscover("audit_labels")
