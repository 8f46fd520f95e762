"""The page cache (core/pagecache.py): strangers get the public pages from the cache, counted as
if built; nobody else's page, no CSRF token, no message and no other language ever comes out
of it."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.choices import Metric
from analytics.flush import flush
from analytics.models import DailyCount
from analytics.tests.helpers import BROWSER, clean_buffer
from catalog.models import Standard
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase
from core import pagecache


def _clear_pages() -> None:
    caches[pagecache.CACHE].clear()


@override_settings(PAGE_CACHE_SECONDS=30)
class PageCacheTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")

    def setUp(self):
        super().setUp()
        _clear_pages()
        self.addCleanup(_clear_pages)
        clean_buffer()
        self.addCleanup(clean_buffer)

    def queries(self, url, **extra) -> tuple[int, object]:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200)
        return len(captured.captured_queries), response

    def test_it_serves_a_strangers_second_visit_without_building_the_page(self):
        for url in ("/", "/standards/?q=质量", self.standard.get_absolute_url()):
            built, first = self.queries(url)
            served, second = self.queries(url)
            self.assertGreater(built, 0, url)
            self.assertEqual(served, 0, url)
            self.assertEqual(first.content, second.content)

    def test_the_other_public_pages_are_served_from_the_cache_too(self):
        for url in ("/topics/", "/showcase/", "/statistics/", "/notices/"):
            self.queries(url)
            served, _ = self.queries(url)
            self.assertEqual(served, 0, url)

    def test_visits_served_from_the_cache_are_counted(self):
        for _ in range(3):
            self.client.get("/", **BROWSER)
            self.client.get(self.standard.get_absolute_url(), **BROWSER)
            self.client.get("/standards/", {"q": "质量"}, **BROWSER)
        flush()
        counts = dict(
            DailyCount.objects.filter(day=timezone.localdate()).values_list("metric", "count")
        )
        self.assertEqual(counts[Metric.HOME_VISIT], 3)
        self.assertEqual(counts[Metric.STANDARD_VIEW], 3)
        self.assertEqual(counts[Metric.SEARCH_PAGE], 3)
        self.assertEqual(Standard.objects.get(pk=self.standard.pk).view_count, 3)

    def test_a_stranger_never_gets_a_signed_in_users_page(self):
        url = self.standard.get_absolute_url()
        self.client.get(url)  # a stranger's page is in the cache
        self.login(self.enterprise_user)
        _, own = self.queries(url)
        self.assertContains(own, "您好")
        self.assertContains(own, "csrfmiddlewaretoken")  # the logout form
        home = self.client.get("/")
        self.assertContains(home, "您好")
        self.client.logout()
        for page in (url, "/"):
            _, stranger = self.queries(page)
            self.assertNotContains(stranger, "您好")
            self.assertNotContains(stranger, "退出登录")
            self.assertNotContains(stranger, "csrfmiddlewaretoken")

    def test_it_never_serves_a_page_across_languages(self):
        self.queries("/")  # the Chinese page is in the cache
        built, english = self.queries("/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertGreater(built, 0)
        self.assertEqual(english["Content-Language"], "en")
        served, chinese = self.queries("/")
        self.assertEqual(served, 0)
        self.assertEqual(chinese["Content-Language"], "zh-hans")

    def test_a_change_to_the_catalog_is_shown_at_once(self):
        self.queries("/standards/?q=环境")
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("GB/T 24001-2016", "环境管理体系 要求及使用指南")
        built, response = self.queries("/standards/?q=环境")
        self.assertGreater(built, 0)
        self.assertContains(response, "GB/T 24001-2016")

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_it_is_off_at_zero_seconds(self):
        self.queries("/")
        built, _ = self.queries("/")
        self.assertGreater(built, 0)


def _request(user=None):
    request = RequestFactory().get("/page/", {"q": "x"})
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


class _Visitor:
    is_authenticated = True


@override_settings(PAGE_CACHE_SECONDS=30)
class PageCacheRulesTest(SimpleTestCase):
    def setUp(self):
        _clear_pages()
        self.addCleanup(_clear_pages)
        self.built = 0

    def view(self, body=b"page", before=None):
        @pagecache.public_page
        def page(request):
            self.built += 1
            if before:
                before(request)
            return HttpResponse(body)

        return page

    def test_it_keeps_a_page_for_the_next_stranger(self):
        page = self.view()
        page(_request())
        self.assertEqual(page(_request()).content, b"page")
        self.assertEqual(self.built, 1)

    def test_it_neither_keeps_nor_serves_pages_of_signed_in_users(self):
        page = self.view()
        page(_request(_Visitor()))
        page(_request())
        page(_request(_Visitor()))
        self.assertEqual(self.built, 3)

    def test_a_page_with_a_csrf_token_is_not_kept(self):
        page = self.view(before=get_token)
        page(_request())
        page(_request())
        self.assertEqual(self.built, 2)

    def test_a_visitor_with_a_message_gets_a_built_page_that_is_not_kept(self):
        page = self.view()
        request = _request()
        add_message(request, constants.INFO, "已保存")
        page(request)
        page(_request())
        self.assertEqual(self.built, 2)

    def test_a_page_that_sets_a_cookie_or_is_not_200_is_not_kept(self):
        def cookie(request):
            request.session["seen"] = True

        page = self.view(before=cookie)
        page(_request())
        page(_request())
        self.assertEqual(self.built, 2)

        @pagecache.public_page
        def missing(request):
            self.built += 1
            return HttpResponse(status=404)

        missing(_request())
        missing(_request())
        self.assertEqual(self.built, 4)

    def test_what_the_page_counted_is_counted_again_on_every_hit(self):
        page = self.view(before=lambda request: pagecache.replayed(_count, request, 7))
        _calls.clear()
        for _ in range(3):
            page(_request())
        self.assertEqual(self.built, 1)
        self.assertEqual(_calls, [7, 7, 7])


_calls: list[int] = []


def _count(request, value):
    _calls.append(value)
