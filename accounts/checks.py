"""Startup checks of what accounts need from the configuration (run by `manage.py check`,
`migrate` and every command that checks the project before it starts)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error
from django.http.request import validate_host


def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    """In production (DEBUG off, not DEMO_MODE) the links in emails must work: SITE_URL is set,
    is an http(s) address, and its host is one the site answers to (ALLOWED_HOSTS)."""
    if settings.DEBUG or settings.DEMO_MODE:
        return []
    url = settings.SITE_URL
    hint = "设置环境变量 SITE_URL 为用户访问平台的地址，如 SITE_URL=https://bz.jining.gov.cn"
    if not url:
        return [
            Error(
                "SITE_URL 未设置：确认邮箱、重设密码和通知邮件中的链接将无法打开",
                hint=hint,
                id="accounts.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [Error(f"SITE_URL“{url}”不是 http(s) 地址", hint=hint, id="accounts.E002")]
    if not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        return [
            Error(
                f"SITE_URL 的主机“{parts.hostname}”不在 ALLOWED_HOSTS 中，邮件里的链接会被拒绝（400）",
                hint="把该主机加入 ALLOWED_HOSTS，或改正 SITE_URL",
                id="accounts.E003",
            )
        ]
    return []
