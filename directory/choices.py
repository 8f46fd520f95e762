from django.db import models


class OrganizationKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INSTITUTE = "institute", "科研院所/检测机构"
    ASSOCIATION = "association", "社会团体"
    GOVERNMENT = "government", "政府部门"
    OTHER = "other", "其他"
