"""Audit log pages: browse, filter and export; there is deliberately no edit or delete."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core import exports
from core.excel import Column, Sheet, xlsx_response
from core.filters import AuditEventFilter
from core.selectors import audit_events_visible_to

EXPORT_LIMIT = 100_000

AUDIT_SHEET = Sheet(
    "审计日志",
    (
        Column("时间", "at", lambda e: timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S")),
        Column("操作人", "actor_label"),
        Column("操作", "action_label"),
        Column("操作代码", "action"),
        Column(
            "对象类型", "object_type", lambda e: str(e.object_type.name) if e.object_type else ""
        ),
        Column("对象编号", "object_id"),
        Column("对象", "object_display"),
        Column("说明", "message"),
        Column("变更内容", "changes", lambda e: str(e.changes) if e.changes else ""),
        Column("请求编号", "request_id"),
    ),
)


@login_required
def audit_list(request):
    filterset = AuditEventFilter(request.GET, queryset=audit_events_visible_to(request.user))
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    paginator = Paginator(qs, 50)
    return render(
        request,
        "core/audit_list.html",
        {
            "filterset": filterset,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "paginator": paginator,
        },
    )


def _audit_events(user, query):
    filterset = AuditEventFilter(query, queryset=audit_events_visible_to(user))
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def build_audit_export(user, params: dict) -> tuple[bytes, int, str]:
    """The audit log as filtered, for a background job (core.exports)."""
    count = [0]
    rows = exports.counted(_audit_events(user, exports.query_from(params))[:EXPORT_LIMIT], count)
    data = AUDIT_SHEET.write(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return data, count[0], f"审计日志-{stamp}.xlsx"


@login_required
def audit_export(request):
    """Small exports in the response; larger ones (up to EXPORT_LIMIT) in the background."""
    qs = _audit_events(request.user, request.GET)
    cap = settings.EXPORT_SYNC_ROWS
    if qs[: cap + 1].count() <= cap:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(AUDIT_SHEET.write(qs.iterator()), f"审计日志-{stamp}.xlsx")
    try:
        exports.export_job_create(
            kind="audit",
            params=exports.query_params(request.GET),
            label="审计日志导出",
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(f"{reverse('audit:list')}?{request.GET.urlencode()}")
    messages.success(request, "记录较多，已在后台生成 Excel，完成后请在本页下载。")
    return redirect("exports:list")
