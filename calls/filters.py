"""Filters of the call list, shared by the page and the API."""

import django_filters
from django.utils import timezone

from calls.choices import CallState
from calls.models import Call
from calls.programs import programs


class CallFilter(django_filters.FilterSet):
    program = django_filters.ChoiceFilter(label="项目类别", choices=programs, empty_label="全部")
    state = django_filters.ChoiceFilter(
        label="状态", choices=CallState.choices, method="filter_state", empty_label="全部"
    )
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = Call
        fields = ["program", "state", "year"]

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value, timezone.now())
