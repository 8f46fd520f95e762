"""Local standard projects (地方标准制修订项目), their drafting units, 立项建议 and feedback."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel
from drafting.choices import REVIEW_NOTICE_DAYS, ProjectKind, SuggestionState


def _member_orgs(user):
    from directory.choices import MembershipState
    from directory.models import Membership

    return Membership.objects.filter(user=user, state=MembershipState.ACTIVE).values(
        "organization_id"
    )


def own_q(user) -> Q:
    """Projects the user works on: sponsored by them, or of an organization they belong to
    (lead or drafting unit), or of their county (a county officer), or reviewed by them (an
    expert assigned a review or a panel vote). Subqueries only: no query runs until the
    projects are read, and no join repeats a project. Being lazy, the condition is kept on the
    user object for the request (a project page asks for it three times)."""
    cached = getattr(user, "_own_projects_q", None)
    if cached is None:
        cached = user._own_projects_q = _own_projects_q(user)
    return cached


def _own_projects_q(user) -> Q:
    from core.models import WorkItem
    from reviews.models import Review

    orgs = _member_orgs(user)
    content_type = ContentType.objects.get_for_model(LocalStandardProject)
    # The generic relations keep the project's id as text: cast it back to compare with the pk.
    reviewed = (
        Review.objects.filter(expert=user, content_type=content_type)
        .annotate(project_id=Cast("object_id", models.BigIntegerField()))
        .values("project_id")
    )
    assigned = (
        WorkItem.objects.filter(assignee=user, content_type=content_type)
        .annotate(project_id=Cast("object_id", models.BigIntegerField()))
        .values("project_id")
    )
    own = (
        Q(sponsor=user)
        | Q(organization__in=orgs)
        | Q(pk__in=DraftingUnit.objects.filter(organization__in=orgs).values("project_id"))
        | Q(pk__in=reviewed)
        | Q(pk__in=assigned)
    )
    if getattr(user, "county_id", None):
        own |= Q(organization__region_id=user.county_id)
    return own


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The public sees projects once their plan is issued (the progress tracker); the bureau
        sees all; the others also see the projects they work on."""
        if user is not None and getattr(user, "is_bureau", False):
            return self
        public = Q(plan_number__gt="")
        if user is None or not user.is_authenticated:
            return self.filter(public)
        return self.filter(public | own_q(user))

    def internal_visible_to(self, user):
        """Documents, opinions and history details: the bureau and those working on it."""
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(own_q(user))

    def public(self):
        return self.filter(plan_number__gt="")


class LocalStandardProject(TimeStampedModel):
    """A municipal local standard project, from application to the published standard's 复审."""

    title = models.CharField("标准名称", max_length=200)
    kind = models.CharField(
        "制修订类型", max_length=10, choices=ProjectKind.choices, default=ProjectKind.NEW
    )
    revises = models.ForeignKey(
        "catalog.Standard",
        verbose_name="被修订标准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revision_projects",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name="原项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        help_text="复审结论为修订时由原项目发起",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申报人",
        on_delete=models.PROTECT,
        related_name="local_standard_projects",
    )
    sponsor_department = models.CharField("提出部门", max_length=200)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="第一起草单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_standard_projects",
    )
    scope = models.TextField("范围")
    reason = models.TextField("立项目的和必要性")
    main_content = models.TextField("主要技术内容")
    relation = models.TextField("与现行法律法规和标准的关系", blank=True)
    period_months = models.PositiveSmallIntegerField("制定周期（月）", default=12)
    funding = models.DecimalField(
        "经费预算（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    call = models.ForeignKey(
        "calls.Call",
        verbose_name="征集通知",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    # 查新: the reviewer confirms he looked at the similar standards and projects.
    duplicate_checked_at = models.DateTimeField("查新确认时间", null=True, blank=True)
    duplicate_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="查新确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publicity_ends = models.DateField("立项公示截止", null=True, blank=True)
    plan_number = models.CharField("计划号", max_length=20, blank=True, db_index=True)
    plan_issued_on = models.DateField("计划下达日期", null=True, blank=True)
    completion_deadline = models.DateField("计划完成期限", null=True, blank=True)
    comment_closes = models.DateField("征求意见截止", null=True, blank=True)
    code = models.CharField("标准编号", max_length=40, blank=True)
    issue_date = models.DateField("发布日期", null=True, blank=True)
    implement_date = models.DateField("实施日期", null=True, blank=True)
    standard = models.OneToOneField(
        "catalog.Standard",
        verbose_name="发布的标准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project",
    )
    filing_number = models.CharField("备案号", max_length=40, blank=True)
    filing_date = models.DateField("备案日期", null=True, blank=True)
    review_due = models.DateField("复审到期日", null=True, blank=True, db_index=True)
    state = models.CharField("状态", max_length=30, default="draft", db_index=True)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    deadline = models.DateField("本环节办理期限", null=True, blank=True)

    objects = ProjectQuerySet.as_manager()
    # Expert reviews (reviews.review_assign) run as the engine panel of the project's stage.
    review_panel_rule = "majority"

    class Meta:
        verbose_name = "地方标准项目"
        verbose_name_plural = "地方标准项目"
        ordering = ["-year", "plan_number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_number"], condition=~Q(plan_number=""), name="project_plan_number"
            ),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="project_code"),
        ]

    # A workspace queue line shows the title and links by id: no parent rows to read with it,
    # and no other column.
    queue_line_related: tuple[str, ...] = ()
    queue_line_fields: tuple[str, ...] = ("title",)

    def __str__(self) -> str:
        return f"《{self.title}》"

    def get_absolute_url(self) -> str:
        return reverse("drafting:project_detail", args=[self.pk])

    @property
    def state_label(self) -> str:
        from core.workflow import get_process

        return get_process("local_standard").state_label(self.state)

    @property
    def stage(self) -> str:
        from core.workflow import get_process

        return get_process("local_standard").state(self.state).stage

    @property
    def days_left(self) -> int | None:
        if self.deadline is None:
            return None
        return (self.deadline - timezone.localdate()).days

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def review_soon(self) -> bool:
        notice = timezone.localdate() + dt.timedelta(days=REVIEW_NOTICE_DAYS)
        return self.review_due is not None and self.review_due <= notice


class DraftingUnit(models.Model):
    """A drafting unit of a project, in the order printed on the standard."""

    project = models.ForeignKey(
        LocalStandardProject, verbose_name="项目", on_delete=models.CASCADE, related_name="units"
    )
    position = models.PositiveSmallIntegerField("排序")
    name = models.CharField("单位名称", max_length=200)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "起草单位"
        verbose_name_plural = "起草单位"
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="drafting_unit_position")
        ]

    def __str__(self) -> str:
        return self.name


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        if getattr(user, "is_bureau", False):
            return self
        return self.filter(submitted_by=user)


class Suggestion(TimeStampedModel):
    """立项建议: anyone signed in suggests a standard; the bureau answers."""

    title = models.CharField("建议标准名称", max_length=200)
    reason = models.TextField("建议理由")
    scope = models.TextField("主要内容和适用范围", blank=True)
    sponsor_hint = models.CharField("建议提出部门", max_length=200, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="建议人",
        on_delete=models.PROTECT,
        related_name="standard_suggestions",
    )
    state = models.CharField(
        "状态", max_length=20, choices=SuggestionState.choices, default=SuggestionState.PENDING
    )
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    project = models.ForeignKey(
        LocalStandardProject,
        verbose_name="转立项项目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "立项建议"
        verbose_name_plural = "立项建议"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("drafting:suggestion_list")


class Feedback(TimeStampedModel):
    """实施信息反馈 on a published local standard, from anyone."""

    project = models.ForeignKey(
        LocalStandardProject, verbose_name="项目", on_delete=models.CASCADE, related_name="feedback"
    )
    name = models.CharField("姓名", max_length=50)
    organization = models.CharField("单位", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    content = models.TextField("反馈内容")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "实施信息反馈"
        verbose_name_plural = "实施信息反馈"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} 反馈 {self.pk}"
