"""Working-day arithmetic for deadline rules (公示 5 个工作日, 审核 10 个工作日…).

Weekends are days off. Public holidays and the weekend days worked in their place (调休) change every
year and are configured, not coded: settings.WORKFLOW_HOLIDAYS and WORKFLOW_EXTRA_WORKDAYS list ISO dates.
"""

import datetime as dt
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _dates(values: tuple[str, ...]) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(v) for v in values)


def is_working_day(day: dt.date) -> bool:
    holidays = _dates(tuple(getattr(settings, "WORKFLOW_HOLIDAYS", ())))
    extra = _dates(tuple(getattr(settings, "WORKFLOW_EXTRA_WORKDAYS", ())))
    if day in extra:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day
