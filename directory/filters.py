"""Filters of the directory's registers, shared by the pages, the API and the Excel exports
(as `catalog/filters.py` is for standards). The querysets they narrow are already scoped to the
user (`visible_to`); a filter never widens what someone sees."""

import django_filters
from django.conf import settings
from django.db.models import Q

from directory.choices import CommitteeLevel, OrganizationKind, VerificationState
from directory.models import Expert, Organization, Specialist, TechnicalCommittee
from reference.models import IndustryCluster, Region, RegionLevel


def _counties(request=None):
    return Region.objects.filter(
        level=RegionLevel.COUNTY, code__startswith=settings.SITE["region_code"]
    ).order_by("code")


def _text(label: str, *fields: str, exact: tuple[str, ...] = ()) -> django_filters.CharFilter:
    """A keyword filter: any of `fields` contains the words (or an `exact` field equals them)."""

    def method(queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": value})
        for field in exact:
            match |= Q(**{field: value.upper()})
        return queryset.filter(match)

    return django_filters.CharFilter(method=method, label=label, max_length=100)


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
    q = _text("机构名称", "name", exact=("uscc",))
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
    cluster = django_filters.ModelChoiceFilter(
        field_name="clusters",
        queryset=IndustryCluster.objects.active(),
        label="产业集群",
        empty_label="全部",
    )

    class Meta:
        model = Organization
        fields = ["q", "state", "region", "kind", "cluster"]


class OrganizationApiFilter(OrganizationFilter):
    """The API also keeps the field's own name, `verification_state`, which it documented first."""

    verification_state = django_filters.ChoiceFilter(
        choices=VerificationState.choices, label="认证状态"
    )

    class Meta(OrganizationFilter.Meta):
        fields = [*OrganizationFilter.Meta.fields, "verification_state"]

    internal = ("state", "verification_state")


class SpecialistFilter(_ScopedFilter):
    q = _text("姓名或机构", "name", "organization__name")
    state = django_filters.ChoiceFilter(
        choices=VerificationState.choices, label="状态", empty_label="全部"
    )

    class Meta:
        model = Specialist
        fields = ["q", "state"]


class ExpertFilter(django_filters.FilterSet):
    q = _text("姓名或单位", "name", "employer__name")
    ccs = django_filters.CharFilter(method="filter_ccs", label="专业领域（CCS）", max_length=10)
    is_available = django_filters.BooleanFilter(
        label="可参加评审",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Expert
        fields = ["q", "ccs", "is_available"]

    def filter_ccs(self, queryset, name, value):
        value = value.strip().upper()
        return (
            queryset.filter(ccs_specialties__code__startswith=value).distinct()
            if value
            else queryset
        )


class CommitteeFilter(django_filters.FilterSet):
    q = _text("编号或名称", "code", "name")
    level = django_filters.ChoiceFilter(
        choices=CommitteeLevel.choices, label="级别", empty_label="全部"
    )

    class Meta:
        model = TechnicalCommittee
        fields = ["q", "level"]
