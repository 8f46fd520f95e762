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
