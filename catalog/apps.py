from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "标准目录"

    def ready(self):
        from catalog.sections import organization_detail_section
        from core import sections

        sections.register("organization_detail", organization_detail_section)
