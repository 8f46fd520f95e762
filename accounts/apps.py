from django.apps import AppConfig
from django.core import checks


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户与角色"

    def ready(self):
        from accounts import login_audit  # noqa: F401  (connects the login audit's receivers)
        from accounts.checks import site_url_check

        checks.register(site_url_check)
