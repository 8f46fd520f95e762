"""Choices of the statistics; keys are stable, labels are what people read."""

from django.db import models


class Scope(models.TextChoices):
    PUBLIC = "public", "公开统计"
    BUREAU = "bureau", "全部统计（市局）"
