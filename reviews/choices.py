from django.db import models


class Vote(models.TextChoices):
    """The default votes of a sheet; a sheet may define its own set."""

    PASS = "pass", "通过"
    PASS_WITH_CHANGES = "pass_with_changes", "修改后通过"
    FAIL = "fail", "不通过"


DEFAULT_VOTES = [[v.value, v.label] for v in Vote]
