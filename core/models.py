"""Shared model bases and the append-only audit log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    """Base for every domain model: creation and last-change times."""

    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update and delete are refused: the rows are a record, not working data."""

    def update(self, **kwargs):
        raise PermissionError(f"{self.model._meta.verbose_name}不可修改")

    def delete(self):
        raise PermissionError(f"{self.model._meta.verbose_name}不可删除")


class AppendOnlyModel(models.Model):
    """Base for records that are written once and never changed or deleted through the platform."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{self._meta.verbose_name}不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self._meta.verbose_name}不可删除")


class AuditEvent(AppendOnlyModel):
    """One write to the platform: who, when, what, before and after. Never changed or deleted."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("操作人名称", max_length=150, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField("对象编号", max_length=64, blank=True, db_index=True)
    object_label = models.CharField("对象", max_length=300, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    message = models.CharField("说明", max_length=500, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action_label} {self.object_label}"
        )

    @property
    def action_label(self) -> str:
        """The action in Chinese (core.audit_labels: each app declares its labels)."""
        from core.audit_labels import action_label

        return action_label(self.action)

    @property
    def object_display(self) -> str:
        """The object's label as people read it (a role's group by its Chinese name)."""
        from core.audit_labels import object_label

        model_key = (
            f"{self.object_type.app_label}.{self.object_type.model}"
            if self.object_type_id
            else None
        )
        return object_label(model_key, self.object_label)


class WorkflowRecord(models.Model):
    """Fields a record in a workflow process carries (the process may name others instead)."""

    state = models.CharField("状态", max_length=40, db_index=True)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    deadline = models.DateField("办理期限", null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


def about_keys(obj: models.Model) -> tuple[int, str]:
    """(content type id, object id): how a generic link names `obj`."""
    return ContentType.objects.get_for_model(obj).pk, str(obj.pk)


class AboutQuerySet(models.QuerySet):
    """Rows that point at any record by content type and id (the generic links of status
    changes, work items, notices, reviews, documents…)."""

    def about(self, obj: models.Model):
        content_type_id, object_id = about_keys(obj)
        return self.filter(content_type_id=content_type_id, object_id=object_id)


class StatusChangeQuerySet(AboutQuerySet, AppendOnlyQuerySet):
    """Status changes are append-only and point at their record."""


class StatusChange(AppendOnlyModel):
    """One transition of a record in a workflow: who, when, from, to, opinion, attachments.

    Written only by `core.workflow.transition`; like the audit log it is never changed or deleted.
    Time-in-stage figures and the history on every case page come from these rows.
    """

    process = models.CharField("流程", max_length=60, db_index=True)
    action = models.CharField("操作", max_length=60)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40)
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("办理人名称", max_length=150, blank=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    opinion = models.TextField("意见", blank=True)
    attachments = models.JSONField("附件", default=list, blank=True)
    data = models.JSONField("提交内容", default=dict, blank=True)
    deadline = models.DateField("下一环节期限", null=True, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.from_state}→{self.to_state}"


def assignment_keys(user) -> tuple[int, list[str], list[str]] | None:
    """(user id, role keys, scope keys) that decide whose work items are the user's, sorted; None
    for anonymous and inactive users, who have none."""
    from core.workflow.hooks import scope_keys

    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.pk, sorted(getattr(user, "role_keys", ())), sorted(scope_keys(user))


class WorkItemQuerySet(AboutQuerySet):
    def open(self):
        return self.filter(completed_at=None)

    def for_user(self, user):
        """Items this user is expected to do: assigned to them, or to one of their roles in one of
        their scope keys (`core.workflow.hooks.scope_keys`). One query on this table."""
        keys = assignment_keys(user)
        return self.none() if keys is None else self.for_assignment(*keys)

    def for_assignment(self, user_id: int, roles: list[str], scopes: list[str]):
        """Items assigned to the user, or to nobody yet and to one of the roles in one of the
        scopes: `for_user` with the user's keys (`assignment_keys`) given."""
        return self.filter(
            models.Q(assignee_id=user_id)
            | models.Q(assignee=None, role__in=roles, scope__in=scopes)
        )

    def oversight_for(self, user):
        """Items others are expected to do that this user's role oversees (督办), not their own.
        Only the roles the processes' tasks name as overseers can match (a work item's
        `oversight_role` is its task's): for anyone else this is empty without a query."""
        from core.workflow.definitions import oversight_roles

        roles = set(getattr(user, "role_keys", ())) & oversight_roles()
        if not roles or not user.is_active:
            return self.none()
        return self.filter(oversight_role__in=roles).exclude(
            pk__in=self.for_user(user).values("pk")
        )


class Panel(TimeStampedModel):
    """A panel (会签) on a record in a stage: one work item per member, a rule decides the result."""

    class Rule(models.TextChoices):
        ALL = "all", "全体同意"
        MAJORITY = "majority", "多数同意"
        CHAIR = "chair", "组长决定"

    process = models.CharField("流程", max_length=60)
    state = models.CharField("环节", max_length=40)
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64)
    rule = models.CharField("规则", max_length=10, choices=Rule.choices)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="组长",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due = models.DateField("期限", null=True, blank=True)
    result = models.CharField("结果", max_length=20, blank=True)  # "", approve, reject
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "会签"
        verbose_name_plural = "会签"
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self) -> str:
        return f"会签 {self.process}/{self.state} #{self.object_id}"


class WorkItem(TimeStampedModel):
    """Who is expected to do what on a record: a user, or a role within a scope key
    (`region:370811`, `org:42`, "" for city-wide). Opened when a state is entered, completed when
    the record leaves it (outcome = the action) or by `work_item_complete` (panels)."""

    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    process = models.CharField("流程", max_length=60)
    state = models.CharField("环节", max_length=40)
    task = models.CharField("任务", max_length=60, blank=True)
    label = models.CharField("事项", max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
    )
    role = models.CharField("办理角色", max_length=40, blank=True)
    scope = models.CharField("范围", max_length=64, blank=True)
    oversight_role = models.CharField("督办角色", max_length=40, blank=True)
    opened_at = models.DateTimeField("开始时间", default=timezone.now)
    due = models.DateField("期限", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="完成人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("结果", max_length=60, blank=True)
    opinion = models.TextField("意见", blank=True)
    data = models.JSONField("内容", default=dict, blank=True)
    panel = models.ForeignKey(
        Panel,
        verbose_name="会签",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="items",
    )

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        verbose_name = "待办事项"
        verbose_name_plural = "待办事项"
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "completed_at"]),
            models.Index(fields=["role", "scope", "completed_at"]),
            models.Index(fields=["assignee", "completed_at"]),
            models.Index(fields=["completed_at", "due"]),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.process}/{self.state}）"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class StageDeadlineSetting(TimeStampedModel):
    """The bureau's deadline for a stage of a process, overriding `State(deadline=…)` in code."""

    process = models.CharField("流程", max_length=60)
    state = models.CharField("环节", max_length=40)
    days = models.PositiveSmallIntegerField("天数")
    working = models.BooleanField("按工作日计", default=True)

    class Meta:
        verbose_name = "环节办理期限"
        verbose_name_plural = "环节办理期限"
        constraints = [
            models.UniqueConstraint(fields=["process", "state"], name="stage_deadline_unique")
        ]

    def __str__(self) -> str:
        return (
            f"{self.process}/{self.state}：{self.days} 个{'工作日' if self.working else '自然日'}"
        )


class StageClock(TimeStampedModel):
    """The running deadline of a record in a process: paused while it waits for the applicant,
    extended at most once per stage with a reason."""

    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64)
    process = models.CharField("流程", max_length=60)
    state = models.CharField("计时环节", max_length=40, blank=True)
    due = models.DateField("期限", null=True, blank=True)
    paused_on = models.DateField("暂停日期", null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField("延长天数", default=0)
    extension_reason = models.CharField("延长理由", max_length=500, blank=True)

    class Meta:
        verbose_name = "环节计时"
        verbose_name_plural = "环节计时"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "process"], name="stage_clock_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.process}/{self.state} 期限 {self.due}"


class NumberSequence(models.Model):
    """The last number given per key and year (standard numbers, plan numbers); see `next_number`."""

    key = models.CharField("序列", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("当前号", default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [
            models.UniqueConstraint(fields=["key", "year"], name="number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}: {self.last}"


class ExportJob(TimeStampedModel):
    """A large export made in the background (core.exports): the file is private to whoever
    asked for it and is deleted when it expires."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField("导出类型", max_length=40)
    label = models.CharField("名称", max_length=200)
    params = models.JSONField("条件", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField("行数", default=0)
    file = models.FileField("文件", upload_to="exports/%Y/%m/", blank=True)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间")

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_state_display()}）"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
