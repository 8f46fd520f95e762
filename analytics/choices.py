"""Stable keys and Chinese labels of the analytics app."""

from django.db import models


class Metric(models.TextChoices):
    """What a daily row counts (registered users come from accounts, not from these rows)."""

    HOME_VISIT = "home_visit", "首页访问"
    STANDARD_VIEW = "standard_view", "标准浏览"
    SEARCH_PAGE = "search_page", "网页检索"
    SEARCH_API = "search_api", "接口检索"
    SEARCH_ZERO = "search_zero", "无结果检索"


class SearchSource(models.TextChoices):
    PAGE = "page", "网页"
    API = "api", "接口"


class TermStatus(models.TextChoices):
    """The bureau's answer to a query users could not find."""

    OPEN = "open", "待处理"
    HANDLED = "handled", "已处理"
    IGNORED = "ignored", "已忽略"
