"""The second factor of officers' and administrators' accounts: TOTP (django-otp) and recovery codes.

After the password, an account that needs it (`required_for`) is signed in but *not verified*:
`accounts.middleware.SecondFactorMiddleware` lets such a session reach only the second-factor
pages and logout until a code from its authenticator app (or a recovery code, used up) is given.
Enterprise users and experts may enrol too; once they have a device, their logins ask for it.

Verification is remembered in the session (`SESSION_KEY`: the user, the device and the
account's `second_factor_stamp`), so a verified request costs no query; an administrator's
reset changes the stamp and every session verified before must verify again.

Recovery codes: 10 per enrolment, 16 random base32 characters (80 bits), shown once; stored by
django-otp's static device as the first 16 characters of their SHA-256 (never in clear).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.choices import LoginOutcome
from accounts.roles import Role
from core import audit

SESSION_KEY = "accounts.second_factor"
# Set at login for accounts that enrolled without being required to (experts, enterprises).
PENDING_KEY = "accounts.second_factor_pending"
FAILURES_KEY = "accounts.second_factor_failures"
NEW_CODES_KEY = "accounts.recovery_codes"

REQUIRED_ROLES = frozenset(
    {Role.COUNTY_OFFICER, Role.SECTOR_DEPARTMENT, Role.CITY_OFFICER, Role.ADMINISTRATOR}
)
DEVICE_NAME = "动态口令"
RECOVERY_NAME = "恢复码"
# The demo's staff accounts share one published secret, so a visitor of `make run` can sign in
# as them (the code is shown on the second-factor page, in DEMO_MODE only).
DEMO_DEVICE_NAME = "演示动态口令"
DEMO_SECRET_HEX = "3132333435363738393031323334353637383930"  # noqa: S105 (RFC 6238 test key)
RECOVERY_CODES = 10
RECOVERY_LENGTH = 16


def required_for(user) -> bool:
    """Officers (city, county, sector) and administrators, staff and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.has_role(*REQUIRED_ROLES)


def is_verified(request) -> bool:
    state = request.session.get(SESSION_KEY)
    user = request.user
    return (
        isinstance(state, dict)
        and state.get("user") == user.pk
        and state.get("stamp") == user.second_factor_stamp
    )


def needs_verification(request) -> bool:
    """A signed-in session that must give its second factor before going anywhere else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not (required_for(user) or request.session.get(PENDING_KEY)):
        return False
    return not is_verified(request)


def mark_verified(request, device) -> None:
    """The session has given its second factor; a new session key against fixation."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "user": request.user.pk,
        "device": device.persistent_id,
        "stamp": request.user.second_factor_stamp,
    }
    request.session.pop(PENDING_KEY, None)
    request.session.pop(FAILURES_KEY, None)
    request.user.otp_device = device


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- codes -------------------------------------------------------------------------------------


def normalize(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def is_recovery_code(code: str) -> bool:
    return len(normalize(code)) == RECOVERY_LENGTH


def _hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode()).hexdigest()[:RECOVERY_LENGTH]


def _new_recovery_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 16 characters, 80 bits
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def secret_base32(device: TOTPDevice) -> str:
    """The key as people type it into an authenticator app: base32 in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// address the QR code carries (the issuer from OTP_TOTP_ISSUER)."""
    return device.config_url


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG (segno: no image library, no script)."""
    import segno

    return segno.make(provisioning_uri(device), error="m").svg_inline(
        scale=5, border=4, title="动态口令二维码", dark="#000", light="#fff"
    )


def current_code(device: TOTPDevice) -> str:
    """The code the device shows now (the demo's hint; tests' personas)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


# --- the login audit ---------------------------------------------------------------------------


def client_address(request) -> str | None:
    """The client's address as the rate limits and django-axes see it (X-Forwarded-For only
    from AXES_PROXY_COUNT trusted proxies)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


def login_event(*, request, outcome: str, user=None, username: str = "", detail: str = ""):
    """Append one row to the login audit (`accounts.LoginEvent`)."""
    from accounts.models import LoginEvent

    if user is not None and not username:
        username = user.get_username()
    meta = getattr(request, "META", {}) if request is not None else {}
    return LoginEvent.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=(username or "")[:150],
        outcome=outcome,
        address=client_address(request) if meta.get("REMOTE_ADDR") else None,
        user_agent=(meta.get("HTTP_USER_AGENT") or "")[:200],
        detail=detail[:200],
    )


# --- writes ------------------------------------------------------------------------------------


def enrolment_device(*, user) -> TOTPDevice:
    """The unconfirmed device the enrolment page shows (the same one on every reload, so the QR
    code scanned a minute ago still matches)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


@transaction.atomic
def enrolment_confirm(*, user, device: TOTPDevice, token: str, request=None) -> Enrolment | None:
    """Confirm the device with a code it shows: it replaces the account's other devices and
    comes with new recovery codes (returned once). None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(normalize(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    audit.record(actor=user, action="user.second_factor_enrol", obj=user)
    login_event(request=request, outcome=LoginOutcome.DEVICE_ENROLLED, user=user)
    return Enrolment(device=device, recovery_codes=codes)


def _replace_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=_hash(c)) for c in codes])
    return codes


@transaction.atomic
def recovery_codes_renew(*, user, request=None) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    codes = _replace_recovery_codes(user)
    audit.record(actor=user, action="user.recovery_codes_renew", obj=user)
    login_event(request=request, outcome=LoginOutcome.RECOVERY_CODES_RENEWED, user=user)
    return codes


@dataclass(frozen=True)
class Check:
    device: object | None  # the device that accepted the code
    throttled: bool = False
    recovery: bool = False


def verify(*, user, code: str) -> Check:
    """Check a code against the account's TOTP device, or a recovery code (then used up).
    django-otp locks the device row and slows it down after each failure (`throttled`)."""
    code = normalize(code)
    recovery = is_recovery_code(code)
    with transaction.atomic():
        if recovery:
            device = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            code = _hash(code)
        else:
            device = (
                TOTPDevice.objects.select_for_update()
                .filter(user=user, confirmed=True)
                .order_by("-pk")
                .first()
            )
        if device is None:
            return Check(None, recovery=recovery)
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return Check(None, throttled=True, recovery=recovery)
        return Check(device if device.verify_token(code) else None, recovery=recovery)


@transaction.atomic
def devices_reset(*, user, actor, request=None) -> int:
    """Remove the account's second-factor devices (a lost phone): it enrols again at its next
    request, and every session verified before must verify again. Returns the devices removed."""
    from accounts.models import User

    user = User.objects.select_for_update().get(pk=user.pk)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    user.second_factor_reset_at = timezone.now()
    user.save(update_fields=["second_factor_reset_at"])
    audit.record(actor=actor, action="user.second_factor_reset", obj=user)
    login_event(
        request=request,
        outcome=LoginOutcome.DEVICE_RESET,
        user=user,
        detail=f"由 {actor.get_username()} 重置" if actor is not None else "",
    )
    return removed


@transaction.atomic
def demo_devices_ensure() -> int:
    """In DEMO_MODE: every account that needs a second factor and has none gets the demo's
    device (the published RFC 6238 test key). Never outside DEMO_MODE."""
    from accounts.models import User

    if not settings.DEMO_MODE:
        raise RuntimeError("演示动态口令只能在 DEMO_MODE=1 时设置")
    created = 0
    for user in User.objects.filter(is_active=True).prefetch_related("groups"):
        if required_for(user) and not has_device(user):
            TOTPDevice.objects.create(
                user=user, name=DEMO_DEVICE_NAME, key=DEMO_SECRET_HEX, confirmed=True
            )
            created += 1
    return created


def demo_hint(user) -> str | None:
    """The current code of a demo device, shown on the second-factor page in DEMO_MODE only."""
    if not settings.DEMO_MODE:
        return None
    device = totp_device(user)
    if device is None or device.name != DEMO_DEVICE_NAME:
        return None
    return current_code(device)
