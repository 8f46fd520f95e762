import django_filters
from django.db.models import Q

from drafting.models import LocalStandardProject


class ProjectFilter(django_filters.FilterSet):
    state = django_filters.CharFilter(label="状态")
    year = django_filters.NumberFilter(label="年度")
    q = django_filters.CharFilter(label="关键词", method="search")

    class Meta:
        model = LocalStandardProject
        fields = ["state", "year"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(plan_number__icontains=value) | Q(code__icontains=value)
        )
