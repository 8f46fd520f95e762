"""Registration, email confirmation, lockout, password reset, profile, joining an organization."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent, StatusChange
from directory.choices import MembershipState, VerificationState
from directory.models import Membership, Organization
from directory.selectors import organization_of
from notifications.models import Notification
from reference.models import IndustryClass
from testing.personas import PASSWORD, PersonaTestCase

VALID_USCC = "91370811MA3C123510"


def licence(name="营业执照.pdf", content=b"%PDF-1.4\n%%EOF\n"):
    return SimpleUploadedFile(name, content)


class RegistrationTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        IndustryClass.objects.create(code="3411", name="锅炉及辅助设备制造", level=4)

    def form(self, **overrides):
        data = {
            "org_name": "济宁新注册机械有限公司",
            "uscc": VALID_USCC,
            "kind": "enterprise",
            "region": self.county.pk,
            "industry": "3411",
            "address": "任城区某路 1 号",
            "contact_person": "王经理",
            "contact_phone": "0537-1234567",
            "username": "newcorp",
            "display_name": "王经理",
            "email": "newcorp@example.invalid",
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
        }
        data.update(overrides)
        return data

    def register(self, **overrides):
        data = self.form(**overrides)
        data.setdefault("licence", licence())
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("directory:register_enterprise"), data)

    def test_it_registers_an_enterprise_and_its_organization_inactive_until_confirmed(self):
        response = self.register()
        self.assertRedirects(response, reverse("accounts:register_done"))
        user = User.objects.get(username="newcorp")
        assert not user.is_active
        org = Organization.objects.get(uscc=VALID_USCC)
        assert org.verification_state == VerificationState.UNSUBMITTED
        assert Membership.objects.get(user=user, organization=org).role == "admin"
        assert AuditEvent.objects.filter(action="organization.register").exists()
        assert len(mail.outbox) == 1 and "确认" in mail.outbox[0].subject

    def test_confirming_the_email_activates_and_submits_the_organization(self):
        self.register()
        link = re.search(r"http\S+/accounts/confirm/\S+/", mail.outbox[0].body).group(0)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(link.split("8000", 1)[-1])
        self.assertRedirects(response, reverse("login"))
        user = User.objects.get(username="newcorp")
        assert user.is_active
        org = organization_of(user)
        assert org.verification_state == VerificationState.SUBMITTED
        assert StatusChange.objects.filter(object_id=str(org.pk), action="submit").count() == 1
        assert Notification.objects.filter(recipient=self.county_officer).count() == 1
        assert not Notification.objects.filter(recipient=self.other_county_officer).exists()

    def test_a_used_confirmation_link_cannot_reactivate_a_deactivated_account(self):
        self.register()
        path = re.search(r"/accounts/confirm/\S+/", mail.outbox[0].body).group(0)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(path)
        user = User.objects.get(username="newcorp")
        self.client.post(reverse("login"), {"username": "newcorp", "password": "Strong-pass-2026"})
        assert User.objects.get(pk=user.pk).last_login is not None
        self.client.logout()
        User.objects.filter(pk=user.pk).update(is_active=False)  # the bureau blocks the account
        response = self.client.post(path)
        assert response.status_code == 400
        assert not User.objects.get(pk=user.pk).is_active

    def test_it_rejects_a_bad_confirmation_link(self):
        response = self.client.get(reverse("accounts:confirm", args=["forged-token"]))
        assert response.status_code == 400
        assert "无效" in response.content.decode()

    def test_it_rejects_an_invalid_uscc_and_stores_nothing(self):
        response = self.register(uscc="91370811MA3C12350X")
        assert response.status_code == 200
        assert "统一社会信用代码校验位不正确" in response.content.decode()
        assert not User.objects.filter(username="newcorp").exists()
        assert Organization.objects.count() == 2
        assert not mail.outbox

    def test_it_rejects_a_duplicate_registration_clearly(self):
        response = self.register(uscc=self.organization.uscc)
        assert "该统一社会信用代码已注册" in response.content.decode()
        response = self.register(username="enterprise", uscc=VALID_USCC)
        assert "该用户名已被使用" in response.content.decode()
        response = self.register(email="enterprise@example.invalid")
        assert "该邮箱已注册" in response.content.decode()
        assert not User.objects.filter(username="newcorp").exists()

    def test_it_applies_the_password_rules(self):
        response = self.register(password1="12345678", password2="12345678")
        assert response.status_code == 200
        assert not User.objects.filter(username="newcorp").exists()

    def test_an_individual_registers_and_asks_to_join_an_organization(self):
        self.client.post(
            reverse("accounts:register_individual"),
            {
                "username": "colleague",
                "display_name": "同事",
                "email": "colleague@example.invalid",
                "password1": "Strong-pass-2026",
                "password2": "Strong-pass-2026",
            },
        )
        colleague = User.objects.get(username="colleague")
        colleague.is_active = True
        colleague.save()
        self.login(colleague)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("directory:join_organization"), {"uscc": self.organization.uscc}
            )
        membership = Membership.objects.get(user=colleague)
        assert membership.state == MembershipState.PENDING
        assert Notification.objects.filter(
            recipient=self.enterprise_user, kind="membership"
        ).exists()
        # another organization's admin cannot decide
        self.login(self.other_enterprise_user)
        url = reverse("directory:organization_members", args=[self.organization.pk])
        assert (
            self.client.post(url, {"membership": membership.pk, "decision": "approve"}).status_code
            == 404
        )
        self.login(self.enterprise_user)
        self.client.post(url, {"membership": membership.pk, "decision": "approve"})
        membership.refresh_from_db()
        assert membership.state == MembershipState.ACTIVE
        colleague = User.objects.get(pk=colleague.pk)
        assert (
            organization_of(colleague) == self.organization and "enterprise" in colleague.role_keys
        )
        assert AuditEvent.objects.filter(action="membership.decide").exists()

    def test_profile_update_is_audited(self):
        self.login(self.enterprise_user)
        self.client.post(reverse("accounts:profile"), {"display_name": "新名字", "phone": "1"})
        self.enterprise_user.refresh_from_db()
        assert self.enterprise_user.display_name == "新名字"
        assert AuditEvent.objects.filter(action="user.update_profile").exists()


class LoginProtectionTests(PersonaTestCase):
    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_it_locks_out_after_repeated_failures(self):
        url = reverse("login")
        for _ in range(3):
            self.client.post(url, {"username": "enterprise", "password": "wrong"})
        response = self.client.post(url, {"username": "enterprise", "password": PASSWORD})
        assert response.status_code == 429
        assert "登录已暂时锁定" in response.content.decode()

    def test_a_correct_password_logs_in(self):
        response = self.client.post(
            reverse("login"), {"username": "enterprise", "password": PASSWORD}
        )
        assert response.status_code == 302

    @override_settings(ALLOWED_HOSTS=["*"], SITE_URL="https://bz.jining.example")
    def test_the_reset_link_points_at_the_site_whatever_host_the_request_named(self):
        self.client.post(
            reverse("password_reset"),
            {"email": "enterprise@example.invalid"},
            HTTP_HOST="attacker.example",
        )
        assert "attacker.example" not in mail.outbox[0].body
        assert "https://bz.jining.example/accounts/password/reset/" in mail.outbox[0].body

    def test_password_reset_sends_a_chinese_email(self):
        self.client.post(reverse("password_reset"), {"email": "enterprise@example.invalid"})
        assert len(mail.outbox) == 1
        assert "重设" in mail.outbox[0].subject
        assert "/accounts/password/reset/" in mail.outbox[0].body

    def test_api_token_rotation(self):
        self.login(self.enterprise_user)
        self.client.post(reverse("accounts:api_token"))
        response = self.client.get(reverse("accounts:profile"))
        key = re.search(r"新令牌：<code>(\w+)</code>", response.content.decode()).group(1)
        self.client.logout()
        api = self.client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Token {key}")
        assert api.status_code == 200


class DemoPasswordTests(PersonaTestCase):
    def setUp(self):
        from accounts.backends import DEMO_PASSWORD

        self.citizen.set_password(DEMO_PASSWORD)
        self.citizen.save(update_fields=["password"])
        self.password = DEMO_PASSWORD

    def log_in(self):
        self.client.post(reverse("login"), {"username": "citizen", "password": self.password})
        return "_auth_user_id" in self.client.session

    @override_settings(DEMO_MODE=False)
    def test_the_demo_password_never_logs_in_outside_demo_mode(self):
        assert not self.log_in()

    @override_settings(DEMO_MODE=True)
    def test_the_demo_password_logs_in_in_demo_mode(self):
        assert self.log_in()


class RateLimitTests(PersonaTestCase):
    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    @override_settings(POST_RATE_LIMITS={"register": (2, 3600), "password_reset": (2, 3600)})
    def test_anonymous_registration_and_reset_posts_are_limited_per_address(self):
        for url, data in (
            (reverse("accounts:register_individual"), {"username": "x"}),
            (reverse("password_reset"), {"email": "citizen@example.invalid"}),
        ):
            statuses = [self.client.post(url, data).status_code for _ in range(3)]
            assert statuses[:2] != [429, 429] and statuses[2] == 429, (url, statuses)
            assert self.client.get(url).status_code == 200  # reading the form is never limited
        assert len(mail.outbox) == 2


class ApiTokenScopeTests(PersonaTestCase):
    """Tokens are for organizations' systems: a leaked officer's token must not carry the
    bureau's powers (every organization's records, transitions, the audit log)."""

    def test_officers_and_staff_get_no_token_and_a_planted_one_does_not_work(self):
        from rest_framework.authtoken.models import Token

        for user in (self.county_officer, self.city_officer, self.administrator):
            self.login(user)
            assert self.client.post(reverse("accounts:api_token")).status_code == 403
            self.client.logout()
            key = Token.objects.create(user=user).key
            response = self.client.get("/api/v1/notifications/", HTTP_AUTHORIZATION=f"Token {key}")
            # 403, not 401: DRF answers by the first authenticator, the session one.
            assert response.status_code == 403, user
            assert response.json()["error"]["code"] == "authentication_failed"

    def test_an_enterprise_user_still_gets_one(self):
        self.login(self.enterprise_user)
        assert self.client.post(reverse("accounts:api_token")).status_code == 302
