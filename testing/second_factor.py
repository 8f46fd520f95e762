"""Signing staff in through their second factor in tests and browser journeys.

Officers' and administrators' sessions reach nothing until they give their second factor
(`accounts.middleware.SecondFactorMiddleware`). Tests sign such personas in properly:

- `VerifiedClient` (the test client of `PersonaTestCase`, and the `client` fixture): its
  `force_login(user)` also marks the session verified, enrolling a TOTP device when the account
  has none, as a real login followed by the code would;
- `code_for(user)`: the code the persona's authenticator app shows now (for pages and browser
  journeys that type it), each call usable once more (django-otp refuses a code twice);
- `enrol(user)`: a confirmed TOTP device with a fixed test key.
"""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor

TEST_KEY_HEX = "3132333435363738393031323334353637383930"


def enrol(user) -> TOTPDevice:
    """The persona's confirmed TOTP device (created with the test key if it has none)."""
    device = second_factor.totp_device(user)
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=second_factor.DEVICE_NAME, key=TEST_KEY_HEX, confirmed=True
        )
    return device


def code_for(user) -> str:
    """The code the persona's device shows now; forgets the last code used and any slow-down,
    so the same persona may sign in several times within one 30-second step."""
    device = enrol(user)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return second_factor.current_code(device)


def verify_session(client: Client, user) -> None:
    """Mark the client's (signed-in) session as having given its second factor."""
    device = enrol(user)
    session = client.session
    session[second_factor.SESSION_KEY] = {
        "user": user.pk,
        "device": device.persistent_id,
        "stamp": user.second_factor_stamp,
    }
    session.pop(second_factor.PENDING_KEY, None)
    session.save()


class VerifiedClient(Client):
    """Django's test client whose `force_login` also passes the second factor where the
    account needs it (`second_factor=False` leaves the session half signed in)."""

    def force_login(self, user, backend=None, *, second_factor_done: bool = True):
        super().force_login(user, backend)
        if second_factor_done and (
            second_factor.required_for(user) or second_factor.has_device(user)
        ):
            verify_session(self, user)
