"""Context shared by every page: the site's identity, main navigation and workspace link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (label, url name, active path prefix). Features append their entries; names that do not
# reverse (app not installed yet) are silently left out.
NAV: list[tuple[str, str, str]] = [
    ("首页", "portal:home", "/"),
    ("标准查询", "catalog:standard_list", "/standards/"),
    ("有效性查询", "catalog:validity_check", "/standards/validity/"),
    ("机构名录", "directory:organization_list", "/organizations/"),
    ("技术委员会", "directory:committee_list", "/committees/"),
    ("征集通知", "calls:call_list", "/calls/"),
    ("公示", "publicity:notice_list", "/publicity/"),
    ("资助与试点示范", "programs:home", "/programs/"),
]

SITE_DEFAULTS: dict[str, Any] = {
    "name": "标准化综合管理与公共服务平台",
    "short_name": "标准化平台",
    "bureau_name": "",
    "contact_phone": "",
    "address": "",
    "icp_number": "",
    "accessibility_url": "",
}


def _reverse_or_none(name: str) -> str | None:
    """Reverse a URL name, or None when it does not exist."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def build_nav() -> list[dict[str, str]]:
    """Return the main navigation entries whose URL names reverse."""
    nav: list[dict[str, str]] = []
    for label, url_name, active_prefix in NAV:
        url = _reverse_or_none(url_name)
        if url is not None:
            nav.append({"label": label, "url": url, "active_prefix": active_prefix})
    return nav


def site(request: HttpRequest) -> dict[str, Any]:
    """Expose ``site`` and its alias ``portal_site``: settings.SITE, ``nav``, ``workspace_url``."""
    data = {**SITE_DEFAULTS, **getattr(settings, "SITE", {})}
    data["nav"] = build_nav()
    data["workspace_url"] = _reverse_or_none("workspace:home")
    # Django's auth views (LoginView, LogoutView, password reset) pass their own ``site``
    # (a Site/RequestSite) that shadows this one; base.html prefers the alias.
    return {"site": data, "portal_site": data}
