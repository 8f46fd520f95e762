from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "机构与人才"

    def ready(self):
        from directory import workflows  # noqa: F401  (registers the processes)
