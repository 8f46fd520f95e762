"""The in-platform inbox and each user's choice of what also comes by email."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from notifications.choices import Kind


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is only ever its recipient's."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.of_recipient(user.pk)

    def of_recipient(self, user_id: int):
        """`visible_to` a signed-in user, by their id (for compiled queries)."""
        return self.filter(recipient_id=user_id)

    def unread(self):
        return self.filter(read_at=None)


class Notification(models.Model):
    """One message to one user, shown in the inbox and optionally sent by email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name="相关对象类型", null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.CharField("相关对象编号", max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """Per-user choice: email on or off, and which kinds stay in the inbox only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField("接收邮件通知", default=True)
    email_muted_kinds = models.JSONField("不发邮件的类型", default=list, blank=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self) -> str:
        return f"{self.user} 的通知设置"

    def wants_email(self, kind: str) -> bool:
        return self.email_enabled and kind not in self.email_muted_kinds
