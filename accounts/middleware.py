"""The gate of staff sessions: the second factor first, then idle and absolute lifetimes."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts import second_factor
from accounts.choices import LoginOutcome

LOGIN_AT_KEY = "accounts.login_at"
SEEN_AT_KEY = "accounts.seen_at"
# The last request's time is written back at most this often (a session save per request
# would be a database write per page).
SEEN_RESOLUTION_SECONDS = 60

# Pages a session waiting for its second factor may open (URL names).
OPEN_URL_NAMES = (
    "accounts:second_factor",
    "accounts:second_factor_enrol",
    "accounts:recovery_codes",
    "login",
    "logout",
    "portal:favicon",
    "portal:privacy",
    "portal:accessibility",
)


def _open_paths() -> frozenset[str]:
    if not hasattr(_open_paths, "cache"):
        _open_paths.cache = frozenset(reverse(name) for name in OPEN_URL_NAMES)
    return _open_paths.cache


def is_open_path(path: str) -> bool:
    return path in _open_paths() or path.startswith(settings.STATIC_URL)


def _refuse(request, code: str, message: str, login_url: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message}}, status=403)
    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
    return redirect(f"{login_url}?{query}" if query else login_url)


class SecondFactorMiddleware:
    """After AuthenticationMiddleware. A signed-in session that needs the second factor and has
    not given it reaches only the second-factor pages, logout and a few public pages: pages
    redirect to the second-factor page, the API answers 403 in its error format. Sessions of
    accounts that need the second factor end after STAFF_SESSION_IDLE_MINUTES without a request
    and STAFF_SESSION_MAX_HOURS after signing in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._expired(request) or self._unverified(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _expired(self, request):
        if not second_factor.required_for(request.user):
            return None
        now = time.time()
        session = request.session
        login_at = session.setdefault(LOGIN_AT_KEY, now)
        seen_at = session.get(SEEN_AT_KEY, now)
        idle = now - seen_at > settings.STAFF_SESSION_IDLE_MINUTES * 60
        too_old = now - login_at > settings.STAFF_SESSION_MAX_HOURS * 3600
        if not (idle or too_old):
            if now - seen_at >= SEEN_RESOLUTION_SECONDS or SEEN_AT_KEY not in session:
                session[SEEN_AT_KEY] = now
            return None
        user = request.user
        reason = "长时间未操作" if idle else f"登录已超过 {settings.STAFF_SESSION_MAX_HOURS} 小时"
        second_factor.login_event(
            request=request, outcome=LoginOutcome.SESSION_EXPIRED, user=user, detail=reason
        )
        request.session_expired = True  # the logout is not the user's own (accounts.login_audit)
        logout(request)
        message = f"{reason}，为保护账号安全已自动退出，请重新登录。"
        if not request.path.startswith("/api/"):
            messages.info(request, message)
        return _refuse(request, "session_expired", message, reverse("login"))

    def _unverified(self, request):
        if not second_factor.needs_verification(request) or is_open_path(request.path):
            return None
        return _refuse(
            request,
            "second_factor_required",
            "请先完成动态口令验证（两步验证）后再访问。",
            reverse("accounts:second_factor"),
        )
