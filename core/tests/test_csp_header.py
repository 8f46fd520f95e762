"""The CSP header built once (core.middleware.CSPMiddleware) is the one django-csp builds for
every response, and a view that changes its policy still gets django-csp's own build."""

from csp.decorators import csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase

from core.middleware import CSPMiddleware


def _page(request):
    return HttpResponse("page")


@csp_update({"img-src": ["https://maps.example.invalid"]})
def _page_with_a_map(request):
    return HttpResponse("map")


class CSPHeaderTest(SimpleTestCase):
    def header(self, middleware_class, view) -> str:
        response = middleware_class(view)(RequestFactory().get("/"))
        return response["Content-Security-Policy"]

    def test_it_sends_the_header_django_csp_builds(self):
        header = self.header(CSPMiddleware, _page)
        self.assertEqual(header, self.header(DjangoCSPMiddleware, _page))
        self.assertIn("script-src 'self'", header)

    def test_a_view_that_changes_its_policy_gets_it(self):
        header = self.header(CSPMiddleware, _page_with_a_map)
        self.assertEqual(header, self.header(DjangoCSPMiddleware, _page_with_a_map))
        self.assertIn("https://maps.example.invalid", header)

    def test_the_site_pages_carry_it(self):
        response = self.client.get("/accessibility/")
        self.assertEqual(
            response["Content-Security-Policy"], self.header(DjangoCSPMiddleware, _page)
        )
