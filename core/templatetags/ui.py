"""Presentation filters and tags shared by every template (``{% load ui %}``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

EMPTY = "—"

STATUS_LABELS: dict[str, str] = {
    "upcoming": "即将实施",
    "current": "现行",
    "abolished": "废止",
    "replaced": "被代替",
}

_CENT = Decimal("0.01")


def _as_date(value: Any) -> dt.date | None:
    """Coerce a date, datetime or ISO string to a local date; anything else to None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _as_decimal(value: Any) -> Decimal | None:
    """Coerce a number or numeric string to Decimal; None when it is not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = (
            value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").strip())
        )
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@register.filter
def cn_date(value: Any) -> str:
    """Format a date as 2026年11月27日 (prose and notices); None → —."""
    day = _as_date(value)
    if day is None:
        return EMPTY
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter
def iso_date(value: Any) -> str:
    """Format a date as 2026-11-27 (tables); None → —."""
    day = _as_date(value)
    return day.isoformat() if day is not None else EMPTY


@register.filter
def money(value: Any) -> str:
    """Format an amount in yuan as ¥1,234,567.00; None → —."""
    number = _as_decimal(value)
    if number is None:
        return EMPTY
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    return f"{sign}¥{abs(number):,.2f}"


@register.filter
def wan_yuan(value: Any) -> str:
    """Format an amount in yuan as 万元 with two decimals (1234567 → 123.46万元); None → —."""
    number = _as_decimal(value)
    if number is None:
        return EMPTY
    wan = (number / Decimal(10000)).quantize(_CENT, rounding=ROUND_HALF_UP)
    if wan == 0:
        wan = abs(wan)
    return f"{wan:,.2f}万元"


@register.simple_tag
def status_badge(status: str | None, label: str | None = None) -> str:
    """Render a standard's fixed-colour status badge: {% status_badge std.status label %}
    (the markup of includes/status_badge.html, without a template per badge: lists draw many)."""
    key = str(status or "").strip().lower()
    return format_html(
        '<span class="badge badge-status badge-status-{}">{}</span>',
        key or "unknown",
        label or STATUS_LABELS.get(key, key or EMPTY),
    )


@register.filter
def nav_active(path: str | None, prefix: str | None) -> bool:
    """Whether path falls under a nav entry's active_prefix ("/" matches only "/")."""
    if not path or not prefix:
        return False
    if prefix == "/":
        return path == "/"
    return path.startswith(prefix)


@register.simple_tag
def nav_current(nav: Iterable[Mapping[str, Any]] | None, path: str | None) -> str:
    """Return the longest active_prefix in nav matching path, or "" (longest prefix wins)."""
    best = ""
    for item in nav or ():
        prefix = item.get("active_prefix") or ""
        if nav_active(path, prefix) and len(prefix) > len(best):
            best = prefix
    return best


@register.simple_tag
def nav_items(items: Iterable[Mapping[str, Any]] | None, current_prefix: str | None) -> SafeString:
    """A menu's entries as ``<li><a>`` lines, the current one marked ``aria-current``: the main
    navigation draws them twice on every page (phone and desktop), a loop in Python rather than
    in the template language."""
    return SafeString(
        "".join(
            format_html(
                '<li><a href="{}"{}>{}</a></li>',
                item["url"],
                SafeString(' aria-current="page"')
                if current_prefix and item.get("active_prefix") == current_prefix
                else "",
                item["label"],
            )
            for item in items or ()
        )
    )


def _widget_class(field: BoundField) -> str:
    """Return the Bootstrap class for a bound field's widget."""
    kind = field.widget_type
    if kind == "checkbox":
        return "form-check-input"
    if kind in {"select", "selectmultiple", "nullbooleanselect"}:
        return "form-select"
    if kind == "range":
        return "form-range"
    return "form-control"


@register.filter
def ui_widget(field: BoundField | Any) -> SafeString:
    """Render a bound field's widget with Bootstrap classes (aria-* come from Django itself)."""
    if not isinstance(field, BoundField):
        return SafeString("")
    if field.is_hidden:
        return field.as_widget()
    classes = [field.field.widget.attrs.get("class", ""), _widget_class(field)]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.filter
def error_count(form: Any) -> int:
    """Count a form's errors (every message of every field plus non-field errors)."""
    errors = getattr(form, "errors", None) or {}
    return sum(len(messages) for messages in errors.values())


@register.filter
def elided_pages(paginator: Any, number: Any) -> list[Any]:
    """Page numbers around the current page, with Paginator.ELLIPSIS for the gaps."""
    try:
        return list(paginator.get_elided_page_range(int(number), on_each_side=2, on_ends=1))
    except (AttributeError, TypeError, ValueError):
        return []


def _has_cjk(text: str) -> bool:
    """Whether text contains a CJK ideograph."""
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


@register.filter
def display_name(user: Any) -> str:
    """A user's display name: the name they gave, else 张三 from first/last name, else the username."""
    if user is None:
        return ""
    chosen = (getattr(user, "display_name", "") or "").strip()
    if chosen:
        return chosen
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if first or last:
        if _has_cjk(first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()
    get_username = getattr(user, "get_username", None)
    return str(get_username()) if callable(get_username) else str(user)


@register.filter
def add_lists(first: Iterable[Any] | None, second: Iterable[Any] | None) -> list[Any]:
    """Concatenate two lists (menus of two sections)."""
    return [*(first or ()), *(second or ())]


@register.simple_tag(takes_context=True)
def menu_badge(context, item: Mapping[str, Any]) -> str:
    """The count a menu entry shows beside its label (``Entry.badge`` names a context variable)."""
    from django.utils.html import format_html

    name = item.get("badge") or ""
    count = context.get(name) if name else None
    if not count:
        return ""
    return format_html(
        ' <span class="badge text-bg-danger" data-unread-count>{}</span>'
        '<span class="visually-hidden">条未读</span>',
        count,
    )
