"""Writes for accounts and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import ROLE_SPECS, Role
from core import audit, sections


def _permissions_for(spec_permissions: tuple[str, ...]) -> list[Permission]:
    perms: list[Permission] = []
    for entry in spec_permissions:
        app_label, codename = entry.split(".", 1)
        qs = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            qs = qs.filter(codename=codename)
            if not qs.exists():
                raise LookupError(f"角色定义引用了不存在的权限 {entry}")
        perms.extend(qs)
    return perms


@transaction.atomic
def roles_sync(*, actor=None) -> dict[str, int]:
    """Create or update one auth group per role with exactly the permissions defined in code."""
    changed = 0
    for role, spec in ROLE_SPECS.items():
        group, created = Group.objects.get_or_create(name=role.value)
        wanted = {p.pk for p in _permissions_for(spec.permissions)}
        current = set(group.permissions.values_list("pk", flat=True))
        if created or wanted != current:
            group.permissions.set(wanted)
            changed += 1
            audit.record(
                actor=actor,
                action="role.sync",
                obj=group,
                extra={"added": len(wanted - current), "removed": len(current - wanted)},
            )
    return {"roles": len(ROLE_SPECS), "changed": changed}


@transaction.atomic
def user_grant_role(*, user: User, role: Role, actor=None) -> None:
    """Give a user a role (and staff access to the admin where the role needs it)."""
    group = Group.objects.get(name=role.value)
    user.groups.add(group)
    if ROLE_SPECS[role].is_staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.__dict__.pop("_role_keys", None)
    audit.record(actor=actor, action="user.grant_role", obj=user, extra={"role": role.value})


def _send_confirmation(user: User) -> None:
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from accounts.tokens import make_confirmation_token

    link = settings.SITE_URL + reverse("accounts:confirm", args=[make_confirmation_token(user)])
    context = {
        "user": user,
        "link": link,
        "site": settings.SITE,
        "days": settings.ACCOUNT_CONFIRMATION_DAYS,
        # What confirming will also do, told by the apps built on accounts (core.sections).
        "notes": sections.render("confirmation_email", obj=user),
    }
    send_mail(
        subject=f"【{settings.SITE['short_name']}】请确认您的邮箱",
        message=render_to_string("accounts/email/confirm.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def user_register(
    *,
    username: str,
    display_name: str,
    email: str,
    password: str,
    phone: str = "",
) -> User:
    """A new account, inactive until the email link is followed."""
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        display_name=display_name,
        phone=phone,
        is_active=False,
        email_confirmed_at=None,
    )
    audit.record(actor=user, action="user.register", obj=user, extra={"email": email})
    transaction.on_commit(lambda: _send_confirmation(user))
    return user


@transaction.atomic
def user_confirm_email(*, token: str) -> User | None:
    """Activate the account behind a valid, unused link, then tell the apps that wait for it
    (`accounts.signals.email_confirmed`: the directory submits the new organization)."""
    from accounts.signals import email_confirmed
    from accounts.tokens import read_confirmation_token, token_is_fresh

    payload = read_confirmation_token(token)
    if payload is None:
        return None
    user = User.objects.select_for_update().filter(pk=payload["u"], email=payload["e"]).first()
    if user is None:
        return None
    if not token_is_fresh(payload, user) or user.email_confirmed_at is not None:
        # Used already: following it again changes nothing (and never reactivates a blocked account).
        return user if user.is_active else None
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["is_active", "email_confirmed_at"])
    audit.record(actor=user, action="user.confirm_email", obj=user)
    email_confirmed.send(sender=User, user=user)
    return user


def user_awaiting_confirmation(*, username: str, password: str) -> User | None:
    """The account behind a correct username and password that cannot log in only because its
    email is not confirmed yet; None otherwise (so it tells nothing the password does not prove)."""
    from django.conf import settings
    from django.utils.crypto import constant_time_compare

    from accounts.backends import DEMO_PASSWORD

    if not (username and password):
        return None
    if not settings.DEMO_MODE and constant_time_compare(password, DEMO_PASSWORD):
        return None
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        User().set_password(password)  # the same hashing time as for an existing account
        return None
    if user.is_active or user.email_confirmed_at is not None or not user.check_password(password):
        return None
    return user


@transaction.atomic
def user_resend_confirmation(*, user: User) -> bool:
    """Send the confirmation link again to an account still waiting for it, at most once per
    ACCOUNT_CONFIRMATION_RESEND_SECONDS; False when it is too soon (nothing sent)."""
    from django.conf import settings
    from django.core.cache import cache

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active or user.email_confirmed_at is not None:
        return False
    if not cache.add(f"confirm-resend:{user.pk}", 1, settings.ACCOUNT_CONFIRMATION_RESEND_SECONDS):
        return False
    audit.record(actor=user, action="user.resend_confirmation", obj=user)
    transaction.on_commit(lambda: _send_confirmation(user))
    return True


@transaction.atomic
def user_update_profile(*, user: User, actor, display_name: str, phone: str) -> User:
    before = audit.snapshot(user, ["display_name", "phone"])
    user.display_name = display_name
    user.phone = phone
    user.save(update_fields=["display_name", "phone"])
    audit.record(
        actor=actor,
        action="user.update_profile",
        obj=user,
        before=before,
        after=audit.snapshot(user, ["display_name", "phone"]),
    )
    return user


@transaction.atomic
def api_token_rotate(*, user: User) -> str:
    """Replace the user's API token (for an organization's own systems); returns the new key."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(actor=user, action="user.api_token_rotate", obj=user)
    return token.key
