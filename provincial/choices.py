"""Choices of the register of provincial standards (DB37) undertaken by local units."""

from django.db import models


class ProvincialStage(models.TextChoices):
    """The stages of a provincial standard project, in order."""

    APPROVED = "approved", "立项"
    DRAFTING = "drafting", "起草"
    COMMENT = "comment", "征求意见"
    REVIEW = "review", "审查"
    SUBMITTED = "submitted", "报批"
    PUBLISHED = "published", "发布"


STAGE_ORDER = list(ProvincialStage.values)


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


class UpdateState(models.TextChoices):
    """States of a stage update (the process `provincial_stage_update`)."""

    DRAFT = "draft", "待提交"
    SUBMITTED = "submitted", "待确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "已退回"
