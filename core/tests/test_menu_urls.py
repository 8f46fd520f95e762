"""The menus' links follow the URLconf in force, though they are worked out once per URLconf."""

from django.contrib.auth.models import AnonymousUser
from django.test import SimpleTestCase, override_settings

from core import menu

urlpatterns: list = []  # a URLconf that serves none of the menus' pages


class MenuUrlTests(SimpleTestCase):
    def footer_urls(self):
        return [item["url"] for item in menu.section_for(AnonymousUser(), menu.FOOTER)]

    def test_links_are_those_of_the_urlconf_in_force(self):
        before = self.footer_urls()
        assert before, "the footer has public links"
        with override_settings(ROOT_URLCONF=__name__):
            # Names this URLconf lacks are left out, not served from what was worked out before.
            assert self.footer_urls() == []
        assert self.footer_urls() == before
