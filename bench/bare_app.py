"""The framework's limit for `make bench`: a bare Django JSON view returning 20 rows of the
catalog, served by gunicorn with the same settings as the product (2 sync workers). Not part of
the product (its URLconf is this module):

    gunicorn bench.bare_app --workers 2

The project's settings and database, no middleware, one plain query for 20 public rows
(a window that moves with each request, so that no database page cache flatters it), and
`JsonResponse`. What the project's own request path adds lies between this and its figures."""

from __future__ import annotations

import itertools
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings
from django.http import JsonResponse
from django.urls import re_path

_window = itertools.count()


def rows(request):
    from catalog.models import Standard

    start = next(_window) * 20 % 50_000
    page = list(
        Standard.objects.filter(is_public=True, pk__gt=start)
        .order_by("pk")
        .values("id", "code", "code_key", "title", "status", "issue_date")[:20]
    )
    return JsonResponse({"count": len(page), "results": page})


# Every path answers the same, so a load generator may send the product's own URLs here.
urlpatterns = [re_path(r"", rows)]

settings.ROOT_URLCONF = __name__
settings.MIDDLEWARE = []

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
