from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "标准目录"

    def ready(self):
        from catalog import exports, outbox
        from catalog.search import indexer
        from catalog.sections import organization_detail_section
        from core import sections

        exports.register()
        # Looked up at each call, so a test may patch indexer.apply_inline.
        outbox.on_commit_apply(lambda: indexer.apply_inline())
        sections.register("organization_detail", organization_detail_section)
