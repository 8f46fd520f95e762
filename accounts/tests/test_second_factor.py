"""The second factor of officers and administrators: enrolment, verification, recovery codes,
the gate over every URL (pages and API), reset by the administrator, and the demo's device."""

import re
from unittest import mock

from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.choices import LoginOutcome
from accounts.middleware import is_open_path
from accounts.models import LoginEvent
from core.models import AuditEvent
from testing.personas import PASSWORD, PersonaTestCase
from testing.second_factor import code_for, enrol

SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "x/y",
    "uuid": "0" * 8 + "-0000-0000-0000-" + "0" * 12,
}


def every_url_path() -> list[str]:
    """One path per URL pattern of the site, parameters filled with sample values."""
    paths: list[str] = []

    def sample(route: str) -> str:
        return re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1) or "str", "x"), route)

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if route.startswith("^"):  # a regular expression (the admin's catch-all)
                route = re.sub(r"[\^$?]|\(.*?\)", "", route)
            part = prefix + sample(route)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, part)
            elif isinstance(p, URLPattern):
                paths.append("/" + part)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


class PasswordThenCode(PersonaTestCase):
    def sign_in(self, user, client=None):
        client = client or self.client
        return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    def test_an_officer_without_a_device_enrols_after_the_password(self):
        response = self.sign_in(self.county_officer)
        assert response["Location"].startswith("/accounts/second-factor/")
        response = self.client.get("/workspace/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/second-factor/enrol/")
        page = response.content.decode()
        assert "<svg" in page and "动态口令二维码" in page
        device = TOTPDevice.objects.get(user=self.county_officer, confirmed=False)
        assert second_factor.secret_base32(device) in page

        wrong = self.client.post("/accounts/second-factor/enrol/", {"code": "000000"})
        assert (
            "验证码不正确" in wrong.content.decode()
            or second_factor.current_code(device) == "000000"
        )
        # django-otp slows a device down for a second after a wrong code; a second passes.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        code = second_factor.current_code(device)
        done = self.client.post("/accounts/second-factor/enrol/", {"code": code}, follow=True)
        page = done.content.decode()
        assert "只显示这一次" in page
        shown = re.findall(r"<li>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</li>", page)
        assert len(shown) == second_factor.RECOVERY_CODES
        # Stored hashed: no code appears in the database.
        stored = set(StaticToken.objects.values_list("token", flat=True))
        assert len(stored) == 10 and not stored & {c.replace("-", "") for c in shown}
        # Shown once.
        assert (
            shown[0]
            not in self.client.get("/accounts/second-factor/recovery-codes/").content.decode()
        )
        assert self.client.get("/workspace/").status_code == 200
        assert AuditEvent.objects.filter(action="user.second_factor_enrol").exists()
        assert LoginEvent.objects.filter(
            user=self.county_officer, outcome=LoginOutcome.DEVICE_ENROLLED
        ).exists()

    def test_an_officer_with_a_device_gives_its_code_then_goes_where_it_was_going(self):
        enrol(self.city_officer)
        response = self.client.post(
            "/accounts/login/?next=/audit/",
            {"username": "city", "password": PASSWORD, "next": "/audit/"},
        )
        assert response["Location"] == "/accounts/second-factor/?next=%2Faudit%2F"
        assert self.client.get("/audit/")["Location"].startswith("/accounts/second-factor/")
        wrong = self.client.post("/accounts/second-factor/", {"code": "12345x", "next": "/audit/"})
        assert "动态口令不正确" in wrong.content.decode()
        assert self.client.get("/audit/").status_code == 302
        right = self.client.post(
            "/accounts/second-factor/", {"code": code_for(self.city_officer), "next": "/audit/"}
        )
        assert right["Location"] == "/audit/"
        assert self.client.get("/audit/").status_code == 200
        outcomes = list(
            LoginEvent.objects.filter(user=self.city_officer)
            .order_by("at", "id")
            .values_list("outcome", flat=True)
        )
        assert outcomes == ["password_ok", "second_factor_failed", "second_factor_ok"]

    def test_signing_in_again_asks_for_the_code_again(self):
        self.client.force_login(self.city_officer)
        assert self.client.get("/workspace/").status_code == 200
        self.sign_in(self.city_officer)
        assert self.client.get("/workspace/")["Location"].startswith("/accounts/second-factor/")

    def test_a_code_is_accepted_once(self):
        enrol(self.city_officer)
        code = code_for(self.city_officer)
        self.sign_in(self.city_officer)
        assert self.client.post("/accounts/second-factor/", {"code": code}).status_code == 302
        other = Client()
        self.sign_in(self.city_officer, other)
        replay = other.post("/accounts/second-factor/", {"code": code})
        assert replay.status_code == 200 and "动态口令不正确" in replay.content.decode()

    def test_a_recovery_code_signs_in_once(self):
        enrol(self.administrator)
        codes = second_factor.recovery_codes_renew(user=self.administrator)
        self.sign_in(self.administrator)
        used = self.client.post("/accounts/second-factor/", {"code": codes[0].upper()}, follow=True)
        assert "还剩 9 个" in used.content.decode()
        assert LoginEvent.objects.filter(outcome=LoginOutcome.RECOVERY_CODE_USED).count() == 1
        other = Client()
        self.sign_in(self.administrator, other)
        again = other.post("/accounts/second-factor/", {"code": codes[0]})
        assert again.status_code == 200
        assert other.get("/workspace/").status_code == 302

    @override_settings(SECOND_FACTOR_MAX_FAILURES=3)
    def test_repeated_wrong_codes_sign_the_session_out(self):
        enrol(self.sector_officer)
        self.sign_in(self.sector_officer)
        with mock.patch.object(TOTPDevice, "verify_is_allowed", return_value=(True, None)):
            for _ in range(2):
                assert (
                    self.client.post("/accounts/second-factor/", {"code": "000001"}).status_code
                    == 200
                )
            last = self.client.post("/accounts/second-factor/", {"code": "000001"})
        assert last["Location"] == "/accounts/login/"
        assert self.client.get("/accounts/second-factor/")["Location"].startswith(
            "/accounts/login/"
        )
        assert LoginEvent.objects.filter(outcome=LoginOutcome.SECOND_FACTOR_FAILED).count() == 3

    def test_a_device_slowed_down_by_django_otp_refuses_even_the_right_code(self):
        device = enrol(self.city_officer)
        self.sign_in(self.city_officer)
        code = code_for(self.city_officer)
        device.refresh_from_db()
        device.throttle_increment()
        response = self.client.post("/accounts/second-factor/", {"code": code})
        assert "尝试过于频繁" in response.content.decode()
        assert LoginEvent.objects.filter(outcome=LoginOutcome.SECOND_FACTOR_THROTTLED).exists()

    def test_a_password_alone_cannot_bind_another_device(self):
        enrol(self.city_officer)
        self.sign_in(self.city_officer)
        response = self.client.get("/accounts/second-factor/enrol/")
        assert response["Location"].startswith("/accounts/second-factor/")
        assert not TOTPDevice.objects.filter(user=self.city_officer, confirmed=False).exists()
        self.client.post("/accounts/second-factor/enrol/", {"code": "123456"})
        assert TOTPDevice.objects.filter(user=self.city_officer).count() == 1

    def test_an_enterprise_user_is_not_asked_unless_it_enrolled(self):
        self.sign_in(self.enterprise_user)
        assert self.client.get("/workspace/").status_code == 200
        enrol(self.enterprise_user)
        other = Client()
        response = self.sign_in(self.enterprise_user, other)
        assert response["Location"].startswith("/accounts/second-factor/")
        assert other.get("/workspace/")["Location"].startswith("/accounts/second-factor/")
        other.post("/accounts/second-factor/", {"code": code_for(self.enterprise_user)})
        assert other.get("/workspace/").status_code == 200

    def test_the_profile_offers_enrolment_and_tells_officers_they_must(self):
        self.client.force_login(self.expert)
        assert (
            "可选：绑定手机身份验证器应用" in self.client.get("/accounts/profile/").content.decode()
        )
        self.client.force_login(self.city_officer)
        page = self.client.get("/accounts/profile/").content.decode()
        assert "已绑定动态口令" in page and "更换手机" in page


class TheGate(PersonaTestCase):
    """A session signed in with the password only reaches nothing but the second factor."""

    def test_every_url_of_the_site_refuses_a_half_signed_in_officer(self):
        # Staff (is_staff) and an officer by role only (the sector department is not staff).
        for officer in (self.city_officer, self.sector_officer):
            client = Client()
            client.force_login(officer)
            for path in every_url_path():
                if is_open_path(path):  # the second factor's pages, logout, the privacy page
                    continue
                for method in ("get", "post"):
                    response = getattr(client, method)(path)
                    if path.startswith("/api/"):
                        assert response.status_code == 403, (officer, method, path)
                        assert response.json()["error"]["code"] == "second_factor_required"
                    else:
                        assert response.status_code == 302, (officer, method, path)
                        assert response["Location"].startswith("/accounts/second-factor/"), path

    def test_the_api_refuses_a_half_signed_in_session_even_for_public_data(self):
        client = Client()
        client.force_login(self.city_officer)
        response = client.get("/api/v1/standards/")
        assert response.status_code == 403
        assert response.json()["error"]["message"].startswith("请先完成动态口令验证")
        self.client.force_login(self.city_officer)  # through the second factor
        assert self.client.get("/api/v1/standards/").status_code == 200

    def test_officers_api_tokens_are_refused(self):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=self.city_officer)
        response = Client().get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code in (401, 403)

    def test_the_admin_reset_makes_verified_sessions_verify_again_and_is_audited(self):
        self.client.force_login(self.county_officer)
        assert self.client.get("/workspace/").status_code == 200
        removed = second_factor.devices_reset(user=self.county_officer, actor=self.administrator)
        assert removed >= 1 and not second_factor.has_device(self.county_officer)
        response = self.client.get("/workspace/", follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/second-factor/enrol/")
        event = AuditEvent.objects.get(action="user.second_factor_reset")
        assert event.actor == self.administrator and event.object_id == str(self.county_officer.pk)
        assert LoginEvent.objects.filter(
            user=self.county_officer, outcome=LoginOutcome.DEVICE_RESET
        ).exists()

    def test_the_admin_resets_devices_from_the_user_list(self):
        from django.contrib.auth import get_user_model

        enrol(self.expert)
        self.client.force_login(self.administrator)
        self.administrator.is_superuser = True
        self.administrator.save(update_fields=["is_superuser"])
        response = self.client.post(
            "/admin/accounts/user/",
            {"action": "reset_second_factor", "_selected_action": [self.expert.pk]},
        )
        assert response.status_code == 302
        assert not second_factor.has_device(get_user_model().objects.get(pk=self.expert.pk))


class DemoDevice(PersonaTestCase):
    def test_it_is_refused_outside_demo_mode(self):
        with self.assertRaises(RuntimeError):
            second_factor.demo_devices_ensure()

    @override_settings(DEMO_MODE=True)
    def test_in_demo_mode_officers_get_the_published_device_and_the_page_shows_its_code(self):
        assert second_factor.demo_devices_ensure() == 5  # county ×2, sector, city, administrator
        assert not second_factor.has_device(self.enterprise_user)
        client = Client()
        client.post("/accounts/login/", {"username": "city", "password": PASSWORD})
        page = client.get("/accounts/second-factor/").content.decode()
        code = second_factor.demo_hint(self.city_officer)
        assert f'当前为 <strong class="font-monospace">{code}</strong>' in page
        with override_settings(DEMO_MODE=False):
            assert second_factor.demo_hint(self.city_officer) is None
            assert "演示模式" not in client.get("/accounts/second-factor/").content.decode()
