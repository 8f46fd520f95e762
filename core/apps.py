from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self):
        from core.middleware import connect_signals

        connect_signals()
