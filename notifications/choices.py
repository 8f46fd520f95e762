from django.db import models


class Kind(models.TextChoices):
    """What a notification is about; users choose per kind whether it also comes by email."""

    WORKFLOW = "workflow", "办理进度"
    DEADLINE = "deadline", "期限提醒"
    MEMBERSHIP = "membership", "机构成员"
    ACCOUNT = "account", "账号安全"
    ALERT = "alert", "关注提醒"
