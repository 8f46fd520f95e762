"""Context shared by every page: the site's identity and the menus of this user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from core import menu

SITE_DEFAULTS: dict[str, Any] = {
    "name": "标准化综合管理与公共服务平台",
    "short_name": "标准化平台",
    "bureau_name": "",
    "contact_phone": "",
    "address": "",
    "icp_number": "",
}


def site(request: HttpRequest) -> dict[str, Any]:
    """Expose ``site`` and its alias ``portal_site``: settings.SITE and ``menus``.

    ``site.menus`` holds the entries this user sees by section (``main``, ``manage``, ``user``,
    ``footer``, ``workspace``), declared by each app's ``menu.py`` (see core.menu); each section
    is computed when a template first reads it."""
    data = {**SITE_DEFAULTS, **getattr(settings, "SITE", {})}
    user = getattr(request, "user", None)
    data["menus"] = menu.Menus(user)
    # Django's auth views (LoginView, LogoutView, password reset) pass their own ``site``
    # (a Site/RequestSite) that shadows this one; base.html prefers the alias.
    return {"site": data, "portal_site": data}
