"""统计分析: the public page and its exports read the latest public snapshot (one query); the
dashboard of the bureau and county officers computes its figures now, under their scope."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core import audit
from core.excel import xlsx_response
from core.pagecache import public_page
from insight import figures, presenters, selectors, services
from insight.choices import Scope
from insight.excel import figure_xlsx
from insight.forms import FilterForm, ReportForm
from insight.report import annual_report_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@public_page
def public_statistics(request):
    """统计分析 (public): the figures of the latest public snapshot."""
    snapshot = selectors.latest_snapshot(Scope.PUBLIC)
    data = snapshot.data if snapshot else {}
    return render(
        request,
        "insight/statistics.html",
        {
            "snapshot": snapshot,
            # Callables: the template calls them only when its cached fragment is stale.
            "figures": lambda: [presenters.table(f) for f in data.get("figures", [])],
            "site_cards": lambda: presenters.site_cards(data.get("site", {})),
        },
    )


def public_export(request, key: str):
    snapshot = selectors.latest_snapshot(Scope.PUBLIC)
    figure = snapshot.figure(key) if snapshot else None
    if figure is None:
        raise Http404("没有这项统计")
    return xlsx_response(figure_xlsx(figure), f"{figure['title']}.xlsx")


def _dashboard_user(request):
    if not services.may_view_dashboard(request.user):
        raise PermissionDenied
    return request.user


@login_required
def dashboard(request):
    """统计看板: every figure, computed now with the filters (a county officer: own county)."""
    user = _dashboard_user(request)
    form = FilterForm(request.GET or None, user=user)
    filters = selectors.dashboard_filters(user, form.filters())
    data = figures.compute(Scope.BUREAU, filters)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "insight/dashboard.html",
        {
            "form": form,
            "query": query,
            "figures": [presenters.table(f) for f in data["figures"]],
            "site_cards": presenters.site_cards(data["site"]),
            "computes": services.may_compute(user),
            "latest": selectors.latest_snapshot(Scope.BUREAU),
            "report_form": ReportForm(),
        },
    )


@login_required
def dashboard_export(request, key: str):
    user = _dashboard_user(request)
    form = FilterForm(request.GET or None, user=user)
    try:
        figure = selectors.dashboard_figure(user, key, form.filters())
    except KeyError:
        raise Http404("没有这项统计") from None
    return xlsx_response(figure_xlsx(figure), f"{figure['title']}.xlsx")


@login_required
@require_POST
def snapshot_refresh(request):
    """重新计算: the bureau queues fresh public and bureau snapshots (a background task)."""
    if not services.may_compute(request.user):
        raise PermissionDenied
    services.snapshots_request(actor=request.user)
    messages.success(request, "已提交重新计算，统计数据将在后台更新。")
    return redirect("insight:dashboard")


@login_required
@require_POST
def annual_report(request):
    """年度统计报告 (DOCX) for a year, from a snapshot of that year's figures."""
    if not services.may_compute(request.user):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("insight:dashboard")
    year = form.cleaned_data["year"]
    snapshot = services.annual_snapshot(year=year, actor=request.user)
    audit.record(
        actor=request.user, action="insight.annual_report", obj=snapshot, extra={"year": year}
    )
    data = annual_report_docx(snapshot, bureau_name=settings.SITE.get("bureau_name", ""))
    response = HttpResponse(data, content_type=DOCX_TYPE)
    name = f"济宁市标准化工作统计报告-{year}.docx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
