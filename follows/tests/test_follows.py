"""Following standards and saving searches: pages, API, permissions, audit, bad input."""

from django.test import override_settings

from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase
from core.models import AuditEvent
from follows import services
from follows.models import Follow, SavedSearch


class FollowPagesTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        cls.other = make_standard("DB3708/T 12-2021", "足球场地人造草面层维护规范")

    def test_it_follows_and_unfollows_a_standard_from_its_page(self):
        self.login(self.enterprise_user)
        page = self.client.get(self.standard.get_absolute_url())
        self.assertContains(page, "关注此标准")
        response = self.client.post(
            "/follows/standards/",
            {"code": "gb/t 19001—2016", "next": self.standard.get_absolute_url()},
        )
        self.assertRedirects(response, self.standard.get_absolute_url())
        follow = Follow.objects.get(user=self.enterprise_user)
        self.assertEqual(follow.standard, self.standard)
        self.assertContains(self.client.get(self.standard.get_absolute_url()), "取消关注")
        home = self.client.get("/follows/")
        self.assertContains(home, "GB/T 19001-2016")
        self.assertContains(home, "badge-status-current")
        self.client.post(f"/follows/standards/{follow.pk}/delete/")
        self.assertFalse(Follow.objects.exists())
        actions = list(
            AuditEvent.objects.filter(action__startswith="follow.").values_list("action", flat=True)
        )
        self.assertEqual(sorted(actions), ["follow.create", "follow.delete"])

    def test_following_twice_keeps_one_follow(self):
        self.login(self.enterprise_user)
        self.client.post("/follows/standards/", {"code": "GB/T 19001-2016"})
        self.client.post("/follows/standards/", {"code": "GB/T 19001-2016"})
        self.assertEqual(Follow.objects.count(), 1)

    def test_it_rejects_an_unknown_standard_with_a_clear_message(self):
        self.login(self.enterprise_user)
        response = self.client.post("/follows/standards/", {"code": "GB/T 99999-2020"}, follow=True)
        self.assertContains(response, "没有找到标准 GB/T 99999-2020")
        response = self.client.post("/follows/standards/", {"code": "???"}, follow=True)
        self.assertContains(response, "标准号无法识别")
        self.assertFalse(Follow.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="follow.create").exists())

    def test_a_non_public_standard_cannot_be_followed_by_the_public(self):
        make_standard("Q/JN 1-2024", "内部标准", is_public=False)
        self.login(self.citizen)
        response = self.client.post("/follows/standards/", {"code": "Q/JN 1-2024"}, follow=True)
        self.assertContains(response, "没有找到标准")
        self.assertFalse(Follow.objects.exists())

    def test_anonymous_users_are_sent_to_login(self):
        for url in ("/follows/", "/follows/standards/", "/follows/searches/"):
            response = self.client.post(url) if url != "/follows/" else self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/accounts/login/", response["Location"])
        page = self.client.get(self.standard.get_absolute_url())
        self.assertContains(page, "登录后关注")

    def test_nobody_sees_or_changes_another_users_follows(self):
        follow, _ = services.follow_create(user=self.enterprise_user, code="GB/T 19001-2016")
        saved = services.saved_search_create(
            user=self.enterprise_user, name="质量", params={"q": "质量"}
        )
        self.login(self.other_enterprise_user)
        self.assertEqual(
            self.client.post(f"/follows/standards/{follow.pk}/delete/").status_code, 404
        )
        self.assertEqual(self.client.post(f"/follows/searches/{saved.pk}/delete/").status_code, 404)
        self.assertEqual(self.client.get(f"/follows/searches/{saved.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/follows/"), "GB/T 19001-2016")
        self.assertEqual(Follow.objects.count(), 1)
        self.assertEqual(SavedSearch.objects.count(), 1)

    def test_it_saves_the_current_search_and_counts_new_matches(self):
        self.login(self.enterprise_user)
        page = self.client.get("/standards/", {"q": "足球", "kind": "municipal"})
        self.assertContains(page, "保存检索")
        response = self.client.post(
            "/follows/searches/",
            {"name": "足球场地", "q": "足球", "kind": "municipal", "page": "3"},
        )
        self.assertRedirects(response, "/follows/")
        saved = SavedSearch.objects.get(user=self.enterprise_user)
        self.assertEqual(saved.params, {"q": "足球", "kind": "municipal"})
        self.assertTrue(AuditEvent.objects.filter(action="saved_search.create").exists())
        self.assertContains(self.client.get("/follows/"), "暂无新标准")
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("DB3708/T 30-2026", "足球场地照明要求")
            make_standard("DB3708/T 31-2026", "篮球场地照明要求")
        self.assertContains(self.client.get("/follows/"), "1 项新标准")
        opened = self.client.get(f"/follows/searches/{saved.pk}/")
        self.assertEqual(opened.status_code, 302)
        self.assertIn("q=%E8%B6%B3%E7%90%83", opened["Location"])
        self.assertContains(self.client.get("/follows/"), "暂无新标准")
        self.client.post(f"/follows/searches/{saved.pk}/delete/")
        self.assertFalse(SavedSearch.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(action="saved_search.delete").exists())

    def test_it_rejects_bad_saved_searches(self):
        self.login(self.enterprise_user)
        cases = [
            ({"name": "", "q": "足球"}, "请填写检索名称"),
            ({"name": "长" * 61, "q": "足球"}, "检索名称不能超过 60 个字"),
            ({"name": "空的"}, "请先输入关键词或选择筛选条件"),
            ({"name": "坏的", "kind": "nonsense"}, "检索条件有误"),
            ({"name": "坏年份", "year": "abc"}, "检索条件有误"),
        ]
        for data, message in cases:
            response = self.client.post("/follows/searches/", data, follow=True)
            self.assertContains(response, message, msg_prefix=str(data))
        self.assertFalse(SavedSearch.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="saved_search.create").exists())

    def test_duplicate_names_are_refused(self):
        services.saved_search_create(user=self.expert, name="质量", params={"q": "质量"})
        self.login(self.expert)
        response = self.client.post(
            "/follows/searches/", {"name": "质量", "q": "体系"}, follow=True
        )
        self.assertContains(response, "已有名为“质量”的检索")
        self.assertEqual(SavedSearch.objects.count(), 1)

    @override_settings(FOLLOW_MAX_SAVED_SEARCHES=2, FOLLOW_MAX_STANDARDS=1)
    def test_follow_creation_is_limited_per_user(self):
        self.login(self.expert)
        for i in range(3):
            self.client.post("/follows/searches/", {"name": f"检索{i}", "q": f"质量{i}"})
        self.assertEqual(SavedSearch.objects.filter(user=self.expert).count(), 2)
        self.client.post("/follows/standards/", {"code": "GB/T 19001-2016"})
        response = self.client.post(
            "/follows/standards/", {"code": "DB3708/T 12-2021"}, follow=True
        )
        self.assertContains(response, "最多可关注 1 项标准")
        self.assertEqual(Follow.objects.filter(user=self.expert).count(), 1)

    def test_my_follows_page_reads_a_fixed_number_of_queries(self):
        for code in ("GB/T 19001-2016", "DB3708/T 12-2021"):
            services.follow_create(user=self.expert, code=code)
        services.saved_search_create(user=self.expert, name="质量", params={"q": "质量"})
        self.login(self.expert)
        self.client.get("/follows/")  # warm caches (content types, session)
        # session, user with their roles, unread count, follows, saved searches, recent standards
        # per search, followed records (topics)
        with self.assertNumQueries(7):
            response = self.client.get("/follows/")
        self.assertContains(response, "DB3708/T 12-2021")

    def test_the_user_menu_links_to_my_follows(self):
        self.login(self.citizen)
        self.assertContains(self.client.get("/"), 'href="/follows/"')


class FollowApiTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")

    def test_the_api_follows_lists_and_unfollows(self):
        self.login(self.enterprise_user)
        response = self.client.post(
            "/api/v1/follows/standards/",
            {"code": "GB/T19001-2016"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["standard"]["status"], "current")
        listed = self.client.get("/api/v1/follows/standards/").json()
        self.assertEqual(listed["count"], 1)
        pk = listed["results"][0]["id"]
        self.assertEqual(self.client.delete(f"/api/v1/follows/standards/{pk}/").status_code, 204)
        self.assertFalse(Follow.objects.exists())

    def test_the_api_saves_searches_and_reports_errors_in_chinese(self):
        self.login(self.enterprise_user)
        ok = self.client.post(
            "/api/v1/follows/searches/",
            {"name": "质量", "params": {"q": "质量", "status": "current"}},
            content_type="application/json",
        )
        self.assertEqual(ok.status_code, 201, ok.content)
        self.assertEqual(ok.json()["new_count"], 0)
        bad = self.client.post(
            "/api/v1/follows/searches/",
            {"name": "坏", "params": {"status": "whatever"}},
            content_type="application/json",
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("检索条件有误", str(bad.json()["error"]["fields"]))
        unknown = self.client.post(
            "/api/v1/follows/standards/", {"code": "GB 1-2020"}, content_type="application/json"
        )
        self.assertEqual(unknown.status_code, 400)
        self.assertIn("没有找到标准", str(unknown.json()))
        self.assertEqual(SavedSearch.objects.count(), 1)

    def test_the_api_is_private(self):
        self.assertIn(self.client.get("/api/v1/follows/standards/").status_code, (401, 403))
        follow, _ = services.follow_create(user=self.enterprise_user, code="GB/T 19001-2016")
        saved = services.saved_search_create(
            user=self.enterprise_user, name="质量", params={"q": "质量"}
        )
        self.login(self.other_enterprise_user)
        self.assertEqual(self.client.get("/api/v1/follows/standards/").json()["count"], 0)
        self.assertEqual(
            self.client.delete(f"/api/v1/follows/standards/{follow.pk}/").status_code, 404
        )
        self.assertEqual(
            self.client.delete(f"/api/v1/follows/searches/{saved.pk}/").status_code, 404
        )
        self.assertEqual(Follow.objects.count(), 1)

    def test_token_authentication_works(self):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=self.expert)
        response = self.client.post(
            "/api/v1/follows/standards/",
            {"code": "GB/T 19001-2016"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token.key}",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Follow.objects.get().user, self.expert)
