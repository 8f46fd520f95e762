"""Filters of the directory's registers, shared by the pages, the API and the Excel exports
(as `catalog/filters.py` is for standards). The querysets they narrow are already scoped to the
user (`visible_to`); a filter never widens what someone sees."""

import django_filters
from django.conf import settings
from django.db.models import Q

from directory.choices import CommitteeLevel, OrganizationKind, VerificationState
from directory.models import Expert, Organization, Specialist, TechnicalCommittee
from reference.models import Region, RegionLevel


def _counties(request=None):
    return Region.objects.filter(
        level=RegionLevel.COUNTY, code__startswith=settings.SITE["region_code"]
    ).order_by("code")


class _ScopedFilter(django_filters.FilterSet):
    """Drops the state filter for anonymous users: they only ever see verified records."""

    internal = ("state",)

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            for name in self.internal:
                self.filters.pop(name, None)


class OrganizationFilter(_ScopedFilter):
    q = django_filters.CharFilter(method="filter_q", label="机构名称", max_length=100)
    state = django_filters.ChoiceFilter(
        field_name="verification_state",
        choices=VerificationState.choices,
        label="认证状态",
        empty_label="全部",
    )
    region = django_filters.ModelChoiceFilter(
        queryset=_counties, label="所在县(市、区)", empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(
        choices=OrganizationKind.choices, label="机构类型", empty_label="全部"
    )

    class Meta:
        model = Organization
        fields = ["q", "state", "region", "kind"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(uscc=value.upper()))


class OrganizationApiFilter(OrganizationFilter):
    """The API also keeps the field's own name, `verification_state`, which it documented first."""

    verification_state = django_filters.ChoiceFilter(
        choices=VerificationState.choices, label="认证状态"
    )

    class Meta(OrganizationFilter.Meta):
        fields = [*OrganizationFilter.Meta.fields, "verification_state"]

    internal = ("state", "verification_state")


class SpecialistFilter(_ScopedFilter):
    q = django_filters.CharFilter(method="filter_q", label="姓名或机构", max_length=100)
    state = django_filters.ChoiceFilter(
        choices=VerificationState.choices, label="状态", empty_label="全部"
    )

    class Meta:
        model = Specialist
        fields = ["q", "state"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(organization__name__icontains=value))


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="姓名或单位", max_length=100)
    ccs = django_filters.CharFilter(method="filter_ccs", label="专业领域（CCS）", max_length=10)
    is_available = django_filters.BooleanFilter(
        label="可参加评审",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Expert
        fields = ["q", "ccs", "is_available"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(employer__name__icontains=value))

    def filter_ccs(self, queryset, name, value):
        value = value.strip().upper()
        return (
            queryset.filter(ccs_specialties__code__startswith=value).distinct()
            if value
            else queryset
        )


class CommitteeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="编号或名称", max_length=100)
    level = django_filters.ChoiceFilter(
        choices=CommitteeLevel.choices, label="级别", empty_label="全部"
    )

    class Meta:
        model = TechnicalCommittee
        fields = ["q", "level"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
