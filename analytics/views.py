"""The bureau's site analytics: daily figures with a chart, top searches, and what users could
not find. Thin: `analytics.selectors` reads, `analytics.services` writes."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from analytics import selectors, services
from analytics.choices import TermStatus
from analytics.excel import DAILY_SHEET
from analytics.forms import PeriodForm, TermMarkForm, ZeroResultFilter
from analytics.models import SearchTerm
from core.excel import xlsx_response

PER_PAGE = 50


def _bureau_only(request) -> None:
    if not request.user.is_bureau:
        raise PermissionDenied


def _period(days: int) -> tuple[datetime.date, datetime.date]:
    end = timezone.localdate()
    return end - datetime.timedelta(days=days - 1), end


def search_url(query: str) -> str:
    return f"{reverse('catalog:standard_list')}?{urlencode({'q': query})}"


def _with_links(rows) -> list[dict]:
    return [
        {**row, "search_url": search_url(row.get("query") or row["term__query"])} for row in rows
    ]


@login_required
def dashboard(request):
    _bureau_only(request)
    form = PeriodForm(request.GET or None)
    days = form.days()
    start, end = _period(days)
    figures = selectors.daily_figures(start, end)
    chart = {
        "days": [f.day.isoformat() for f in figures],
        "series": [
            {"name": "首页访问", "data": [f.home_visits for f in figures]},
            {"name": "标准浏览", "data": [f.standard_views for f in figures]},
            {"name": "检索", "data": [f.searches for f in figures]},
            {"name": "无结果检索", "data": [f.zero_result_searches for f in figures]},
            {"name": "新注册用户", "data": [f.registered_users for f in figures]},
        ],
    }
    return render(
        request,
        "analytics/dashboard.html",
        {
            "form": form,
            "days": days,
            "start": start,
            "end": end,
            "figures": list(reversed(figures)),  # newest first in the table
            "totals": selectors.period_totals(figures),
            "running": selectors.site_totals(),
            "demo": selectors.includes_demo_data(),
            "chart": chart,
            "top": _with_links(selectors.top_searches(start, end, 20)),
            "standards": selectors.top_viewed_standards(start, end, 10),
            "zero": _with_links(selectors.zero_result_searches(start, end)[:10]),
        },
    )


@login_required
def daily_export(request):
    _bureau_only(request)
    days = PeriodForm(request.GET or None).days()
    start, end = _period(days)
    figures = selectors.daily_figures(start, end)
    return xlsx_response(DAILY_SHEET.write(figures), f"site-analytics-{start}-{end}.xlsx")


@login_required
def zero_results(request):
    """What users could not find: every text that found nothing in the period, most often
    first, with a link to search it again and the bureau's answer."""
    _bureau_only(request)
    form = ZeroResultFilter(request.GET or None)
    days = form.days()
    start, end = _period(days)
    rows = selectors.zero_result_searches(start, end, status=form.status_value())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "analytics/zero_results.html",
        {
            "form": form,
            "days": days,
            "page_obj": page,
            "paginator": page.paginator,
            "rows": _with_links(page.object_list),
            "statuses": TermStatus.choices,
            "back": request.get_full_path(),
        },
    )


@login_required
@require_POST
def term_mark(request, pk: int):
    _bureau_only(request)
    term = get_object_or_404(SearchTerm, pk=pk)
    form = TermMarkForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("analytics:zero_results")
    if not form.is_valid():
        messages.error(request, "处理状态无效")
        return redirect(back)
    try:
        services.search_term_mark(
            term=term,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(back)
    label = TermStatus(form.cleaned_data["status"]).label
    messages.success(request, f"“{term.query}”已标记为{label}")
    return redirect(back)
