from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "机构与人才"

    def ready(self):
        from accounts.models import User
        from accounts.signals import email_confirmed
        from core import sections
        from directory import workflows  # noqa: F401  (registers the processes)
        from directory.selectors import organization_of
        from directory.views import confirmation_email_section, profile_section

        User.organization_resolver = staticmethod(organization_of)

        email_confirmed.connect(_submit_on_confirm, dispatch_uid="directory.submit_on_confirm")
        sections.register("profile", profile_section)
        sections.register("confirmation_email", confirmation_email_section)


def _submit_on_confirm(sender, user, **kwargs):
    from directory.services import organizations_submit_on_confirm

    organizations_submit_on_confirm(user=user)
