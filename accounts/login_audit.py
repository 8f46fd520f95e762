"""The login audit's receivers: Django's and django-axes' signals become `LoginEvent` rows.

Connected in `AccountsConfig.ready`. The second-factor steps, device enrolment and reset write
their rows where they happen (`accounts.second_factor`)."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import second_factor
from accounts.choices import LoginOutcome


@receiver(user_logged_in, dispatch_uid="accounts.login_audit.logged_in")
def logged_in(sender, request, user, **kwargs):
    second_factor.login_event(request=request, outcome=LoginOutcome.PASSWORD_OK, user=user)
    session = getattr(request, "session", None)
    if session is None:
        return
    from accounts.middleware import LOGIN_AT_KEY, SEEN_AT_KEY

    now = time.time()
    # Every password login gives the second factor again, even in a session verified before.
    session.pop(second_factor.SESSION_KEY, None)
    session[LOGIN_AT_KEY] = now
    session[SEEN_AT_KEY] = now
    # Accounts that enrolled of their own accord are asked for their code too.
    if not second_factor.required_for(user) and second_factor.has_device(user):
        session[second_factor.PENDING_KEY] = True


@receiver(user_login_failed, dispatch_uid="accounts.login_audit.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    from accounts.models import User

    username = str((credentials or {}).get("username") or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    second_factor.login_event(
        request=request, outcome=LoginOutcome.PASSWORD_FAILED, user=user, username=username
    )


@receiver(user_logged_out, dispatch_uid="accounts.login_audit.logged_out")
def logged_out(sender, request, user, **kwargs):
    if user is None or getattr(request, "session_expired", False):
        return
    second_factor.login_event(request=request, outcome=LoginOutcome.LOGOUT, user=user)


@receiver(user_locked_out, dispatch_uid="accounts.login_audit.locked_out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    from accounts.models import User

    username = str(username or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    second_factor.login_event(
        request=request, outcome=LoginOutcome.LOCKED_OUT, user=user, username=username
    )
