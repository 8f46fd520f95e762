"""Public portal pages."""

from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from catalog.choices import Status
from catalog.filters import StandardFilter
from catalog.selectors import catalog_counts, standard_for_list, standards_visible_to


def home(request):
    recent = standard_for_list(
        standards_visible_to(request.user)
        .exclude(issue_date=None)
        .order_by("-issue_date", "code_key")
    )[:8]
    upcoming = standard_for_list(
        standards_visible_to(request.user).filter(status=Status.UPCOMING).order_by("implement_date")
    )[:8]
    return render(
        request,
        "portal/home.html",
        {
            "counts": catalog_counts(user=request.user),
            "recent": recent,
            "upcoming": upcoming,
            "filterset": StandardFilter(queryset=standards_visible_to(request.user)),
        },
    )


def accessibility(request):
    return render(request, "portal/accessibility.html")


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
