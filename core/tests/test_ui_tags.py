"""Tests for the presentation filters in core.templatetags.ui (no database needed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.templatetags.ui import (
    STATUS_LABELS,
    cn_date,
    display_name,
    iso_date,
    money,
    nav_active,
    nav_current,
    nav_items,
    status_badge,
    wan_yuan,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 11, 27), "2026年11月27日"),
        (dt.date(2026, 1, 5), "2026年1月5日"),
        (dt.datetime(2026, 11, 27, 23, 59), "2026年11月27日"),
        ("2026-11-27", "2026年11月27日"),
        (None, "—"),
        ("", "—"),
        ("not a date", "—"),
    ],
)
def test_cn_date(value: object, expected: str) -> None:
    assert cn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 11, 27), "2026-11-27"),
        (dt.date(2026, 1, 5), "2026-01-05"),
        (dt.datetime(2026, 1, 5, 8, 0), "2026-01-05"),
        (None, "—"),
        (12, "—"),
    ],
)
def test_iso_date(value: object, expected: str) -> None:
    assert iso_date(value) == expected


def test_dates_of_aware_datetimes_use_local_time(settings) -> None:
    settings.USE_TZ = True
    settings.TIME_ZONE = "Asia/Shanghai"
    # 17:30 UTC is 01:30 the next day in Beijing
    late_utc = dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.UTC)
    assert iso_date(late_utc) == "2026-11-28"
    assert cn_date(late_utc) == "2026年11月28日"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567"), "¥1,234,567.00"),
        (Decimal("1234567.005"), "¥1,234,567.01"),
        (1234.5, "¥1,234.50"),
        (0, "¥0.00"),
        ("50000", "¥50,000.00"),
        (Decimal("-1200.4"), "-¥1,200.40"),
        (None, "—"),
        ("abc", "—"),
        (True, "—"),
    ],
)
def test_money(value: object, expected: str) -> None:
    assert money(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567"), "123.46万元"),
        (1234567, "123.46万元"),
        (50000, "5.00万元"),
        (Decimal("123456789012"), "12,345,678.90万元"),
        (0, "0.00万元"),
        (Decimal("-0.01"), "0.00万元"),
        (None, "—"),
    ],
)
def test_wan_yuan(value: object, expected: str) -> None:
    assert wan_yuan(value) == expected


def test_status_badge_markup() -> None:
    assert status_badge("current", "现行") == (
        '<span class="badge badge-status badge-status-current">现行</span>'
    )
    assert status_badge("REPLACED") == (
        '<span class="badge badge-status badge-status-replaced">被代替</span>'
    )
    assert status_badge(None) == '<span class="badge badge-status badge-status-unknown">—</span>'
    assert (
        status_badge("x", "<b>")
        == '<span class="badge badge-status badge-status-x">&lt;b&gt;</span>'
    )

    assert set(STATUS_LABELS) == {"upcoming", "current", "abolished", "replaced"}


@pytest.mark.parametrize(
    ("path", "prefix", "expected"),
    [
        ("/", "/", True),
        ("/standards/", "/", False),
        ("/standards/GB-T-1.1-2020/", "/standards/", True),
        ("/standard/", "/standards/", False),
        (None, "/", False),
        ("/", "", False),
    ],
)
def test_nav_active(path: str | None, prefix: str, expected: bool) -> None:
    assert nav_active(path, prefix) is expected


def test_nav_current_prefers_longest_prefix() -> None:
    nav = [
        {"label": "首页", "url": "/", "active_prefix": "/"},
        {"label": "标准查询", "url": "/standards/", "active_prefix": "/standards/"},
        {
            "label": "有效性查询",
            "url": "/standards/validity/",
            "active_prefix": "/standards/validity/",
        },
    ]
    assert nav_current(nav, "/standards/validity/") == "/standards/validity/"
    assert nav_current(nav, "/standards/123/") == "/standards/"
    assert nav_current(nav, "/") == "/"
    assert nav_current(nav, "/notices/") == ""
    assert nav_current(None, "/") == ""


def test_nav_items_mark_only_the_current_entry_and_escape_labels() -> None:
    nav = [
        {"label": "首页", "url": "/", "active_prefix": "/"},
        {"label": "<标准>", "url": "/standards/?a=1&b=2", "active_prefix": "/standards/"},
    ]
    assert nav_items(nav, "/standards/") == (
        '<li><a href="/">首页</a></li>'
        '<li><a href="/standards/?a=1&amp;b=2" aria-current="page">&lt;标准&gt;</a></li>'
    )
    assert "aria-current" not in nav_items(nav, "")
    assert nav_items(None, "/") == ""


def test_display_name() -> None:
    class U:
        def __init__(self, first: str, last: str, username: str) -> None:
            self.first_name, self.last_name, self.username = first, last, username

        def get_username(self) -> str:
            return self.username

    assert display_name(U("三", "张", "zhang")) == "张三"
    assert display_name(U("Ada", "Lovelace", "ada")) == "Ada Lovelace"
    assert display_name(U("", "", "zhang")) == "zhang"
    assert display_name(None) == ""
    named = U("三", "张", "zhang")
    named.display_name = "市局标准化科 王科长"
    assert display_name(named) == "市局标准化科 王科长"
