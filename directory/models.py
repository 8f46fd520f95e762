"""Organizations behind standards: enterprises, institutes, associations, departments."""

from django.db import models

from core.models import TimeStampedModel
from directory.choices import OrganizationKind


class Organization(TimeStampedModel):
    """An organization known to the platform, identified by its 统一社会信用代码 where it has one."""

    name = models.CharField("机构名称", max_length=200, db_index=True)
    kind = models.CharField(
        "机构类型", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        help_text="18 位，含校验位",
    )
    region = models.ForeignKey(
        "reference.Region",
        verbose_name="所在县(市、区)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        "reference.IndustryClass",
        verbose_name="所属行业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField("地址", max_length=300, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
