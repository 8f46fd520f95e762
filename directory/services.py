"""Writes of the directory: organizations and their members, specialists, experts, committees."""

from __future__ import annotations

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role, user_register
from core import audit
from core.workflow import Action, transition
from directory.choices import MembershipRole, MembershipState, VerificationState
from directory.models import (
    CommitteeMember,
    Expert,
    ExpertConflict,
    Membership,
    Organization,
    Specialist,
    TechnicalCommittee,
)
from directory.permissions import is_org_admin
from directory.validation import clean_uscc
from directory.workflows import SPECIALIST_VERIFICATION, org_admins
from notifications.choices import Kind
from notifications.services import notify
from reference.models import IndustryCluster

ORGANIZATION_FIELDS = (
    "name",
    "kind",
    "uscc",
    "region",
    "industry",
    "address",
    "contact_person",
    "contact_phone",
    "contact_email",
)


def _organization_insert(*, actor, action: str, fields: dict) -> Organization:
    fields["uscc"] = clean_uscc(fields["uscc"]) if fields.get("uscc") else None
    unknown = set(fields) - {*ORGANIZATION_FIELDS, "introduction"}
    if unknown:
        raise TypeError(f"unknown organization fields {unknown}")
    organization = Organization.objects.create(**fields)
    audit.record(actor=actor, action=action, obj=organization, after=audit.snapshot(organization))
    return organization


@transaction.atomic
def organization_register(*, admin: User, actor, **fields) -> Organization:
    """A new organization (not yet submitted) with `admin` as its administrator."""
    clean_uscc(fields.get("uscc", ""))  # registration requires the code
    organization = _organization_insert(actor=actor, action="organization.register", fields=fields)
    Membership.objects.create(
        user=admin,
        organization=organization,
        role=MembershipRole.ADMIN,
        state=MembershipState.ACTIVE,
        decided_at=timezone.now(),
    )
    user_grant_role(user=admin, role=Role.ENTERPRISE, actor=actor)
    return organization


@transaction.atomic
def enterprise_register(*, account: dict, organization: dict, licence) -> User:
    """An enterprise user and their organization with its business licence (营业执照, a private
    document of the organization); the organization is submitted for verification when the
    email is confirmed."""
    from documents.choices import DocumentKind
    from documents.services import document_attach

    user = user_register(**account)
    registered = organization_register(admin=user, actor=user, **organization)
    document_attach(obj=registered, upload=licence, kind=DocumentKind.BUSINESS_LICENSE, actor=user)
    return user


def organizations_submit_on_confirm(*, user: User) -> None:
    """When an administrator confirms their email, the organizations they registered (not yet
    submitted) go to the county officer (receiver of `accounts.signals.email_confirmed`)."""
    for membership in Membership.objects.filter(
        user=user,
        role=MembershipRole.ADMIN,
        state=MembershipState.ACTIVE,
        organization__verification_state=VerificationState.UNSUBMITTED,
    ).select_related("organization"):
        transition(obj=membership.organization, action="submit", actor=user)


@transaction.atomic
def organization_create(*, actor, **fields) -> Organization:
    """An organization entered by the bureau (admin), without members; not yet submitted."""
    return _organization_insert(actor=actor, action="organization.create", fields=fields)


@transaction.atomic
def organization_delete(*, organization: Organization, actor) -> None:
    """Remove an organization (administrators, in the admin); the audit keeps what it was."""
    before = audit.snapshot(organization)
    audit.record(actor=actor, action="organization.delete", obj=organization, before=before)
    organization.delete()


@transaction.atomic
def organization_update(*, organization: Organization, actor, **fields) -> Organization:
    """Edit an organization's profile: its administrators or the bureau."""
    if not (is_org_admin(actor, organization) or actor.is_bureau):
        raise PermissionDenied("只有机构管理员可以修改机构信息")
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if "uscc" in fields:  # some organizations (departments…) have none
        fields["uscc"] = (
            clean_uscc(fields["uscc"], exclude_pk=locked.pk) if fields["uscc"] else None
        )
    before = audit.snapshot(locked)
    for name, value in fields.items():
        if name not in (*ORGANIZATION_FIELDS, "introduction"):
            raise TypeError(name)
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    audit.record(
        actor=actor,
        action="organization.update",
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
    )
    return locked


def clusters_proposed_for(industry) -> list:
    """The active clusters whose GB/T 4754 大类 include the organization's industry."""
    if industry is None:
        return []
    division = industry.code[:2] if industry.code[:1].isdigit() else None
    if division is None:
        return []
    return list(IndustryCluster.objects.active().filter(industries__code=division))


@transaction.atomic
def organization_clusters_set(*, organization: Organization, clusters, actor) -> Organization:
    """Say which industry clusters an organization belongs to: its administrators or the bureau."""
    if not (is_org_admin(actor, organization) or actor.is_bureau):
        raise PermissionDenied("只有机构管理员可以修改机构信息")
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    wanted = {cluster.pk: cluster for cluster in clusters}
    before = sorted(locked.clusters.values_list("name", flat=True))
    locked.clusters.set(list(wanted.values()))
    after = sorted(cluster.name for cluster in wanted.values())
    if before != after:
        audit.record(
            actor=actor,
            action="organization.clusters",
            obj=locked,
            before={"clusters": before},
            after={"clusters": after},
        )
    return locked


@transaction.atomic
def membership_request(*, user: User, organization: Organization) -> Membership:
    """A registered person asks to join an organization; its administrators decide."""
    existing = Membership.objects.filter(user=user, organization=organization).first()
    if existing and existing.state != MembershipState.REJECTED:
        raise ValidationError("您已申请或已加入该机构")
    if existing:
        existing.state = MembershipState.PENDING
        existing.save(update_fields=["state", "updated_at"])
        membership = existing
    else:
        membership = Membership.objects.create(user=user, organization=organization)
    audit.record(actor=user, action="membership.request", obj=membership)
    admins = org_admins(organization)
    transaction.on_commit(
        lambda: notify(
            recipients=admins,
            kind=Kind.MEMBERSHIP,
            title=f"{user} 申请加入{organization}",
            body="请在“机构成员”页面审批。",
            url=f"/organizations/{organization.pk}/members/",
            obj=organization,
        )
    )
    return membership


@transaction.atomic
def membership_decide(*, membership: Membership, approve: bool, actor) -> Membership:
    """The organization's administrator approves or rejects a colleague's request."""
    locked = (
        Membership.objects.select_for_update()
        .select_related("user", "organization")
        .get(pk=membership.pk)
    )
    if not is_org_admin(actor, locked.organization):
        raise PermissionDenied("只有机构管理员可以审批成员")
    if locked.state != MembershipState.PENDING:
        raise ValidationError("该申请已处理")
    before = audit.snapshot(locked)
    locked.state = MembershipState.ACTIVE if approve else MembershipState.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
    if approve:
        user_grant_role(user=locked.user, role=Role.ENTERPRISE, actor=actor)
    audit.record(
        actor=actor,
        action="membership.decide",
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
    )
    user = locked.user
    transaction.on_commit(
        lambda: notify(
            recipients=[user],
            kind=Kind.MEMBERSHIP,
            title=f"加入{locked.organization}的申请{'已通过' if approve else '未通过'}",
            url=locked.organization.get_absolute_url(),
            obj=locked.organization,
        )
    )
    return locked


SPECIALIST_FIELDS = ("name", "position", "phone", "email", "certificate_number")


@transaction.atomic
def specialist_declare(*, organization: Organization, actor, **fields) -> Specialist:
    """An enterprise declares a standardization specialist and submits it for verification."""
    if not is_org_admin(actor, organization):
        raise PermissionDenied("只有机构管理员可以申报标准化专员")
    specialist = Specialist.objects.create(
        organization=organization, **{k: fields.get(k, "") for k in SPECIALIST_FIELDS}
    )
    audit.record(
        actor=actor, action="specialist.declare", obj=specialist, after=audit.snapshot(specialist)
    )
    transition(obj=specialist, action="submit", actor=actor)
    return specialist


@transaction.atomic
def expert_conflict_declare(
    *, expert: Expert, organization: Organization, reason: str, actor
) -> ExpertConflict:
    """An expert (or the bureau) records an organization the expert must never review."""
    if not (actor.is_bureau or expert.user_id == actor.pk):
        raise PermissionDenied("只能为本人申报回避")
    conflict, created = ExpertConflict.objects.get_or_create(
        expert=expert, organization=organization, defaults={"reason": reason}
    )
    if not created:
        raise ValidationError("已申报过对该机构的回避")
    audit.record(
        actor=actor,
        action="expert.conflict",
        obj=expert,
        extra={"organization": organization.pk, "reason": reason},
    )
    return conflict


# Imports of the registers (bureau only). They call the same kind of audited writes as the pages.


@transaction.atomic
def expert_upsert(*, data: dict, actor) -> Expert:
    """Create or update an expert, matched by name and employer."""
    expert, created = Expert.objects.get_or_create(
        name=data["name"], employer=data.get("employer"), defaults={"title": data.get("title", "")}
    )
    before = audit.snapshot(expert)
    for name in ("title", "phone", "email"):
        setattr(expert, name, data.get(name, ""))
    expert.is_available = data.get("available", True)
    expert.save()
    expert.ccs_specialties.set(data.get("ccs", []))
    expert.industry_specialties.set(data.get("industries", []))
    audit.record(
        actor=actor,
        action="expert.create" if created else "expert.update",
        obj=expert,
        before=None if created else before,
        after=audit.snapshot(expert),
    )
    return expert


# A specialist from the bureau's existing register was verified before the platform: the import
# records that verification through the engine, with the importing officer as the actor, so the
# specialist's history starts with it like any other (not a bare "verified" with no row).
SPECIALIST_IMPORT = replace(
    SPECIALIST_VERIFICATION,
    actions=(
        Action(
            "verify",
            "审核通过",
            (VerificationState.UNSUBMITTED,),
            VerificationState.VERIFIED,
            frozenset({Role.CITY_OFFICER.value, Role.ADMINISTRATOR.value}),
        ),
    ),
)
IMPORT_OPINION = "从原有标准化专员名录导入，导入时已认证"


@transaction.atomic
def specialist_import(*, data: dict, actor) -> Specialist:
    """A specialist from the bureau's existing register: recorded as already verified (a status
    change by the importing officer); an existing one keeps its state, its details updated."""
    specialist, created = Specialist.objects.get_or_create(
        organization=data["organization"], name=data["name"]
    )
    before = audit.snapshot(specialist)
    for name in SPECIALIST_FIELDS[1:]:
        setattr(specialist, name, data.get(name, ""))
    specialist.save(update_fields=[*SPECIALIST_FIELDS[1:], "updated_at"])
    audit.record(
        actor=actor,
        action="specialist.import",
        obj=specialist,
        before=None if created else before,
        after=audit.snapshot(specialist),
    )
    if created:
        transition(
            obj=specialist,
            action="verify",
            actor=actor,
            opinion=IMPORT_OPINION,
            data={"source": "import"},
            process=SPECIALIST_IMPORT,
        )
    return specialist


@transaction.atomic
def committee_upsert(*, data: dict, actor) -> TechnicalCommittee:
    """Create or update a committee by its code; its local members are replaced by the given list."""
    committee, created = TechnicalCommittee.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"], "level": data["level"]}
    )
    before = audit.snapshot(committee)
    committee.name = data["name"]
    committee.level = data["level"]
    committee.secretariat = data.get("secretariat")
    committee.scope = data.get("scope", "")
    committee.save()
    committee.members.all().delete()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=committee, name=n, position=p, organization=o)
        for n, p, o in data.get("members", [])
    )
    audit.record(
        actor=actor,
        action="committee.create" if created else "committee.update",
        obj=committee,
        before=None if created else before,
        after=audit.snapshot(committee),
        extra={"members": len(data.get("members", []))},
    )
    return committee
