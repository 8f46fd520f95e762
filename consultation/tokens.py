"""Signed links for invited units: answer without an account (comment or 无意见)."""

from __future__ import annotations

from django.core import signing

SALT = "consultation.invited"


def make_invitation_token(invited) -> str:
    return signing.dumps(
        {"i": invited.pk, "c": invited.consultation_id, "e": invited.email}, salt=SALT
    )


def read_invitation_token(token: str) -> dict | None:
    """The payload if the signature holds (the link lives as long as the consultation)."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
