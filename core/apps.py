from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self):
        from core.middleware import connect_signals

        connect_signals()
        from core import exports
        from core.views import build_audit_export

        exports.register("audit", "审计日志", build_audit_export)
        from core import audit_labels, menu

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
            menu.Entry(
                "导出任务", "exports:list", section=menu.USER, visible=menu.authenticated, order=30
            ),
        )
        audit_labels.register(
            {
                "export.request": "申请导出",
                "export.download": "下载导出文件",
                "workflow.deadline_setting": "设置环节办理期限",
            }
        )
        menu.autodiscover("menu")
        menu.autodiscover("audit_labels")
