import re
import uuid

from core.request_context import reset_request_id, set_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Tags each request with an id (from X-Request-ID when sane) for the audit log and responses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


# --- a busy database answers 503, never 500 ---------------------------------------------------

BUSY_RETRY_AFTER = 5  # seconds
BUSY_MESSAGE = "系统正忙（数据库正在处理其他写入，例如批量导入），请稍后重试。"
_BUSY_SQLSTATES = {"55P03", "57014"}  # PostgreSQL: lock_not_available, query_canceled (timeout)


def is_database_busy(exc: BaseException | None) -> bool:
    """A lock that did not come in time: SQLite's "database is locked", PostgreSQL's lock or
    statement timeout."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    if "database is locked" in text or "database table is locked" in text:
        return True
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return sqlstate in _BUSY_SQLSTATES or "lock timeout" in text


def busy_response(request):
    """503 with Retry-After: structured in the API, a page in Chinese elsewhere."""
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string

    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": {"code": "database_busy", "message": BUSY_MESSAGE}}, status=503
        )
    else:
        try:
            html = render_to_string("core/busy.html", {"message": BUSY_MESSAGE}, request=request)
        except Exception:  # the page itself may need the database: fall back to plain text
            html = (
                '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>系统正忙</title>'
                f"<h1>系统正忙</h1><p>{BUSY_MESSAGE}</p></html>"
            )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """A lock timeout anywhere in a request answers 503 with Retry-After, never a 500: in the
    view (`process_exception`) or in a middleware inside this one (session save, messages),
    which Django turns into a 500 response after telling `got_request_exception`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_busy", False):
            return busy_response(request)
        return response

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return busy_response(request)
        return None


def _note_busy(sender, request=None, **kwargs):
    import sys

    if request is not None and is_database_busy(sys.exc_info()[1]):
        request._database_busy = True


def connect_signals() -> None:
    from django.core.signals import got_request_exception

    got_request_exception.connect(_note_busy, dispatch_uid="core.database_busy")
