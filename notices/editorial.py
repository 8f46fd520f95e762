"""What the bureau's published texts share (通知公告 here, the showcase's curated items): only the
city bureau writes them; title, category, summary and rich text are checked and cleaned alike;
the bureau's publish and withdraw buttons answer alike. The showcase imports this module;
notices imports no app above it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from core.richtext import sanitize_html

TITLE_MAX = 200
SUMMARY_MAX = 300


def require_bureau(actor, message: str) -> None:
    """Services: only the city bureau writes (PermissionDenied with `message` otherwise)."""
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied(message)


def clean(
    values: dict,
    *,
    categories: Iterable[str],
    category_error: str,
    check: Callable[[dict], dict[str, str]] | None = None,
) -> dict:
    """Validated, normalized field values; every problem reported at once, by field (`check`
    adds the caller's own); the body sanitized once the values are valid."""
    errors: dict[str, str] = {}
    values = dict(values)
    values["title"] = (values.get("title") or "").strip()
    if not values["title"]:
        errors["title"] = "请填写标题"
    elif len(values["title"]) > TITLE_MAX:
        errors["title"] = f"标题不能超过 {TITLE_MAX} 字"
    if values.get("category") not in categories:
        errors["category"] = category_error
    values["summary"] = (values.get("summary") or "").strip()
    if len(values["summary"]) > SUMMARY_MAX:
        errors["summary"] = f"摘要不能超过 {SUMMARY_MAX} 字"
    if check is not None:
        errors.update(check(values))
    if errors:
        raise ValidationError(errors)
    values["body"] = sanitize_html(values.get("body") or "")
    return values


def bureau_only(request) -> None:
    """Views: the bureau's pages and buttons (403 for anyone else)."""
    if not request.user.is_bureau:
        raise PermissionDenied


def act(request, action: Callable, done: str | Callable[[object], str], **kwargs) -> None:
    """A bureau's button (publish, withdraw…): run the service as the user and say how it went
    (`done` may depend on what the service returned)."""
    try:
        result = action(actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done(result) if callable(done) else done)
