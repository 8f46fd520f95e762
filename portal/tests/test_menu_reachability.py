"""Every page a role may open is linked from its menus, its workspace or a page they lead to.

A page added without a menu entry fails here until its app's ``menu.py`` declares one (or
``menu.unlisted(name, reason)`` says why it is reached only through a flow). See core.menu.
"""

from core import menu
from portal.tests.site_walk import PERSONAS, parameterless_url_names, walk_site
from testing.personas import PersonaTestCase


class MenuReachabilityTests(PersonaTestCase):
    def assert_all_reachable(self, user, who: str) -> None:
        walk = walk_site(user)
        self.assertIn("/", walk.openable, who)
        unlinked = walk.unlinked()
        self.assertEqual(
            unlinked,
            {},
            f"{who} may open these pages but no menu or workspace links to them; declare them "
            "in the app's menu.py (core.menu.register) or menu.unlisted(name, reason)",
        )

    def test_it_links_every_page_each_role_may_open(self):
        for name in PERSONAS:
            with self.subTest(persona=name or "anonymous"):
                self.assert_all_reachable(
                    getattr(self, name) if name else None, name or "anonymous"
                )

    def test_it_links_the_bureau_pages_that_were_only_reachable_by_typing_their_url(self):
        walk = walk_site(self.city_officer)
        for path in ("/standards/import/", "/experts/", "/audit/", "/specialists/"):
            with self.subTest(path=path):
                self.assertIn(path, walk.openable)
                self.assertIn(path, walk.reachable)

    def test_it_hides_the_bureau_entries_from_an_enterprise(self):
        walk = walk_site(self.enterprise_user)
        for path in ("/standards/import/", "/experts/", "/audit/"):
            self.assertNotIn(path, walk.reachable, path)

    def test_it_only_declares_unlisted_pages_that_exist(self):
        names = parameterless_url_names()
        for name in [*menu.unlisted_names(), *menu.visitors_only_names()]:
            self.assertIn(name, names, f"menu declares {name!r}, which is no parameterless URL")

    def test_it_only_registers_entries_that_reverse(self):
        names = parameterless_url_names()
        for entry in menu.registered():
            self.assertIn(entry.url_name, names, f"menu entry {entry.label} does not reverse")
