"""Filters of the login audit, shared by its page and its export."""

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone

from accounts.choices import LoginOutcome
from accounts.models import LoginEvent


class AddressFilter(django_filters.Filter):
    field_class = forms.GenericIPAddressField


class LoginEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label="账号", lookup_expr="icontains")
    address = AddressFilter(label="客户端地址", field_name="address")
    outcome = django_filters.ChoiceFilter(
        label="结果", choices=LoginOutcome.choices, empty_label="全部"
    )
    failures = django_filters.ChoiceFilter(
        label="范围", choices=[("1", "仅失败")], empty_label="全部", method="filter_failures"
    )
    date_from = django_filters.DateFilter(label="起始日期", method="filter_from")
    date_to = django_filters.DateFilter(label="截止日期", method="filter_to")

    class Meta:
        model = LoginEvent
        fields = []

    def filter_failures(self, queryset, name, value):
        from accounts.choices import FAILURES

        return queryset.filter(outcome__in=FAILURES) if value else queryset

    def filter_from(self, queryset, name, value):
        return queryset.filter(at__gte=timezone.make_aware(dt.datetime.combine(value, dt.time())))

    def filter_to(self, queryset, name, value):
        end = dt.datetime.combine(value + dt.timedelta(days=1), dt.time())
        return queryset.filter(at__lt=timezone.make_aware(end))
