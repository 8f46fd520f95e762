from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = "征集通知"

    def ready(self) -> None:
        from calls import programs

        programs.register_defaults()
