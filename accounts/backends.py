"""Password authentication that refuses the published demo password outside demo mode."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils.crypto import constant_time_compare

from accounts.models import user_with_role_keys

# Printed in the README for `make run`; the demo loader gives it to the demo accounts.
DEMO_PASSWORD = "Jining-demo-2026"  # noqa: S105


class PasswordBackend(ModelBackend):
    """Django's model backend, except that the demo password (printed in the README) never logs
    anyone in unless DEMO_MODE is on, even if a database once loaded with demo data goes live."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if (
            not settings.DEMO_MODE
            and password is not None
            and constant_time_compare(password, DEMO_PASSWORD)
        ):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The signed-in user of a request, with their role keys in the same query: every
        signed-in page reads them (menus, permissions), which was a query of its own."""
        user = user_with_role_keys(int(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None
