"""Signing in in browser journeys, through the second factor where the account needs it.

Officers and administrators give a TOTP code after their password
(`accounts.second_factor`). `pass_second_factor(page, username)` takes the step the browser is
on, as a person with an authenticator app would: on first sign-in it reads the key the
enrolment page shows, types the code it gives and continues past the recovery codes; later it
types the code of the account's device. Accounts that need no second factor pass straight on.
"""

import base64

from django_otp.oath import TOTP

from testing.personas import PASSWORD

SECOND_FACTOR = "/accounts/second-factor/"


def code_from_secret(secret: str) -> str:
    """The code an authenticator app shows now for the key typed in by hand (base32)."""
    text = "".join(secret.split()).upper()
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    return f"{TOTP(key).token():06d}"


def pass_second_factor(page, username: str) -> None:
    page.wait_for_load_state()
    if SECOND_FACTOR + "enrol/" in page.url:
        secret = page.locator(".otp-secret").inner_text()
        page.get_by_label("验证码").fill(code_from_secret(secret))
        page.get_by_role("button", name="完成绑定").click()
        page.get_by_role("link", name="我已保存，继续").click()
    elif SECOND_FACTOR in page.url:
        from accounts.models import User
        from testing.second_factor import code_for

        page.get_by_label("动态口令").fill(code_for(User.objects.get(username=username)))
        page.get_by_role("button", name="验证").click()
    page.wait_for_load_state()


def login(page, base: str, username: str, password: str = PASSWORD, next_url: str = "") -> None:
    page.goto(f"{base}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)
