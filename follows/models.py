"""What users follow (standards, saved searches), the catalog changes waiting to be told, and
what the digest has already sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core.models import TimeStampedModel
from follows.choices import ChangeKind


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Follows are private: only their owner ever sees them."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Follow(TimeStampedModel):
    """A user follows one standard: told when it changes status or is replaced."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="follows",
    )
    standard = models.ForeignKey(
        "catalog.Standard", verbose_name="标准", on_delete=models.CASCADE, related_name="followers"
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "关注的标准"
        verbose_name_plural = "关注的标准"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "standard"], name="unique_follow"),
        ]

    def __str__(self) -> str:
        return f"{self.user} 关注 {self.standard.code}"


class ObjectFollow(TimeStampedModel):
    """A user follows another kind of record (a topic …), registered in `follows.followables`
    by the app that owns it; that app tells the followers of its changes (`alerts.tell`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="object_follows",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name="对象类型", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("对象编号")
    target = GenericForeignKey("content_type", "object_id")

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "关注的对象"
        verbose_name_plural = "关注的对象"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="unique_object_follow"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} 关注 {self.content_type_id}:{self.object_id}"


class SavedSearch(TimeStampedModel):
    """A named search (query and filters of the standard list); told of new standards matching it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField("名称", max_length=60)
    params = models.JSONField("检索条件", default=dict)
    last_seen_at = models.DateTimeField("上次查看时间", default=timezone.now)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "保存的检索"
        verbose_name_plural = "保存的检索"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="unique_saved_search_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogChange(models.Model):
    """A replacement link already told to followers (`dedupe_key`), so that re-reading the
    catalog outbox, or saving the link again, never tells it twice. (The catalog's changes
    themselves come from `catalog.CatalogChange`, the catalog outbox; rows here are written
    already processed.)"""

    kind = models.CharField("类型", max_length=20, choices=ChangeKind.choices)
    standard_id = models.BigIntegerField("标准 ID", null=True, blank=True)  # no FK: may be gone
    code_key = models.CharField("标准号键", max_length=100, blank=True, db_index=True)
    old_value = models.CharField("原值", max_length=100, blank=True)
    new_value = models.CharField("新值", max_length=100, blank=True)
    # Replacement links are told once, however often their standard is saved again.
    dedupe_key = models.CharField("去重键", max_length=220, null=True, blank=True, unique=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    processed_at = models.DateTimeField("处理时间", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "待通知的目录变化"
        verbose_name_plural = "待通知的目录变化"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code_key}"


class DigestItem(models.Model):
    """One thing a digest told a user, so that the next digest does not tell it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField("内容键", max_length=120)
    period = models.CharField("周期", max_length=10)
    sent_at = models.DateTimeField("发送时间", default=timezone.now)

    class Meta:
        verbose_name = "摘要已发送内容"
        verbose_name_plural = "摘要已发送内容"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_digest_item"),
        ]

    def __str__(self) -> str:
        return self.key
