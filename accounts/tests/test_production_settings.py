"""Production settings pass Django's deployment checks, and every response carries the
security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, TestCase

PRODUCTION_ENV = {
    "DEBUG": "0",
    "DEMO_MODE": "0",
    "SITE_URL": "https://bz.example.gov.cn",
    "ALLOWED_HOSTS": "bz.example.gov.cn",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_PROXY_SSL": "1",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a server never has it.
    unset = {"TESTING", "DEBUG", "DEMO_MODE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=Path(settings.BASE_DIR),
        env={**clean, **env, "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=600,  # a loaded CI machine imports every app slowly
    )


class DeployCheck(SimpleTestCase):
    def test_check_deploy_reports_nothing_under_production_settings(self):
        result = manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            **PRODUCTION_ENV,
            SECRET_KEY=secrets.token_urlsafe(50),
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout


class SecurityHeaders(TestCase):
    def test_every_page_carries_the_security_headers(self):
        for path in ("/", "/privacy/", "/accounts/login/", "/api/v1/standards/"):
            response = self.client.get(path)
            assert response["Referrer-Policy"] == "same-origin", path
            assert response["X-Content-Type-Options"] == "nosniff", path
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
            assert "camera=()" in response["Permissions-Policy"], path
            assert response["X-Frame-Options"] == "DENY", path
            csp = response["Content-Security-Policy"]
            assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp, path

    def test_the_privacy_page_says_how_long_the_login_audit_is_kept(self):
        page = self.client.get("/privacy/").content.decode()
        assert "隐私政策" in page and f"保存 {settings.LOGIN_AUDIT_DAYS} 天" in page
        assert 'href="/privacy/"' in self.client.get("/").content.decode()
