"""Shared model bases and the append-only audit log."""

from django.conf import settings
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


class StatusChangeQuerySet(AppendOnlyQuerySet):
    def for_object(self, obj: models.Model):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


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
