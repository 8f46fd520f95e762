"""Kinds of achievements, categories and states of the curated items; keys are stable."""

from django.db import models


class Kind(models.TextChoices):
    """What an entry of the showcase is, and so where it is read from."""

    STANDARD = "standard", "市级地方标准"
    PILOT = "pilot", "试点示范"
    FORERUNNER = "forerunner", "企业标准领跑者"
    AWARD = "award", "资助奖励"
    UPGRADE = "upgrade", "标准升级"
    CURATED = "curated", "品牌与案例"


class Category(models.TextChoices):
    """What a curated item shows (written by the bureau)."""

    BRAND = "brand", "标准化品牌"
    CASE = "case", "典型案例"
    OTHER = "other", "其他成果"


class ItemState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    UNPUBLISHED = "unpublished", "已撤下"


# Status badges by stage group (ui.md).
STATE_STAGE = {
    ItemState.DRAFT: "waiting",
    ItemState.PUBLISHED: "done",
    ItemState.UNPUBLISHED: "refused",
}
