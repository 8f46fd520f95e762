from django.apps import AppConfig


class DraftingConfig(AppConfig):
    name = "drafting"
    verbose_name = "地方标准制修订"

    def ready(self) -> None:
        from calls.programs import register_program
        from catalog.templatetags.detail_sections import register_section
        from drafting import workflows  # noqa: F401  (registers the process)

        register_program("local_standard", "地方标准立项")
        register_section("drafting/_standard_process.html")  # 制定过程 on the standard's page

        from consultation.rules import DISPOSE_RULES
        from drafting.models import LocalStandardProject
        from drafting.services import may_manage_consultation, may_upload_drafts
        from drafts.rules import UPLOAD_RULES

        UPLOAD_RULES.register(LocalStandardProject, may_upload_drafts)
        DISPOSE_RULES.register(LocalStandardProject, may_manage_consultation)
