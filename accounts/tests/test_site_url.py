"""Links in emails work wherever the site runs: they start with SITE_URL, which production must set
to a host the site answers to (a startup check)."""

import re

from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse

from accounts.checks import site_url_check
from accounts.services import user_register
from testing.personas import PersonaTestCase

SITE = "https://bz.jining.example"
PRODUCTION = {"DEBUG": False, "DEMO_MODE": False}


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["bz.jining.example", "testserver"])
class EmailLinkTests(PersonaTestCase):
    def links(self, message) -> list[str]:
        return re.findall(r"https?://\S+", message.body)

    def test_the_confirmation_link_starts_with_site_url(self):
        with self.captureOnCommitCallbacks(execute=True):
            user_register(
                username="newbie", display_name="新人", email="n@example.invalid", password="x"
            )
        (link,) = self.links(mail.outbox[0])
        assert link.startswith(SITE + "/accounts/confirm/")

    def test_the_password_reset_link_starts_with_site_url(self):
        self.client.post(reverse("password_reset"), {"email": "enterprise@example.invalid"})
        links = self.links(mail.outbox[0])
        assert links and all(link.startswith(SITE + "/") for link in links)
        assert any("/accounts/password/reset/" in link for link in links)


class SiteUrlCheckTests(PersonaTestCase):
    @override_settings(**PRODUCTION, SITE_URL="", ALLOWED_HOSTS=["bz.jining.example"])
    def test_production_refuses_to_start_without_site_url(self):
        assert [e.id for e in site_url_check()] == ["accounts.E001"]
        with self.assertRaises(SystemCheckError):
            call_command("check")

    @override_settings(**PRODUCTION, SITE_URL=SITE, ALLOWED_HOSTS=["other.example"])
    def test_production_refuses_a_site_url_whose_host_is_not_allowed(self):
        (error,) = site_url_check()
        assert error.id == "accounts.E003" and "bz.jining.example" in error.msg

    @override_settings(**PRODUCTION, SITE_URL="bz.jining.example", ALLOWED_HOSTS=["*"])
    def test_production_refuses_a_site_url_without_scheme(self):
        assert [e.id for e in site_url_check()] == ["accounts.E002"]

    @override_settings(**PRODUCTION, SITE_URL=SITE, ALLOWED_HOSTS=[".jining.example"])
    def test_production_accepts_a_site_url_on_an_allowed_host(self):
        assert site_url_check() == []

    @override_settings(DEBUG=False, DEMO_MODE=True, SITE_URL="")
    def test_the_demo_is_not_held_to_it(self):
        assert site_url_check() == []
