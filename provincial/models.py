"""The register of provincial standards (DB37) whose drafting is undertaken by local units."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import TimeStampedModel
from directory.choices import MembershipState
from provincial.choices import ProvincialStage, UpdateState


def _units_of(user):
    """Project ids one of whose drafting units has `user` as an active member."""
    return DraftingUnit.objects.filter(
        organization__memberships__user=user,
        organization__memberships__state=MembershipState.ACTIVE,
    ).values("project_id")


class ProvincialProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The register is public (title, plan number, stage, units)."""
        return self

    def internal_visible_to(self, user):
        """Documents, contacts and stage updates: the bureau and the project's drafting units."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(pk__in=_units_of(user))

    def of_user(self, user):
        """The projects one of the user's organizations undertakes (我的省标项目)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(pk__in=_units_of(user))


class ProvincialProject(TimeStampedModel):
    """One provincial standard (DB37) in the province's plan, undertaken by local units."""

    title = models.CharField("标准名称", max_length=300)
    plan_number = models.CharField("省级计划号", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField("计划年度", db_index=True)
    stage = models.CharField(
        "所处阶段", max_length=20, choices=ProvincialStage.choices, db_index=True
    )
    stage_dates = models.JSONField("各阶段日期", default=dict, blank=True)
    county = models.ForeignKey(
        "reference.Region",
        verbose_name="所属县(市、区)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    standard_code = models.CharField("发布标准号", max_length=100, blank=True)
    standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="目录中的标准",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProvincialProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "省级地方标准承担项目"
        verbose_name_plural = "省级地方标准承担项目"
        ordering = ["-year", "plan_number"]

    def __str__(self) -> str:
        return f"{self.plan_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("provincial:project_detail", args=[self.pk])

    @property
    def stage_group(self) -> str:
        return "done" if self.stage == ProvincialStage.PUBLISHED else "progress"

    def stage_rows(self) -> list[tuple[str, str, str]]:
        """(stage key, label, ISO date or "") for every stage, in order."""
        return [
            (k, str(label), self.stage_dates.get(k, "")) for k, label in ProvincialStage.choices
        ]


class DraftingUnit(models.Model):
    """A local drafting unit of a project, in its order; registered organizations are linked."""

    project = models.ForeignKey(
        ProvincialProject, verbose_name="项目", on_delete=models.CASCADE, related_name="units"
    )
    order = models.PositiveSmallIntegerField("排序")
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField("单位名称", max_length=200)

    class Meta:
        verbose_name = "起草单位"
        verbose_name_plural = "起草单位"
        ordering = ["project_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="provincial_unit_order")
        ]

    def __str__(self) -> str:
        return self.name


class StageUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Updates of the projects whose internals the user may see."""
        return self.filter(project__in=ProvincialProject.objects.internal_visible_to(user))


class StageUpdate(TimeStampedModel):
    """A drafting unit's report that its project reached a stage; the city bureau confirms it."""

    project = models.ForeignKey(
        ProvincialProject, verbose_name="项目", on_delete=models.CASCADE, related_name="updates"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="报送单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField("进入阶段", max_length=20, choices=ProvincialStage.choices)
    date = models.DateField("日期")
    standard_code = models.CharField("发布标准号", max_length=100, blank=True)
    note = models.TextField("说明", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        "状态", max_length=20, choices=UpdateState.choices, default=UpdateState.DRAFT
    )
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    deadline = models.DateField("办理期限", null=True, blank=True)

    objects = StageUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = "阶段进度报送"
        verbose_name_plural = "阶段进度报送"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project.title}：{self.get_stage_display()}"

    def get_absolute_url(self) -> str:
        return reverse("provincial:update_detail", args=[self.pk])
