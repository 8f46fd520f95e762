"""Signed, expiring email-confirmation links (no table needed)."""

from django.conf import settings
from django.core import signing

SALT = "accounts.confirm-email"


def make_confirmation_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def read_confirmation_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=SALT, max_age=settings.ACCOUNT_CONFIRMATION_DAYS * 86400)
    except signing.BadSignature:  # includes SignatureExpired
        return None
