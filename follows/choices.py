from django.db import models


class ChangeKind(models.TextChoices):
    """Kinds of catalog change that followers are told about."""

    STATUS = "status", "状态变化"
    REPLACED = "replaced", "被代替"
    CREATED = "created", "新标准"


class Period(models.TextChoices):
    DAILY = "daily", "每日"
    WEEKLY = "weekly", "每周"
