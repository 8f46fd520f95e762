"""Processes of the directory: organization verification and specialist verification."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import User
from accounts.roles import Role
from core.workflow import Action, Deadline, Process, Stage, State, Task, register, register_hook
from directory.choices import MembershipRole, MembershipState
from directory.choices import VerificationState as V
from directory.models import Expert, Membership, Organization
from directory.permissions import is_org_admin, officer_covers
from directory.selectors import active_membership_list

OFFICERS = frozenset({Role.COUNTY_OFFICER.value, Role.CITY_OFFICER.value})
REVIEW_DAYS = Deadline(5)  # 5 个工作日内审核


# --- scope keys: how work items reach users (core.workflow.hooks) -----------------------------


def region_key(region_id) -> str:
    return f"region:{region_id}" if region_id else ""


def user_scope_keys(user) -> set[str]:
    """`region:<county>` for a county officer; `org:<id>` (and `org-admin:<id>`) per active membership."""
    keys = {region_key(user.county_id)} if getattr(user, "county_id", None) else set()
    for membership in active_membership_list(user):  # read once per request with the acting one
        keys.add(f"org:{membership.organization_id}")
        if membership.role == MembershipRole.ADMIN:
            keys.add(f"org-admin:{membership.organization_id}")
    return keys


def users_in_scope(role: str, scope: str):
    """The users a role-and-scope work item waits for (reminders)."""
    users = User.objects.filter(is_active=True, groups__name=role)
    kind, _, value = scope.partition(":")
    if kind == "region":
        users = users.filter(county_id=value)
    elif kind in ("org", "org-admin"):
        memberships = Q(
            memberships__organization_id=value, memberships__state=MembershipState.ACTIVE
        )
        if kind == "org-admin":
            memberships &= Q(memberships__role=MembershipRole.ADMIN)
        users = users.filter(memberships)
    return users.distinct()


def organization_of(obj) -> Organization | None:
    return obj if isinstance(obj, Organization) else getattr(obj, "organization", None)


def panel_conflict(user, obj) -> str | None:
    """Why `user` may not sit on a panel about `obj`: an expert employed by, member of, or with a
    declared conflict with the record's organization."""
    organization = organization_of(obj)
    if organization is None:
        return None
    if Membership.objects.filter(
        user=user, organization=organization, state=MembershipState.ACTIVE
    ).exists():
        return f"系{organization}成员，须回避"
    expert = Expert.objects.filter(user=user).first()
    if expert is None:
        return None
    if expert.employer_id == organization.pk:
        return f"工作单位为{organization}，须回避"
    declared = expert.conflicts.filter(organization=organization).first()
    if declared is not None:
        return f"已声明与{organization}存在利益冲突{('（' + declared.reason + '）') if declared.reason else ''}"
    return None


register_hook("scope_keys", user_scope_keys)
register_hook("scope_users", users_in_scope)
register_hook("conflict", panel_conflict)


def _review_task(org):
    """The county's officers review their county's records (the city oversees, 督办); records of
    an organization without a county wait for the city bureau itself."""

    def scope(obj):
        return region_key(org(obj).region_id) or None

    return Task(
        "审核认证申请",
        role=Role.COUNTY_OFFICER.value,
        scope=scope,
        key="review",
        oversight=Role.CITY_OFFICER.value,
    )


def _states(org) -> tuple[State, ...]:
    return (
        State(V.UNSUBMITTED, V.UNSUBMITTED.label, Stage.PROGRESS),
        State(
            V.SUBMITTED,
            V.SUBMITTED.label,
            Stage.WAITING,
            tasks=(
                _review_task(org),
                Task(
                    "审核认证申请",
                    role=Role.CITY_OFFICER.value,
                    scope=lambda obj: None if org(obj).region_id else "",
                    key="review_city",
                ),
            ),
            deadline=REVIEW_DAYS,
        ),
        State(
            V.RETURNED,
            V.RETURNED.label,
            Stage.REFUSED,
            tasks=(
                Task(
                    "修改后重新提交",
                    role=Role.ENTERPRISE.value,
                    scope=lambda obj: f"org-admin:{org(obj).pk}",
                    key="resubmit",
                ),
            ),
            waits_for_applicant=True,
        ),
        State(V.VERIFIED, V.VERIFIED.label, Stage.DONE),
    )


def officers_for(organization) -> list[User]:
    """County officers of the organization's county and the city bureau's officers."""
    users = User.objects.filter(is_active=True, groups__name=Role.CITY_OFFICER.value)
    if organization.region_id:
        users = users | User.objects.filter(
            is_active=True, groups__name=Role.COUNTY_OFFICER.value, county=organization.region_id
        )
    return list(users.distinct())


def org_admins(organization) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization=organization,
            memberships__state=MembershipState.ACTIVE,
            memberships__role=MembershipRole.ADMIN,
        )
    )


def _verification_process(
    key: str, label: str, model: str, org, org_path: str, **fields
) -> Process:
    """Both verifications share one table; `org` maps the record to its organization, `org_path`
    is the same in a query ("" for the organization itself, "organization__" for a specialist)."""

    def officer_filter(user):
        """The queryset twin of `officer_covers`."""
        if user.has_role(Role.CITY_OFFICER):
            return Q()
        if user.has_role(Role.COUNTY_OFFICER) and user.county_id:
            return Q(**{f"{org_path}region_id": user.county_id})
        return Q(pk__in=[])

    def by_org_admin(user, obj):
        return is_org_admin(user, org(obj))

    def by_officer(user, obj):
        return officer_covers(user, org(obj))

    def tell_officers(obj, change):
        return officers_for(org(obj))

    def tell_organization(obj, change):
        return org_admins(org(obj))

    enterprise = frozenset({Role.ENTERPRISE.value})
    return Process(
        key=key,
        label=label,
        model=model,
        states=_states(org),
        actions=(
            Action(
                "submit",
                "提交审核",
                (V.UNSUBMITTED,),
                V.SUBMITTED,
                enterprise,
                by_org_admin,
                notify=tell_officers,
            ),
            Action(
                "verify",
                "审核通过",
                (V.SUBMITTED,),
                V.VERIFIED,
                OFFICERS,
                by_officer,
                scope_filter=officer_filter,
                required_documents=("business_license",) if model.endswith("Organization") else (),
                notify=tell_organization,
            ),
            Action(
                "return",
                "退回修改",
                (V.SUBMITTED,),
                V.RETURNED,
                OFFICERS,
                by_officer,
                scope_filter=officer_filter,
                opinion_required=True,
                notify=tell_organization,
                style="danger",
            ),
            Action(
                "resubmit",
                "重新提交",
                (V.RETURNED,),
                V.SUBMITTED,
                enterprise,
                by_org_admin,
                notify=tell_officers,
            ),
            Action(
                "revoke",
                "撤销认证",
                (V.VERIFIED,),
                V.RETURNED,
                frozenset({Role.CITY_OFFICER.value}),
                by_officer,
                scope_filter=officer_filter,
                opinion_required=True,
                notify=tell_organization,
                style="danger",
            ),
        ),
        **fields,
    )


ORGANIZATION_VERIFICATION = register(
    _verification_process(
        "organization_verification",
        "机构认证",
        "directory.Organization",
        org=lambda obj: obj,
        org_path="",
        state_field="verification_state",
        changed_at_field="verification_changed_at",
        deadline_field="verification_deadline",
    )
)
SPECIALIST_VERIFICATION = register(
    _verification_process(
        "specialist_verification",
        "标准化专员认证",
        "directory.Specialist",
        org=lambda obj: obj.organization,
        org_path="organization__",
    )
)
