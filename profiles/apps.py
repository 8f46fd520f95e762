from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = "标准化档案"

    def ready(self):
        from catalog.importer import drafting_units_imported
        from core import sections
        from profiles import matching
        from profiles.views import organization_profile_section

        drafting_units_imported.connect(matching.on_import, dispatch_uid="profiles_link_units")
        sections.register("organization_detail", organization_profile_section)
