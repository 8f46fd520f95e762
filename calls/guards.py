"""Guards that process actions call: None when allowed, else the reason in Chinese."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from calls.choices import CallState
from calls.models import Call


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    if local.time() == dt.time(0, 0):
        return f"{local:%Y年%m月%d日}"
    return f"{local:%Y年%m月%d日 %H:%M}"


def call_window_open(call: Call | None, now: dt.datetime | None = None) -> str | None:
    """None while the call takes applications; otherwise why not (未开始/已截止/关闭/撤回)."""
    if call is None:
        return "没有正在进行的征集"
    state = call.state_at(now or timezone.now())
    if state == CallState.OPEN:
        return None
    if state == CallState.UPCOMING:
        return f"征集尚未开始，{_when(call.opens_at)}起接受申报"
    if state == CallState.ENDED:
        return f"征集已于{call.last_day:%Y年%m月%d日}截止"
    if state == CallState.WITHDRAWN:
        return "该征集通知已撤回"
    return "该征集已提前关闭"
