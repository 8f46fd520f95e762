"""Programs of the bureau: subsidy policies and applications, payments, forerunners, upgraded
standards and pilot projects. Money is Decimal yuan with two places, never float."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import TimeStampedModel, WorkflowRecord
from directory.models import org_scoped
from programs.choices import (
    PILOT_PUBLIC_STATES,
    AllocationMethod,
    AwardKind,
    AwardRole,
    LeadDefinition,
    PilotDomain,
    PilotLevel,
    PilotState,
    PlanItemState,
    PlanKind,
    SubsidyState,
    UpgradeLevel,
)

ZERO = Decimal("0.00")


def money_field(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


class SubsidyPolicyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Policies are public: they say what an enterprise may claim."""
        return self


class SubsidyPolicy(TimeStampedModel):
    """One year's subsidy and award policy (资助奖励政策), configured by the city bureau."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("政策名称", max_length=200)
    budget = money_field("预算（元）")
    enterprise_cap = money_field(
        "单个企业年度上限（元）", null=True, blank=True, help_text="留空表示不设上限"
    )
    window_start = models.DateField("标准发布日期起")
    window_end = models.DateField("标准发布日期止")
    lead_definition = models.CharField(
        "主导的认定", max_length=20, choices=LeadDefinition.choices, default=LeadDefinition.FIRST
    )
    allocation_method = models.CharField(
        "超预算时的分配方式",
        max_length=20,
        choices=AllocationMethod.choices,
        default=AllocationMethod.PRO_RATA,
    )
    publicity_days = models.PositiveSmallIntegerField("公示期（工作日）", default=5)
    call = models.ForeignKey(
        "calls.Call",
        verbose_name="征集通知",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subsidy_policies",
        limit_choices_to={"program": "subsidy"},
        help_text="申报须在该征集通知的申报期内提交",
    )

    objects = SubsidyPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = "资助奖励政策"
        verbose_name_plural = "资助奖励政策"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_start__lte=models.F("window_end")), name="policy_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title if str(self.year) in self.title else f"{self.year}年 {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programs:policy_detail", args=[self.pk])

    def rate_table(self) -> dict[tuple[str, str], Decimal]:
        return {(r.kind, r.role): r.amount for r in self.rates.all()}


class SubsidyRate(models.Model):
    """The amount a policy pays for one standard kind and role."""

    policy = models.ForeignKey(
        SubsidyPolicy, verbose_name="政策", on_delete=models.CASCADE, related_name="rates"
    )
    kind = models.CharField("类别", max_length=20, choices=AwardKind.choices)
    role = models.CharField("角色", max_length=20, choices=AwardRole.choices)
    amount = money_field("金额（元）")

    class Meta:
        verbose_name = "资助标准"
        verbose_name_plural = "资助标准"
        ordering = ["policy", "kind", "role"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "kind", "role"], name="unique_policy_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.get_role_display()} {self.amount}"


class SubsidyApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own organization, own county (county officer), or all (the bureau)."""
        return org_scoped(self, user, org_field="organization")


class SubsidyApplication(TimeStampedModel, WorkflowRecord):
    """An enterprise's claim under a policy, with the computed items and their explanation."""

    policy = models.ForeignKey(
        SubsidyPolicy, verbose_name="政策", on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="申报单位",
        on_delete=models.PROTECT,
        related_name="subsidy_applications",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申报人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    total = money_field("核定金额（元）", default=ZERO)
    score = models.DecimalField("评审得分", max_digits=6, decimal_places=2, null=True, blank=True)
    allocated = money_field("分配金额（元）", null=True, blank=True)

    objects = SubsidyApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "资助奖励申报"
        verbose_name_plural = "资助奖励申报"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["policy", "organization", "state"])]

    def __str__(self) -> str:
        return f"{self.policy.year}年资助申报·{self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("programs:application_detail", args=[self.pk])

    @property
    def granted(self) -> Decimal:
        """What the enterprise is granted: the allocation when there is one, else the total."""
        return self.allocated if self.allocated is not None else self.total

    def get_state_display(self) -> str:
        return SubsidyState(self.state).label if self.state in SubsidyState.values else self.state


class SubsidyItem(models.Model):
    """One standard claimed in an application, as assessed: eligible or not, and why."""

    application = models.ForeignKey(
        SubsidyApplication, verbose_name="申报", on_delete=models.CASCADE, related_name="items"
    )
    line = models.PositiveSmallIntegerField("序号")
    code = models.CharField("标准号", max_length=100)
    standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="标准",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # the printed code and its key stay with the item
        related_name="subsidy_items",
    )
    code_key = models.CharField("标准号键", max_length=100, blank=True, db_index=True)
    series_key = models.CharField("系列键", max_length=100, blank=True, db_index=True)
    kind = models.CharField("类别", max_length=20, choices=AwardKind.choices, blank=True)
    eligible = models.BooleanField("符合条件", default=False)
    role = models.CharField("角色", max_length=20, choices=AwardRole.choices, blank=True)
    position = models.PositiveSmallIntegerField("起草单位排序", null=True, blank=True)
    matched_by = models.CharField("匹配方式", max_length=20, blank=True)
    eligible_amount = money_field("按政策应得（元）", default=ZERO)
    amount = money_field("核定金额（元）", default=ZERO)
    reasons = models.JSONField("计算说明", default=list)

    class Meta:
        verbose_name = "申报标准"
        verbose_name_plural = "申报标准"
        ordering = ["application", "line"]

    def __str__(self) -> str:
        return self.code


class SubsidyPaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return org_scoped(self, user, org_field="application__organization")


class SubsidyPayment(TimeStampedModel):
    """Money paid on an application (拨付记录): date, amount and the voucher reference."""

    application = models.ForeignKey(
        SubsidyApplication, verbose_name="申报", on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField("拨付日期")
    amount = models.DecimalField(
        "金额（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    reference = models.CharField("凭证号", max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SubsidyPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "拨付记录"
        verbose_name_plural = "拨付记录"
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount} {self.reference}"


class ForerunnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register of results is public."""
        return self


class Forerunner(TimeStampedModel):
    """A result of 企业标准领跑者 assessment: an enterprise leading a product or service field."""

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    field = models.CharField("产品或服务领域", max_length=200)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="企业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forerunner_results",
    )
    enterprise_name = models.CharField("企业名称", max_length=200)
    standard_code = models.CharField("自我声明的企业标准", max_length=100)
    standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="目录中的标准",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forerunner_results",
    )
    assessment_body = models.CharField("评估机构", max_length=200)

    objects = ForerunnerQuerySet.as_manager()

    class Meta:
        verbose_name = "企业标准领跑者"
        verbose_name_plural = "企业标准领跑者"
        ordering = ["-year", "field", "enterprise_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "field", "enterprise_name", "standard_code"],
                name="unique_forerunner_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.field} {self.enterprise_name}"


class StandardUpgradeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public when both standards are; the bureau sees all."""
        if user is not None and user.is_authenticated and getattr(user, "is_bureau", False):
            return self
        return self.filter(from_standard__is_public=True).filter(
            Q(to_standard__isnull=True) | Q(to_standard__is_public=True)
        )


class StandardUpgrade(TimeStampedModel):
    """An enterprise, group or municipal standard raised to a higher level (标准升级)."""

    from_standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="原标准",
        on_delete=models.PROTECT,
        related_name="upgrades_to",
    )
    to_standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="升级后的标准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upgrades_from",
        help_text="国际标准不在目录中时留空，填写标准号",
    )
    to_code = models.CharField("升级后的标准号", max_length=100)
    level = models.CharField("升级至", max_length=20, choices=UpgradeLevel.choices)
    year = models.PositiveSmallIntegerField("年度")
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="主导单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standard_upgrades",
    )

    objects = StandardUpgradeQuerySet.as_manager()

    class Meta:
        verbose_name = "标准升级"
        verbose_name_plural = "标准升级"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_standard", "to_code"], name="unique_standard_upgrade"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_standard.code} → {self.to_code}"


class PilotProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(state__in=PILOT_PUBLIC_STATES)

    def visible_to(self, user):
        """Public once accepted for the build-out; the own organization, the own county (county
        officer) and the city see theirs in every state."""
        return org_scoped(
            self,
            user,
            org_field="organization",
            county_field="county_id",
            public=Q(state__in=PILOT_PUBLIC_STATES),
        )


class PilotProject(TimeStampedModel, WorkflowRecord):
    """A standardization pilot or demonstration project (标准化试点示范)."""

    title = models.CharField("项目名称", max_length=200)
    level = models.CharField("级别", max_length=20, choices=PilotLevel.choices, db_index=True)
    domain = models.CharField("领域", max_length=20, choices=PilotDomain.choices)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="承担单位",
        on_delete=models.PROTECT,
        related_name="pilot_projects",
    )
    county = models.ForeignKey(
        "reference.Region",
        verbose_name="所在县(市、区)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    objectives = models.TextField("建设目标")
    standard_system = models.TextField("拟构建的标准体系", blank=True)
    period_start = models.DateField("建设期起")
    period_end = models.DateField("建设期止")
    achievements = models.TextField("建设成效", blank=True)
    call = models.ForeignKey(
        "calls.Call",
        verbose_name="征集通知",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilot_projects",
        limit_choices_to={"program": "pilot"},
    )
    sheet = models.ForeignKey(
        "reviews.ScoreSheet",
        verbose_name="评分表",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="专家评审和验收评审所用的评分表（合格分即验收通过分）",
    )
    acceptance_sheet = models.ForeignKey(
        "reviews.ScoreSheet",
        verbose_name="验收评分表",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acceptance_score = models.DecimalField(
        "验收得分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    named_on = models.DateField("命名日期", null=True, blank=True)
    re_review_on = models.DateField("下次复评日期", null=True, blank=True)

    objects = PilotProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "标准化试点示范项目"
        verbose_name_plural = "标准化试点示范项目"
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")), name="pilot_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:pilot_detail", args=[self.pk])

    def get_state_display(self) -> str:
        return PilotState(self.state).label if self.state in PilotState.values else self.state

    @property
    def is_public(self) -> bool:
        return self.state in PILOT_PUBLIC_STATES


class PilotProgressReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The undertaking organization, its county officer and the bureau."""
        return org_scoped(
            self, user, org_field="pilot__organization", county_field="pilot__county_id"
        )


class PilotProgressReport(TimeStampedModel):
    """A periodic progress report of a pilot project in its build-out (建设进展报告)."""

    pilot = models.ForeignKey(
        PilotProject, verbose_name="项目", on_delete=models.CASCADE, related_name="progress_reports"
    )
    period = models.CharField("报告期", max_length=40, help_text="如 2026年第二季度")
    progress = models.TextField("建设进展")
    problems = models.TextField("存在问题", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_at = models.DateTimeField("市局已阅", null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="阅示人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PilotProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = "试点示范建设进展报告"
        verbose_name_plural = "试点示范建设进展报告"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pilot} {self.period}"


class PlanField(models.Model):
    """A field of the reform plan (乡村振兴、新旧动能转换、公共服务…), kept as data."""

    name = models.CharField("领域", max_length=50, unique=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "建设领域"
        verbose_name_plural = "建设领域"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class PlanItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The plan's progress is public (a government plan); drafts are the bureau's."""
        if user is not None and user.is_authenticated and getattr(user, "is_bureau", False):
            return self
        return self.exclude(state=PlanItemState.DRAFT)


class PlanItem(TimeStampedModel, WorkflowRecord):
    """A construction project of the reform plan (or of the brand plan): who does what by when."""

    plan = models.CharField(
        "方案", max_length=20, choices=PlanKind.choices, default=PlanKind.REFORM
    )
    field = models.ForeignKey(
        PlanField, verbose_name="领域", on_delete=models.PROTECT, related_name="items"
    )
    title = models.CharField("建设项目", max_length=200)
    responsible = models.ForeignKey(
        "directory.Organization",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    targets = models.TextField("建设目标")
    due_date = models.DateField("完成时限")

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = "改革建设项目"
        verbose_name_plural = "改革建设项目"
        ordering = ["field__position", "due_date", "id"]

    # A workspace queue line shows the title and links by id: no parent rows to read with it,
    # and no other column.
    queue_line_related: tuple[str, ...] = ()
    queue_line_fields: tuple[str, ...] = ("title",)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:plan_detail", args=[self.pk])

    def get_state_display(self) -> str:
        return PlanItemState(self.state).label if self.state in PlanItemState.values else self.state

    @property
    def organization(self):
        """The unit that reports (scope checks and panels read `organization`)."""
        return self.responsible
