"""Object-scope checks shared by the workflow declarations, views and the API."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect

from accounts.roles import Role
from directory.choices import MembershipRole, MembershipState, VerificationState
from directory.models import Membership, Organization
from directory.selectors import organization_of


def is_member(user, organization: Organization, *, admin: bool = False) -> bool:
    if user is None or not user.is_authenticated or organization is None:
        return False
    qs = Membership.objects.filter(
        user=user, organization=organization, state=MembershipState.ACTIVE
    )
    if admin:
        qs = qs.filter(role=MembershipRole.ADMIN)
    return qs.exists()


def is_org_admin(user, organization: Organization) -> bool:
    return is_member(user, organization, admin=True)


def officer_covers(user, organization: Organization) -> bool:
    """The city bureau covers every organization; a county officer those of their county."""
    if user.has_role(Role.CITY_OFFICER):
        return True
    return (
        user.has_role(Role.COUNTY_OFFICER)
        and user.county_id is not None
        and user.county_id == organization.region_id
    )


def organization_can_apply(organization: Organization | None) -> bool:
    """Only a verified organization may submit applications (projects, pilots, subsidies…)."""
    return (
        organization is not None and organization.verification_state == VerificationState.VERIFIED
    )


def verified_organization_required(view):
    """For views where an enterprise applies: the user's organization must be verified."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not organization_can_apply(organization_of(request.user)):
            messages.error(request, "您所在的机构尚未通过认证，暂不能提交申请。请先完成机构认证。")
            return redirect("accounts:profile")
        return view(request, *args, **kwargs)

    return wrapper
