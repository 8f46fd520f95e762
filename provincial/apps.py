from django.apps import AppConfig


class ProvincialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "provincial"
    verbose_name = "省级地方标准承担项目"

    def ready(self) -> None:
        from provincial import workflows  # noqa: F401 (registers the process)
