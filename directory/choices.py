from django.db import models


class OrganizationKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INSTITUTE = "institute", "科研院所/检测机构"
    ASSOCIATION = "association", "社会团体"
    GOVERNMENT = "government", "政府部门"
    OTHER = "other", "其他"


class VerificationState(models.TextChoices):
    """States of `directory.workflows.ORGANIZATION_VERIFICATION` (and specialist verification)."""

    UNSUBMITTED = "unsubmitted", "未提交"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    VERIFIED = "verified", "已认证"


class MembershipRole(models.TextChoices):
    ADMIN = "admin", "机构管理员"
    MEMBER = "member", "成员"


class MembershipState(models.TextChoices):
    PENDING = "pending", "待审批"
    ACTIVE = "active", "已加入"
    REJECTED = "rejected", "已拒绝"


class CommitteeLevel(models.TextChoices):
    NATIONAL = "national", "全国专业标准化技术委员会"
    PROVINCIAL = "provincial", "省专业标准化技术委员会"
    MUNICIPAL = "municipal", "市专业标准化技术委员会"


class CommitteePosition(models.TextChoices):
    CHAIR = "chair", "主任委员"
    VICE_CHAIR = "vice_chair", "副主任委员"
    SECRETARY = "secretary", "秘书长"
    MEMBER = "member", "委员"
    OBSERVER = "observer", "观察员"
