"""The bureau's data-quality list: records whose status contradicts their dates, dates that are
missing, values an import set aside (unknown classification codes, impossible dates) and rows
merged as duplicates. Reads only; fixes go through catalog.services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from catalog.choices import Status
from catalog.models import Standard
from core.excel import Column, Sheet

RAW_DATE_KEYS = ("issue_date", "implement_date", "abolish_date", "review_confirmed_date")
RAW_LABELS = {
    "ics": "ICS",
    "ccs": "CCS",
    "issue_date": "发布日期",
    "implement_date": "实施日期",
    "abolish_date": "废止日期",
    "review_confirmed_date": "复审确认日期",
    "duplicates": "合并的重复行",
}


@dataclass(frozen=True)
class Problem:
    key: str
    label: str

    def condition(self, today: datetime.date) -> Q:
        return PROBLEM_CONDITIONS[self.key](today)


PROBLEM_CONDITIONS = {
    "status": lambda today: (
        Q(status=Status.UPCOMING, implement_date__lte=today)
        | Q(status=Status.CURRENT, implement_date__gt=today)
        | (~Q(status=Status.ABOLISHED) & Q(abolish_date__lte=today))
        | Q(status=Status.ABOLISHED, abolish_date__gt=today)
    ),
    "upcoming_without_date": lambda today: Q(status=Status.UPCOMING, implement_date=None),
    "missing_dates": lambda today: Q(issue_date=None) | Q(implement_date=None),
    "raw_codes": lambda today: Q(raw_values__has_any_keys=["ics", "ccs"]),
    "raw_dates": lambda today: Q(raw_values__has_any_keys=list(RAW_DATE_KEYS)),
    "merged": lambda today: Q(raw_values__has_key="duplicates"),
}
PROBLEMS = (
    Problem("status", "状态与日期不符"),
    Problem("upcoming_without_date", "即将实施但没有实施日期"),
    Problem("raw_codes", "未识别的分类号（保留原值）"),
    Problem("raw_dates", "不合理的日期（保留原值）"),
    Problem("merged", "导入时合并了重复行"),
    Problem("missing_dates", "缺少发布或实施日期"),
)
PROBLEM_LABELS = {p.key: p.label for p in PROBLEMS}


def records_with_problems(
    queryset: QuerySet[Standard], *, problem: str | None, today: datetime.date
) -> QuerySet[Standard]:
    """The records with `problem` (any of them when None), in code order."""
    chosen = [p for p in PROBLEMS if problem in (None, "", p.key)]
    condition = Q()
    for p in chosen:
        condition |= p.condition(today)
    return queryset.filter(condition).order_by("code_key")


def describe(standard: Standard, today: datetime.date) -> list[str]:
    """The problems of a record already read, without a query."""
    s, out = standard, []
    if (
        (s.status == Status.UPCOMING and s.implement_date and s.implement_date <= today)
        or (s.status == Status.CURRENT and s.implement_date and s.implement_date > today)
        or (s.status != Status.ABOLISHED and s.abolish_date and s.abolish_date <= today)
        or (s.status == Status.ABOLISHED and s.abolish_date and s.abolish_date > today)
    ):
        out.append(PROBLEM_LABELS["status"])
    if s.status == Status.UPCOMING and not s.implement_date:
        out.append(PROBLEM_LABELS["upcoming_without_date"])
    for key, value in (s.raw_values or {}).items():
        shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        label = RAW_LABELS.get(key, key) + ("" if key == "duplicates" else "原值")
        out.append(f"{label}：{shown}")
    if not s.issue_date or not s.implement_date:
        out.append(PROBLEM_LABELS["missing_dates"])
    return out


def quality_sheet(today: datetime.date) -> Sheet:
    return Sheet(
        title="数据质量",
        columns=(
            Column("标准号", "code"),
            Column("标准名称", "title"),
            Column("状态", "status", get=lambda s: s.get_status_display()),
            Column("发布日期", "issue_date"),
            Column("实施日期", "implement_date"),
            Column("废止日期", "abolish_date"),
            Column("问题", "problems", get=lambda s: "；".join(describe(s, today))),
        ),
    )
