from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "标准目录"

    def ready(self):
        from catalog import exports

        exports.register()
