"""Choices of the thematic databases; keys are stable, labels are what people read."""

from django.db import models


class TopicKind(models.TextChoices):
    CLUSTER = "cluster", "产业集群"
    RURAL = "rural", "乡村振兴"
    PUBLIC_SERVICE = "public_service", "基本公共服务"
    OTHER = "other", "其他"


class NodeCategory(models.TextChoices):
    GENERAL = "general", "基础通用"
    PRODUCT = "product", "产品"
    METHOD = "method", "方法"
    MANAGEMENT = "management", "管理"
    SERVICE = "service", "服务"
    OTHER = "other", "其他"


class Coverage(models.TextChoices):
    """How a standard in the tree stands, for the coverage counts (a replaced standard counts
    both as its status and as replaced)."""

    CURRENT = "current", "现行"
    UPCOMING = "upcoming", "即将实施"
    ABOLISHED = "abolished", "废止"
    REPLACED = "replaced", "被代替"
