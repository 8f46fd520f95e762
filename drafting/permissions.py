"""Who may act on a project (the scope checks of the process's actions, pages and the API)."""

from __future__ import annotations

from accounts.models import User
from accounts.roles import Role
from directory.choices import MembershipState
from directory.models import Membership
from directory.permissions import officer_covers


def _unit_org_ids(obj) -> set[int]:
    ids = {u.organization_id for u in obj.units.all() if u.organization_id}
    if obj.organization_id:
        ids.add(obj.organization_id)
    return ids


def is_drafter(user, obj) -> bool:
    """The sponsor, or an active member of the lead or another drafting unit."""
    if user is None or not user.is_authenticated:
        return False
    if obj.sponsor_id == user.pk:
        return True
    return Membership.objects.filter(
        user=user, organization_id__in=_unit_org_ids(obj), state=MembershipState.ACTIVE
    ).exists()


def by_applicant(user, obj) -> bool:
    return obj.sponsor_id == user.pk or (
        obj.organization_id is not None
        and Membership.objects.filter(
            user=user, organization_id=obj.organization_id, state=MembershipState.ACTIVE
        ).exists()
    )


def by_drafter(user, obj) -> bool:
    return is_drafter(user, obj)


def by_county(user, obj) -> bool:
    """The county officer of the lead drafting unit's county, or the city bureau."""
    if user.has_role(Role.CITY_OFFICER):
        return True
    return obj.organization_id is not None and officer_covers(user, obj.organization)


def by_city(user, obj) -> bool:
    return user.has_role(Role.CITY_OFFICER)


def drafters(obj):
    """Who a drafting-unit work item waits for: the sponsor and the lead unit's administrators."""
    users = [obj.sponsor]
    if obj.organization_id:
        users += list(
            User.objects.filter(
                memberships__organization_id=obj.organization_id,
                memberships__state=MembershipState.ACTIVE,
                is_active=True,
            ).exclude(pk=obj.sponsor_id)
        )
    return users
