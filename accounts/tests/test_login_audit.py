"""The login audit: every sign-in step by account and address, the administrator's page and
export, its retention; and the staff sessions' idle and absolute lifetimes."""

import datetime as dt
import io
import time
from unittest import mock

from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import LoginOutcome
from accounts.models import LoginEvent
from testing.personas import PASSWORD, PersonaTestCase
from testing.second_factor import code_for

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) " + "x" * 400


class LoginAudit(PersonaTestCase):
    def post_login(self, username, password, client=None, address="198.51.100.7"):
        return (client or self.client).post(
            "/accounts/login/",
            {"username": username, "password": password},
            REMOTE_ADDR=address,
            HTTP_USER_AGENT=BROWSER,
        )

    def test_it_records_failures_and_successes_by_account_address_and_browser(self):
        self.post_login("expert", "wrong-password-1")
        self.post_login("nobody", "wrong-password-1")
        self.post_login("expert", PASSWORD)
        self.client.post("/accounts/logout/", REMOTE_ADDR="198.51.100.7")
        rows = list(LoginEvent.objects.order_by("at", "id"))
        assert [(r.username, r.outcome) for r in rows] == [
            ("expert", "password_failed"),
            ("nobody", "password_failed"),
            ("expert", "password_ok"),
            ("expert", "logout"),
        ]
        assert rows[0].user == self.expert and rows[1].user is None
        assert {r.address for r in rows} == {"198.51.100.7"}
        assert len(rows[0].user_agent) == 200 and rows[0].user_agent.startswith("Mozilla/5.0")

    @override_settings(AXES_FAILURE_LIMIT=2)
    def test_it_records_the_lockout(self):
        for _ in range(3):
            self.post_login("expert", "wrong-password-1")
        assert LoginEvent.objects.filter(outcome=LoginOutcome.LOCKED_OUT, user=self.expert).exists()

    @override_settings(
        AXES_IPWARE_PROXY_COUNT=1,
        AXES_IPWARE_META_PRECEDENCE_ORDER=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    )
    def test_behind_the_proxy_it_records_the_address_the_rate_limits_use(self):
        self.client.post(
            "/accounts/login/",
            {"username": "expert", "password": "wrong-password-1"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="10.6.6.6, 203.0.113.9",  # the first hop is the client's word
        )
        assert LoginEvent.objects.get().address == "203.0.113.9"
        with override_settings(AXES_IPWARE_PROXY_COUNT=None):  # no proxy: the header is ignored
            self.client.post(
                "/accounts/login/",
                {"username": "expert", "password": "wrong-password-1"},
                REMOTE_ADDR="192.0.2.55",
                HTTP_X_FORWARDED_FOR="203.0.113.9",
            )
        assert LoginEvent.objects.order_by("-id").first().address == "192.0.2.55"

    def test_only_the_administrator_reads_it(self):
        self.post_login("expert", "wrong-password-1")
        assert Client().get("/accounts/login-audit/")["Location"].startswith("/accounts/login/")
        for user in (self.city_officer, self.county_officer, self.enterprise_user):
            self.client.force_login(user)
            assert self.client.get("/accounts/login-audit/").status_code == 403, user
            assert self.client.get("/accounts/login-audit/export.xlsx").status_code == 403
        self.client.force_login(self.administrator)
        page = self.client.get("/accounts/login-audit/").content.decode()
        assert "密码错误" in page and "198.51.100.7" in page

    def test_it_filters_by_account_address_outcome_and_date_and_exports(self):
        self.post_login("expert", "wrong-password-1", address="198.51.100.7")
        self.post_login("sector", "wrong-password-1", address="192.0.2.1")
        self.post_login("expert", PASSWORD, client=Client(), address="198.51.100.7")
        old = LoginEvent.objects.create(username="expert", outcome="password_failed")
        LoginEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=3))
        self.client.force_login(self.administrator)

        def rows(**query):
            response = self.client.get("/accounts/login-audit/", query)
            return [(e.username, e.outcome) for e in response.context["page_obj"]]

        assert rows(username="exp", outcome="password_failed") == [
            ("expert", "password_failed"),
            ("expert", "password_failed"),
        ]
        assert rows(address="192.0.2.1") == [("sector", "password_failed")]
        assert rows(failures="1", date_from=timezone.localdate().isoformat()) == [
            ("sector", "password_failed"),
            ("expert", "password_failed"),
        ]
        bad = self.client.get("/accounts/login-audit/", {"address": "not-an-address"})
        assert bad.status_code == 200 and not bad.context["page_obj"].object_list
        export = self.client.get("/accounts/login-audit/export.xlsx", {"address": "198.51.100.7"})
        sheet = load_workbook(io.BytesIO(export.content)).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0][:4] == ["时间", "账号", "姓名", "结果"]
        assert sorted(v[3] for v in values[1:]) == ["密码正确", "密码错误"]

    def test_it_prunes_rows_older_than_the_retention(self):
        kept = LoginEvent.objects.create(username="a", outcome="password_ok")
        old = LoginEvent.objects.create(username="b", outcome="password_ok")
        LoginEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=181))
        out = io.StringIO()
        call_command("prune_login_events", stdout=out)
        assert list(LoginEvent.objects.all()) == [kept]
        assert "1" in out.getvalue()


@override_settings(STAFF_SESSION_IDLE_MINUTES=30, STAFF_SESSION_MAX_HOURS=12)
class SessionLifetime(PersonaTestCase):
    """Time moves by patching the clock the middleware reads (no sleeping, no freezegun)."""

    def at(self, seconds_from_now):
        return mock.patch("accounts.middleware.time.time", return_value=self.t0 + seconds_from_now)

    def setUp(self):
        self.t0 = time.time()

    def test_an_officer_idle_for_longer_than_the_limit_is_signed_out(self):
        self.client.force_login(self.city_officer)
        with self.at(29 * 60):
            assert self.client.get("/workspace/").status_code == 200
        with self.at(29 * 60 + 29 * 60):  # active 29 minutes ago: still in
            assert self.client.get("/workspace/").status_code == 200
        with self.at(29 * 60 + 29 * 60 + 31 * 60):
            response = self.client.get("/workspace/")
        assert response["Location"].startswith("/accounts/login/?next=")
        assert LoginEvent.objects.filter(
            user=self.city_officer, outcome=LoginOutcome.SESSION_EXPIRED, detail="长时间未操作"
        ).exists()
        assert not LoginEvent.objects.filter(outcome=LoginOutcome.LOGOUT).exists()
        assert self.client.get("/workspace/")["Location"].startswith("/accounts/login/")

    def test_an_active_officer_is_signed_out_after_the_absolute_lifetime(self):
        self.client.force_login(self.county_officer)
        for minutes in range(20, 12 * 60, 20):
            with self.at(minutes * 60):
                assert self.client.get("/accounts/profile/").status_code == 200, minutes
        with self.at(12 * 3600 + 60):
            response = self.client.get("/api/v1/notifications/")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "session_expired"

    def test_an_enterprise_users_session_has_no_idle_limit(self):
        self.client.force_login(self.enterprise_user)
        with self.at(5 * 3600):
            assert self.client.get("/workspace/").status_code == 200

    def test_a_signed_in_officer_gets_a_new_lifetime_at_the_next_login(self):
        client = Client()
        with self.at(0):
            client.post("/accounts/login/", {"username": "city", "password": PASSWORD})
            client.post("/accounts/second-factor/", {"code": code_for(self.city_officer)})
        with self.at(10 * 60):
            assert client.get("/workspace/").status_code == 200


class CookieSettings(PersonaTestCase):
    def test_the_session_cookie_is_http_only_and_same_site(self):
        from django.conf import settings

        assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
        response = self.client.post(
            "/accounts/login/", {"username": "expert", "password": PASSWORD}
        )
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
