"""Versioned drafts of any record: a series per record and purpose, a version per upload.

Generic over the record by content type + id (as `documents.Document` is), not by a mixin: the
records that will carry drafts (local-standard projects, group-standard drafts, …) do not exist
yet or live in other apps, and a generic key needs no foreign key, migration or code in each of
them: a process only calls `drafts.services.version_upload(obj=…)`. Who may see a series is the
record's own business, asked through `core.permissions.internal_scope` like its documents; who
may upload is a rule the process registers (`drafts.permissions.register_upload_rule`)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.models import TimeStampedModel


class DraftSeries(TimeStampedModel):
    """The successive versions of one draft of a record, e.g. the 征求意见稿 of a project."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="所属对象类型", on_delete=models.PROTECT
    )
    object_id = models.CharField("所属对象编号", max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    purpose = models.CharField("用途", max_length=30, help_text="如 征求意见稿、送审稿、报批稿")

    class Meta:
        verbose_name = "草案系列"
        verbose_name_plural = "草案系列"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "purpose"], name="draft_series_unique"
            )
        ]

    def __str__(self) -> str:
        return self.purpose

    def get_absolute_url(self) -> str:
        return reverse("drafts:series", args=[self.pk])


class DraftVersion(models.Model):
    """One upload of a series, never overwritten: the file (a `documents.Document`), a note, who
    and when, and for DOCX the extracted paragraphs (text, clause number, heading or not)."""

    series = models.ForeignKey(
        DraftSeries, verbose_name="草案系列", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    document = models.ForeignKey(
        "documents.Document", verbose_name="文件", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("版本说明", max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    text = models.TextField("全文", blank=True, help_text="DOCX 提取的文本，用于检索")
    paragraphs = models.JSONField(
        "段落",
        default=list,
        blank=True,
        help_text='[{"number": "4.2", "text": "…", "heading": true}]',
    )

    class Meta:
        verbose_name = "草案版本"
        verbose_name_plural = "草案版本"
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="draft_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series.purpose} 第 {self.number} 版"

    @property
    def has_text(self) -> bool:
        return bool(self.paragraphs)
