"""Documents attached to any record, kept outside the web root under random names."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from documents.choices import DocumentKind, FileType


def storage_name(instance, filename: str) -> str:
    # Never the user's file name on disk: a random name, grouped by month.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.file_type}"


class Document(models.Model):
    """One uploaded file (PDF, Word, Excel, image) of a record, with its checksum."""

    content_type = models.ForeignKey(
        ContentType, verbose_name="所属对象类型", on_delete=models.PROTECT
    )
    object_id = models.CharField("所属对象编号", max_length=64)
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("材料类型", max_length=30, choices=DocumentKind.choices)
    file = models.FileField("文件", upload_to=storage_name, max_length=200)
    original_name = models.CharField("原文件名", max_length=255)
    file_type = models.CharField("文件格式", max_length=10, choices=FileType.choices)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.original_name


class DownloadCount(models.Model):
    """How many times a public file was downloaded (a standard's free full text, a public
    attachment); written in batches by `documents.counters`, never once per request."""

    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.CASCADE)
    object_id = models.CharField("对象编号", max_length=64)
    count = models.PositiveBigIntegerField("下载次数", default=0)
    last_at = models.DateTimeField("最近下载", null=True, blank=True)

    class Meta:
        verbose_name = "下载次数"
        verbose_name_plural = "下载次数"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="documents_download_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.count}"
