import re
import uuid

from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as _CSPMiddleware
from django.conf import settings

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


# --- a busy or unreachable database answers 503, never 500 ------------------------------------

BUSY_RETRY_AFTER = 5  # seconds
BUSY_MESSAGE = "系统正忙（数据库正在处理其他写入，例如批量导入），请稍后重试。"
UNAVAILABLE_MESSAGE = "系统暂时无法连接数据库（正在重启或维护），请稍后重试。"
_BUSY_SQLSTATES = {"55P03", "57014"}  # PostgreSQL: lock_not_available, query_canceled (timeout)
# PostgreSQL: the server shut down or restarted (admin_shutdown, crash_shutdown,
# cannot_connect_now); class 08 is "connection exception".
_GONE_SQLSTATES = {"57P01", "57P02", "57P03"}
_GONE_TEXTS = (
    "server closed the connection",
    "terminating connection",
    "connection to server",  # … failed: Connection refused (psycopg, while connecting)
    "could not connect to server",
    "the connection is closed",
    "connection already closed",
    "connection is lost",
    "ssl connection has been closed",
    "no connection to the server",
)


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The database connection was lost or could not be made (a PostgreSQL restart, a
    terminated backend, a network cut): the next request reconnects (conn_health_checks)."""
    from django.db import InterfaceError, OperationalError

    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None) or ""
    if sqlstate in _GONE_SQLSTATES or sqlstate.startswith("08"):
        return True
    text = str(exc).lower()
    return any(marker in text for marker in _GONE_TEXTS)


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


def busy_response(request, *, unavailable: bool = False):
    """503 with Retry-After: structured in the API, a page in Chinese elsewhere."""
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string

    code, message = (
        ("database_unavailable", UNAVAILABLE_MESSAGE)
        if unavailable
        else ("database_busy", BUSY_MESSAGE)
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": code, "message": message}}, status=503)
    else:
        try:
            html = render_to_string("core/busy.html", {"message": message}, request=request)
        except Exception:  # the page itself may need the database: fall back to plain text
            html = (
                '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>系统正忙</title>'
                f"<h1>系统正忙</h1><p>{message}</p></html>"
            )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseBusyMiddleware:
    """A lock timeout or a lost database connection anywhere in a request answers 503 with
    Retry-After, never a 500: in the view (`process_exception`) or in a middleware inside this
    one (session save, messages), which Django turns into a 500 response after telling
    `got_request_exception`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        trouble = getattr(request, "_database_busy", None)
        if response.status_code == 500 and trouble:
            return busy_response(request, unavailable=trouble == "unavailable")
        return response

    def process_exception(self, request, exception):
        if is_database_busy(exception):
            return busy_response(request)
        if is_database_unavailable(exception):
            return busy_response(request, unavailable=True)
        return None


def _note_busy(sender, request=None, **kwargs):
    import sys

    if request is None:
        return
    exc = sys.exc_info()[1]
    if is_database_busy(exc):
        request._database_busy = "busy"
    elif is_database_unavailable(exc):
        request._database_busy = "unavailable"


def connect_signals() -> None:
    from django.core.signals import got_request_exception

    got_request_exception.connect(_note_busy, dispatch_uid="core.database_busy")


# --- the Content-Security-Policy header, built once ------------------------------------------


class CSPMiddleware(_CSPMiddleware):
    """django-csp's middleware with the header built once per process instead of per response
    (the policy is a setting; building it was a tenth of the middleware's cost per request).
    A response whose view changed the policy (django-csp's decorators) or a request that used
    a nonce gets django-csp's own per-response build, so the header is always the same."""

    _OWN = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
    _OWN_RO = ("_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")

    def __init__(self, get_response):
        from csp.utils import build_policy

        super().__init__(get_response)
        self._policy = build_policy()
        self._policy_ro = build_policy(report_only=True)
        self._excluded = tuple(
            (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES")
            or ()
        )

    def process_response(self, request, response):
        if (
            self._policy_ro
            or self._excluded
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self._OWN + self._OWN_RO)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        if self._policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self._policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
