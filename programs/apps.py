from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "试点示范与资助奖励"

    def ready(self):
        from catalog.templatetags.detail_sections import register_section

        # The catalog's standard page shows the upgrade links; catalog never imports programs.
        register_section("programs/_standard_upgrades.html")
        from programs import workflows  # noqa: F401  (registers the processes)
