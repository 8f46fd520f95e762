from django.db import models


class Disposition(models.TextChoices):
    """The drafting side's answer to one comment (征求意见汇总处理表 处理意见)."""

    ACCEPTED = "accepted", "采纳"
    PARTLY = "partly", "部分采纳"
    REJECTED = "rejected", "不采纳"


REASON_REQUIRED = frozenset({Disposition.PARTLY, Disposition.REJECTED})


class Answer(models.TextChoices):
    """How an invited unit answered."""

    COMMENTED = "commented", "已提出意见"
    NO_OPINION = "no_opinion", "无意见"
