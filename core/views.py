"""Audit log pages: browse, filter and export; there is deliberately no edit or delete."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

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


@login_required
def audit_export(request):
    filterset = AuditEventFilter(request.GET, queryset=audit_events_visible_to(request.user))
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(AUDIT_SHEET.write(qs[:EXPORT_LIMIT].iterator()), f"审计日志-{stamp}.xlsx")
