"""Choices of local standard projects; keys are stable, labels are what people read."""

from django.db import models

PROGRAM = "local_standard"  # the calls program of local standard projects


class ProjectKind(models.TextChoices):
    NEW = "new", "制定"
    REVISE = "revise", "修订"


class SuggestionState(models.TextChoices):
    PENDING = "pending", "待答复"
    ADOPTED = "adopted", "已采纳"
    DECLINED = "declined", "未采纳"


class ReviewOutcome(models.TextChoices):
    """Outcomes of a periodic review (复审)."""

    CONFIRM = "confirm", "继续有效"
    REVISE = "revise", "修订"
    ABOLISH = "abolish", "废止"


# The plan's default completion time (months after 计划下达) and the 复审 cycle.
DEFAULT_PERIOD_MONTHS = 12
REVIEW_CYCLE_YEARS = 5
REVIEW_NOTICE_DAYS = 90
MIN_COMMENT_DAYS = 30
PUBLICITY_DAYS = 7  # 立项公示: working days
NUMBER_PREFIX = "DB3708/T"
