"""The interface is in Chinese: every page each role can reach shows no untranslated words.

Codes, names and URLs are left alone (see site_walk.latin_words): a test persona's name
("citizen") is shown inside translate="no", as every user-supplied name should be.
"""

from catalog.tests.factories import link, make_standard
from core.models import AuditEvent
from follows import services as follow_services
from portal.tests.site_walk import PERSONAS, latin_words, walk_site
from testing.personas import PersonaTestCase


class ChineseInterfaceTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        follow_services.saved_search_create(
            user=cls.enterprise_user, name="足球", params={"q": "足球", "status": "current"}
        )
        old = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
        new = make_standard("GB/T 19001-2016", "质量管理体系 要求", title_en="Quality systems")
        link(old, new)

    def login_superuser(self):
        superuser = self.make_user("root")
        superuser.is_staff = superuser.is_superuser = True
        superuser.save(update_fields=["is_staff", "is_superuser"])
        self.login(superuser)

    def test_it_shows_no_untranslated_words_on_any_page_a_role_reaches(self):
        for name in PERSONAS:
            user = getattr(self, name) if name else None
            walk = walk_site(user, details=True)
            for path, html in walk.pages.items():
                with self.subTest(persona=name or "anonymous", path=path):
                    self.assertEqual(latin_words(html), set())

    def test_it_describes_a_saved_search_in_words(self):
        self.login(self.enterprise_user)
        response = self.client.get("/follows/")
        self.assertContains(response, "关键词“足球”，状态：现行")
        self.assertNotContains(response, "status=current")

    def test_it_labels_audit_actions_and_role_groups_in_chinese(self):
        self.assertTrue(AuditEvent.objects.filter(action="role.sync").exists())
        self.login(self.city_officer)
        response = self.client.get("/audit/?action=role.sync")
        self.assertContains(response, "同步角色权限")
        self.assertContains(response, "市市场监管局")
        self.assertNotContains(response, "<td>city_officer</td>", html=False)
        response = self.client.get("/audit/?action=saved_search")
        self.assertContains(response, "保存检索条件")

    def test_it_serves_a_favicon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/x-icon")
        self.assertEqual(response.content[:4], b"\x00\x00\x01\x00")

    def test_it_words_the_password_similarity_error_without_stray_spaces(self):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            validate_password("enterprise1", user=self.enterprise_user)
        messages = " ".join(caught.exception.messages)
        self.assertIn("密码与用户名太相似", messages)
        self.assertNotIn(" 用户名 ", messages)

    def test_it_shows_the_admin_in_chinese_with_the_users_name(self):
        self.login_superuser()
        response = self.client.get("/admin/")
        html = response.content.decode()
        self.assertIn("登录安全", html)
        self.assertIn("后台任务", html)
        self.assertIn("欢迎您，", html)
        self.assertEqual(latin_words(html), set())

    def test_it_shows_roles_groups_by_their_chinese_names_in_the_admin(self):
        self.login_superuser()
        response = self.client.get("/admin/auth/group/")
        self.assertContains(response, "市市场监管局")
