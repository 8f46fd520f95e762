"""Public comment on a draft (征求意见): the consultation, its comments, the invited units.

A consultation belongs to any record by content type + id (as drafts and documents do), not to a
mixin on the record's model: the local-standard project, a group-standard draft or a later
process plugs a consultation onto its own record without a foreign key or migration in this app,
and the pages, API, table and reminders here serve all of them. Who may manage it (invite,
dispose, publish) is a rule the owning process registers (`consultation.rules.DISPOSE_RULES`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from consultation.choices import Answer, Disposition
from core.models import TimeStampedModel


class ConsultationQuerySet(models.QuerySet):
    def public(self, now=None):
        """Consultations that have opened: anyone may read them (comment text only after close)."""
        return self.filter(opens_at__lte=now or timezone.now())

    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gte=now)


class Consultation(TimeStampedModel):
    """One period of public comment on one draft version of a record."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="所属对象类型", on_delete=models.PROTECT
    )
    object_id = models.CharField("所属对象编号", max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    title = models.CharField("标题", max_length=200)
    draft = models.ForeignKey(
        "drafts.DraftVersion",
        verbose_name="征求意见稿",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("处理意见公布时间", null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="consultation_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultation:detail", args=[self.pk])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at

    def has_closed(self, now=None) -> bool:
        return (now or timezone.now()) > self.closes_at

    def days_left(self, now=None) -> int:
        """Whole days left, counting the closing day (0 once closed)."""
        now = now or timezone.now()
        if now > self.closes_at:
            return 0
        return (timezone.localdate(self.closes_at) - timezone.localdate(now)).days + 1

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class InvitedUnit(TimeStampedModel):
    """A unit the bureau asked for comments, by e-mail; answered by a comment or 无意见."""

    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="invited"
    )
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField("单位名称", max_length=200)
    email = models.EmailField("电子邮箱")
    answer = models.CharField("答复", max_length=20, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    last_reminded_on = models.DateField("最近提醒日期", null=True, blank=True)

    class Meta:
        verbose_name = "征求意见单位"
        verbose_name_plural = "征求意见单位"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "email"], name="invited_unit_email")
        ]

    def __str__(self) -> str:
        return self.name


class Comment(TimeStampedModel):
    """One comment, with its receipt number and the drafting side's disposition."""

    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.PROTECT, related_name="comments"
    )
    receipt = models.CharField("回执编号", max_length=20, unique=True)
    clause = models.CharField("章条编号", max_length=20, blank=True, help_text="空 = 对全文")
    content = models.TextField("意见内容")
    name = models.CharField("姓名", max_length=50)
    organization = models.CharField("单位", max_length=200, blank=True)
    contact = models.CharField("联系方式", max_length=100)
    email = models.EmailField("回执邮箱", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_unit = models.ForeignKey(
        InvitedUnit,
        verbose_name="受邀单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)
    disposition = models.CharField(
        "处理意见", max_length=20, choices=Disposition.choices, blank=True
    )
    reason = models.TextField("理由", blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disposed_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.receipt

    @property
    def proposer(self) -> str:
        """提出单位 in the table: the unit, or the person for an individual."""
        return self.organization or self.name
