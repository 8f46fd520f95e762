"""Organizations behind standards: enterprises, institutes, associations, departments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import TimeStampedModel
from directory.choices import (
    CommitteeLevel,
    CommitteePosition,
    MembershipRole,
    MembershipState,
    OrganizationKind,
    VerificationState,
)


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verification_state=VerificationState.VERIFIED)

    def visible_to(self, user):
        """Verified organizations for everyone (public profiles); the bureau sees all, a county
        officer their county's, a member their own organization whatever its state."""
        public = Q(verification_state=VerificationState.VERIFIED)
        return org_scoped(self, user, org_field=None, public=public)

    def internal_visible_to(self, user):
        """Organizations whose internal parts (documents, verification record, contacts) the user
        may see: the bureau, the county officer of its county, its active members. Being
        verified makes the profile public, never these."""
        return org_scoped(self, user, org_field=None)


class Organization(TimeStampedModel):
    """An organization known to the platform, identified by its 统一社会信用代码 where it has one."""

    name = models.CharField("机构名称", max_length=200, db_index=True)
    kind = models.CharField(
        "机构类型", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text="18 位，含校验位",
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name="所在县(市、区)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        "reference.IndustryClass",
        verbose_name="所属行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField("地址", max_length=300, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    introduction = models.TextField("机构简介", blank=True)
    verification_state = models.CharField(
        "认证状态",
        max_length=20,
        choices=VerificationState.choices,
        default=VerificationState.UNSUBMITTED,
        db_index=True,
    )
    verification_changed_at = models.DateTimeField("认证状态变更时间", null=True, blank=True)
    verification_deadline = models.DateField("审核期限", null=True, blank=True)
    clusters = models.ManyToManyField(
        "reference.IndustryCluster",
        verbose_name="所属产业集群",
        blank=True,
        related_name="organizations",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organization_detail", args=[self.pk])

    @property
    def is_verified(self) -> bool:
        return self.verification_state == VerificationState.VERIFIED


class Membership(TimeStampedModel):
    """A user's place in an organization: its administrator or a member, once approved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        "机构内角色", max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    state = models.CharField(
        "状态", max_length=20, choices=MembershipState.choices, default=MembershipState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = "机构成员"
        verbose_name_plural = "机构成员"
        ordering = ["organization", "-role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}（{self.get_role_display()}）"


def org_scoped(
    queryset,
    user,
    *,
    org_field: str | None = "organization",
    county_field: str | None = None,
    public: Q | None = None,
):
    """The one scope of records owned by an organization: the bureau sees all; an active member
    their organization's; a county officer those of their county (`county_field`, by default the
    organization's region); everyone the `public` ones. `org_field=None` when the records are the
    organizations themselves."""
    if user is None or not user.is_authenticated:
        return queryset.filter(public) if public is not None else queryset.none()
    if getattr(user, "is_bureau", False):
        return queryset
    prefix = f"{org_field}__" if org_field else ""
    scope = Q(
        **{
            f"{prefix}memberships__user": user,
            f"{prefix}memberships__state": MembershipState.ACTIVE,
        }
    )
    if public is not None:
        scope |= public
    if user.county_id and "county_officer" in user.role_keys:
        scope |= Q(**{county_field or f"{prefix}region_id": user.county_id})
    return queryset.filter(scope).distinct()


class ExpertQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The pool is not public: the bureau sees it all, an expert their own entry."""
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(user=user)


class Expert(TimeStampedModel):
    """A member of the expert pool (专家库), with specialties and the organizations to keep away from."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    name = models.CharField("姓名", max_length=100)
    title = models.CharField("职称", max_length=100, blank=True)
    employer = models.ForeignKey(
        Organization,
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    ccs_specialties = models.ManyToManyField(
        "reference.CcsClass", verbose_name="专业领域（CCS）", blank=True, related_name="+"
    )
    industry_specialties = models.ManyToManyField(
        "reference.IndustryClass", verbose_name="专业领域（行业）", blank=True, related_name="+"
    )
    is_available = models.BooleanField("可参加评审", default=True)
    is_active = models.BooleanField("在库", default=True)
    note = models.CharField("备注", max_length=300, blank=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ExpertConflict(TimeStampedModel):
    """An organization an expert declared a conflict of interest with (利益冲突声明)."""

    expert = models.ForeignKey(
        Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="回避机构", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("回避原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "利益冲突声明"
        verbose_name_plural = "利益冲突声明"
        constraints = [
            models.UniqueConstraint(fields=["expert", "organization"], name="unique_conflict"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} 回避 {self.organization}"


class SpecialistQuerySet(models.QuerySet):
    def visible_to(self, user):
        return org_scoped(self, user, public=Q(state=VerificationState.VERIFIED))

    def internal_visible_to(self, user):
        """Verified specialists are public; their documents and verification record are not."""
        return org_scoped(self, user)


class Specialist(TimeStampedModel):
    """A standardization specialist (标准化专员) declared by an enterprise, verified by the bureau."""

    organization = models.ForeignKey(
        Organization, verbose_name="所在机构", on_delete=models.CASCADE, related_name="specialists"
    )
    name = models.CharField("姓名", max_length=100)
    position = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    certificate_number = models.CharField("培训证书编号", max_length=60, blank=True)
    state = models.CharField(
        "状态",
        max_length=20,
        choices=VerificationState.choices,
        default=VerificationState.UNSUBMITTED,
        db_index=True,
    )
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    deadline = models.DateField("审核期限", null=True, blank=True)

    objects = SpecialistQuerySet.as_manager()

    class Meta:
        verbose_name = "标准化专员"
        verbose_name_plural = "标准化专员"
        ordering = ["organization", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organization}）"

    def get_absolute_url(self) -> str:
        return reverse("directory:specialist_detail", args=[self.pk])


class TechnicalCommitteeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register of committees is public."""
        return self


class TechnicalCommittee(TimeStampedModel):
    """A technical committee (标准化技术委员会) with a Jining secretariat or Jining members."""

    code = models.CharField("编号", max_length=40, unique=True, help_text="如 SAC/TC 42、SD/TC 12")
    name = models.CharField("名称", max_length=200)
    level = models.CharField("级别", max_length=20, choices=CommitteeLevel.choices)
    secretariat = models.ForeignKey(
        Organization,
        verbose_name="秘书处承担单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="secretariats",
    )
    scope = models.TextField("专业领域", blank=True)

    objects = TechnicalCommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = "标准化技术委员会"
        verbose_name_plural = "标准化技术委员会"
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("directory:committee_detail", args=[self.pk])


class CommitteeMember(TimeStampedModel):
    """A local member of a technical committee."""

    committee = models.ForeignKey(
        TechnicalCommittee,
        verbose_name="技术委员会",
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField("姓名", max_length=100)
    organization = models.ForeignKey(
        Organization,
        verbose_name="工作单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_seats",
    )
    position = models.CharField(
        "职务", max_length=20, choices=CommitteePosition.choices, default=CommitteePosition.MEMBER
    )

    class Meta:
        verbose_name = "技术委员会委员"
        verbose_name_plural = "技术委员会委员"
        ordering = ["committee", "position", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_position_display()}）"
