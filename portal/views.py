"""Public portal pages."""

from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from analytics import counter
from catalog.search.index import generation as index_generation
from catalog.search.summary import public_summary
from catalog.selectors import standard_for_list, standards_visible_to
from core import pagecache


@pagecache.public_page(version=index_generation)
def home(request):
    """The front page. What it shows of the whole catalog (counts, examples, which standards
    are latest and upcoming) is recomputed once per search-index commit, never per request;
    strangers get the page itself from the page cache."""
    pagecache.replayed(counter.home_visit, request)  # buffered: no query, no write
    summary = public_summary()
    rows = standard_for_list(standards_visible_to(None)).in_bulk(
        [*summary.recent_ids, *summary.upcoming_ids]
    )
    return render(
        request,
        "portal/home.html",
        {
            "summary": summary,
            "recent": [rows[i] for i in summary.recent_ids if i in rows],
            "upcoming": [rows[i] for i in summary.upcoming_ids if i in rows],
        },
    )


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    """隐私政策: what the platform keeps about people, and for how long."""
    from django.conf import settings

    return render(
        request,
        "portal/privacy.html",
        {
            "login_audit_days": settings.LOGIN_AUDIT_DAYS,
            "staff_idle_minutes": settings.STAFF_SESSION_IDLE_MINUTES,
            "staff_max_hours": settings.STAFF_SESSION_MAX_HOURS,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "export_keep_hours": settings.EXPORT_KEEP_HOURS,
        },
    )


@cache
def _favicon_bytes() -> bytes:
    path = finders.find("favicon.ico")
    if path:
        with open(path, "rb") as f:
            return f.read()
    with staticfiles_storage.open("favicon.ico") as f:  # collected, finders off
        return f.read()


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page's <link rel="icon"> says."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")
