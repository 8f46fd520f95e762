"""Public portal pages."""

from django.shortcuts import render

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
