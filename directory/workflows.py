"""Processes of the directory: organization verification and specialist verification."""

from __future__ import annotations

from accounts.models import User
from accounts.roles import Role
from core.workflow import Action, Deadline, Process, Stage, State, register
from directory.choices import MembershipRole, MembershipState
from directory.choices import VerificationState as V
from directory.permissions import is_org_admin, officer_covers

VERIFICATION_STATES = (
    State(V.UNSUBMITTED, V.UNSUBMITTED.label, Stage.PROGRESS),
    State(V.SUBMITTED, V.SUBMITTED.label, Stage.WAITING),
    State(V.RETURNED, V.RETURNED.label, Stage.REFUSED),
    State(V.VERIFIED, V.VERIFIED.label, Stage.DONE),
)
OFFICERS = frozenset({Role.COUNTY_OFFICER.value, Role.CITY_OFFICER.value})
REVIEW_DAYS = Deadline(5)  # 5 个工作日内审核


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


def _verification_process(key: str, label: str, model: str, org, **fields) -> Process:
    """Both verifications share one table; `org` maps the record to its organization."""

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
        states=VERIFICATION_STATES,
        actions=(
            Action(
                "submit",
                "提交审核",
                (V.UNSUBMITTED,),
                V.SUBMITTED,
                enterprise,
                by_org_admin,
                deadline=REVIEW_DAYS,
                notify=tell_officers,
            ),
            Action(
                "verify",
                "审核通过",
                (V.SUBMITTED,),
                V.VERIFIED,
                OFFICERS,
                by_officer,
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
                deadline=REVIEW_DAYS,
                notify=tell_officers,
            ),
            Action(
                "revoke",
                "撤销认证",
                (V.VERIFIED,),
                V.RETURNED,
                frozenset({Role.CITY_OFFICER.value}),
                by_officer,
                opinion_required=True,
                notify=tell_organization,
                style="danger",
            ),
        ),
        responsible=lambda obj: officers_for(org(obj)),
        **fields,
    )


ORGANIZATION_VERIFICATION = register(
    _verification_process(
        "organization_verification",
        "机构认证",
        "directory.Organization",
        org=lambda obj: obj,
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
    )
)
