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


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志不可修改")

    def delete(self):
        raise PermissionError("审计日志不可删除")


class AuditEvent(models.Model):
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

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志不可删除")
