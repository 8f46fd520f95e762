"""Writes for accounts and roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import User
from accounts.roles import ROLE_SPECS, Role
from core import audit


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
