"""Confirming the email: a button behind the link (scanners activate nothing), and a login before
confirming says so and offers to send the link again."""

import re

from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from accounts.services import user_register
from accounts.tokens import make_confirmation_token
from core.models import AuditEvent
from testing.personas import PersonaTestCase

PASSWORD = "Strong-pass-2026"
UNCONFIRMED = "该账号的邮箱尚未确认"


class ConfirmationTests(PersonaTestCase):
    def setUp(self):
        cache.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.user = user_register(
                username="newbie",
                display_name="新人",
                email="newbie@example.invalid",
                password=PASSWORD,
            )
        self.link = re.search(r"/accounts/confirm/\S+/", mail.outbox[0].body).group(0)

    def log_in(self, password=PASSWORD, username="newbie"):
        return self.client.post(reverse("login"), {"username": username, "password": password})

    def test_following_the_link_shows_a_button_and_activates_nothing(self):
        response = self.client.get(self.link)
        assert response.status_code == 200 and "确认邮箱并激活账号" in response.content.decode()
        assert not User.objects.get(pk=self.user.pk).is_active
        assert not AuditEvent.objects.filter(action="user.confirm_email").exists()

    def test_the_button_confirms(self):
        response = self.client.post(self.link)
        self.assertRedirects(response, reverse("login"))
        user = User.objects.get(pk=self.user.pk)
        assert user.is_active and user.email_confirmed_at is not None

    def test_a_forged_link_is_refused_on_sight(self):
        assert self.client.get("/accounts/confirm/forged/").status_code == 400

    def test_a_correct_password_before_confirming_says_so_and_offers_the_link_again(self):
        page = self.log_in().content.decode()
        assert UNCONFIRMED in page and "重新发送确认邮件" in page
        assert "_auth_user_id" not in self.client.session
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("accounts:resend_confirmation"), follow=True)
        assert "已重新发送确认邮件到 n***@example.invalid" in response.content.decode()
        assert len(mail.outbox) == 2 and mail.outbox[1].to == ["newbie@example.invalid"]
        assert AuditEvent.objects.filter(action="user.resend_confirmation").count() == 1
        # the new link works like the first
        self.client.post(re.search(r"/accounts/confirm/\S+/", mail.outbox[1].body).group(0))
        assert User.objects.get(pk=self.user.pk).is_active

    def test_a_wrong_password_reveals_nothing_and_offers_nothing(self):
        for username, password in (("newbie", "wrong-password-1"), ("nobody", PASSWORD)):
            page = self.log_in(password, username).content.decode()
            assert UNCONFIRMED not in page and "重新发送确认邮件" not in page
            assert "请输入一个正确的" in page
        response = self.client.post(reverse("accounts:resend_confirmation"), follow=True)
        assert "请先用用户名和密码登录一次" in response.content.decode()
        assert len(mail.outbox) == 1

    def test_a_blocked_account_is_not_told_to_confirm_nor_sent_a_link(self):
        User.objects.filter(pk=self.enterprise_user.pk).update(is_active=False)
        page = self.log_in("Persona-pass-2026", "enterprise").content.decode()
        assert UNCONFIRMED not in page
        assert self.client.post(reverse("accounts:resend_confirmation")).status_code == 302
        assert len(mail.outbox) == 1
        # even a valid link made for the blocked account does not reactivate it
        blocked = User.objects.get(pk=self.enterprise_user.pk)
        link = reverse("accounts:confirm", args=[make_confirmation_token(blocked)])
        assert self.client.post(link).status_code == 400
        assert not User.objects.get(pk=blocked.pk).is_active

    def test_resending_is_limited_per_account(self):
        self.log_in()
        with self.captureOnCommitCallbacks(execute=True):
            for _ in range(3):
                self.client.post(reverse("accounts:resend_confirmation"))
        assert len(mail.outbox) == 2  # the registration email and one resend

    @override_settings(POST_RATE_LIMITS={"confirmation_resend": (2, 3600)})
    def test_resending_is_limited_per_address(self):
        statuses = [
            self.client.post(reverse("accounts:resend_confirmation")).status_code for _ in range(3)
        ]
        assert statuses == [302, 302, 429]


class EnterpriseConfirmationEmailTests(PersonaTestCase):
    def test_the_first_email_and_a_resent_one_say_the_organization_will_be_submitted(self):
        from directory.services import organization_register

        cache.clear()
        with self.captureOnCommitCallbacks(execute=True):
            user = user_register(
                username="newcorp",
                display_name="王经理",
                email="c@example.invalid",
                password=PASSWORD,
            )
            organization_register(
                admin=user, actor=user, name="济宁新公司", uscc="91370811MA3C123510"
            )
        self.client.post(reverse("login"), {"username": "newcorp", "password": PASSWORD})
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("accounts:resend_confirmation"))
        assert len(mail.outbox) == 2
        for email in mail.outbox:
            assert "确认后，“济宁新公司”的注册信息将提交所在地市场监管部门审核" in email.body

    def test_an_individual_gets_no_such_line(self):
        with self.captureOnCommitCallbacks(execute=True):
            user_register(
                username="solo", display_name="个人", email="s@example.invalid", password=PASSWORD
            )
        assert "注册信息将提交" not in mail.outbox[0].body
