"""The framework's floor for `bench.profile_paths`: a bare Django JSON view (no middleware, no
database) answering 20 rows shaped like the search API's, served by the same gunicorn settings.

    gunicorn bench.bare_django:application --workers 2
"""

from __future__ import annotations

import datetime

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only",  # noqa: S106
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_TZ=True,
    )

import django
from django.core.wsgi import get_wsgi_application
from django.http import JsonResponse
from django.urls import path

_DAY = datetime.date(2020, 1, 1).isoformat()
ROWS = [
    {
        "code": f"GB/T {1000 + i}-2020",
        "code_key": f"GB/T{1000 + i}-2020",
        "title": "信息技术 安全技术 信息安全管理体系 要求",
        "title_en": "Information technology - Security techniques",
        "kind": "national",
        "kind_label": "国家标准",
        "nature": "recommended",
        "nature_label": "推荐性",
        "status": "current",
        "status_label": "现行",
        "issue_date": _DAY,
        "implement_date": _DAY,
        "abolish_date": None,
        "issuing_body": "国家市场监督管理总局",
        "updated_at": "2026-01-01T08:00:00+08:00",
        "url": f"/api/v1/standards/GB/T{1000 + i}-2020/",
    }
    for i in range(20)
]


def rows(request):
    return JsonResponse(
        {"count": 1234, "next": None, "previous": None, "results": ROWS},
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns = [path("api/v1/standards/", rows)]

django.setup()
application = get_wsgi_application()
