"""Filters of the audit log, shared by the page, the export and the API."""

import datetime as dt

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import AuditEvent


def _audited_types(request=None):
    ids = AuditEvent.objects.exclude(object_type=None).values("object_type").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label="操作人", field_name="actor_label", lookup_expr="icontains"
    )
    action = django_filters.CharFilter(label="操作", lookup_expr="istartswith")
    object_type = django_filters.ModelChoiceFilter(
        label="对象类型", queryset=_audited_types, empty_label="全部"
    )
    object_id = django_filters.CharFilter(label="对象编号")
    date_from = django_filters.DateFilter(label="起始日期", method="filter_from")
    date_to = django_filters.DateFilter(label="截止日期", method="filter_to")

    class Meta:
        model = AuditEvent
        fields = []

    def filter_from(self, queryset, name, value):
        start = timezone.make_aware(dt.datetime.combine(value, dt.time.min))
        return queryset.filter(at__gte=start)

    def filter_to(self, queryset, name, value):
        end = timezone.make_aware(dt.datetime.combine(value + dt.timedelta(days=1), dt.time.min))
        return queryset.filter(at__lt=end)


def describe_filters(filterset_class, params) -> str:
    """A filter set's values in words, for people: ``关键词“足球”，状态：现行``.

    Each field by its label, choices by their Chinese label; a text search (``q``) quoted;
    unknown parameters and empty values left out."""
    form = filterset_class(data=params).form
    parts = []
    for name, field in form.fields.items():
        raw = params.get(name) if hasattr(params, "get") else None
        if isinstance(raw, list | tuple):
            raw = raw[0] if raw else None
        if raw in (None, ""):
            continue
        value = str(raw).strip()
        choices = dict(getattr(field, "choices", ()) or ())
        if choices:
            value = str(choices.get(value, value))
        if name == "q":
            parts.append(f"{field.label}“{value}”")
        else:
            parts.append(f"{field.label}：{value}")
    return "，".join(parts) or "全部"
