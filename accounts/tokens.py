"""Signed, expiring, single-use email-confirmation links (no table needed)."""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "accounts.confirm-email"


def _state(user) -> str:
    """Changes once the link has been used (the account is active, or has logged in since), so a
    link cannot reactivate an account the bureau blocked later."""
    value = f"{user.pk}|{user.email}|{user.is_active}|{user.last_login}|{user.password}"
    return salted_hmac(SALT, value).hexdigest()[:24]


def make_confirmation_token(user) -> str:
    return signing.dumps(
        {"u": user.pk, "e": user.email, "s": _state(user)}, salt=SALT, compress=True
    )


def read_confirmation_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SALT, max_age=settings.ACCOUNT_CONFIRMATION_DAYS * 86400)
    except signing.BadSignature:  # includes SignatureExpired
        return None


def token_is_fresh(payload: dict, user) -> bool:
    return constant_time_compare(str(payload.get("s", "")), _state(user))
