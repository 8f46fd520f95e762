"""Production settings come from the environment; these read them in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMES = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT",
]  # fmt: skip


def production_settings(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_MODE", "TESTING"}}
    clean.update({"SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    code = (
        "import json, config.settings as s;"
        f"print(json.dumps({{n: getattr(s, n, None) for n in {NAMES!r}}}))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_secure_cookies_turn_on_https_only_cookies_and_hsts():
    values = production_settings(SECURE_COOKIES="1")
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is False  # the TLS proxy redirects; opt in otherwise
    assert production_settings(SECURE_SSL_REDIRECT="1")["SECURE_SSL_REDIRECT"] is True


def test_hsts_can_be_tuned_or_switched_off():
    values = production_settings(SECURE_COOKIES="1", SECURE_HSTS_SECONDS="0")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert production_settings()["SECURE_HSTS_SECONDS"] == 0  # plain HTTP: never HSTS
