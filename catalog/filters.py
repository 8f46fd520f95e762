"""The standard list's filters, shared by the public pages, the API and exports."""

import django_filters
from django.db.models import Case, IntegerField, Q, Value, When

from catalog.choices import Kind, Nature, Status
from catalog.models import Standard

SORTS = {
    "code": ("code_key",),
    "-issue_date": ("-issue_date", "code_key"),
    "issue_date": ("issue_date", "code_key"),
}
SORT_CHOICES = [
    ("", "相关度"),
    ("-issue_date", "发布日期（新→旧）"),
    ("issue_date", "发布日期（旧→新）"),
    ("code", "标准号"),
]
# In-force standards first, then upcoming, then abolished.
STATUS_RANK = Case(
    When(status=Status.CURRENT, then=Value(0)),
    When(status=Status.UPCOMING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


class StandardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="关键词", max_length=200)
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label="标准类型", empty_label="全部类型"
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, label="状态", empty_label="全部状态"
    )
    nature = django_filters.ChoiceFilter(
        choices=Nature.choices, label="性质", empty_label="全部性质"
    )
    year = django_filters.NumberFilter(
        field_name="issue_date__year", label="发布年份", min_value=1949, max_value=2100
    )
    ics = django_filters.CharFilter(method="filter_ics", label="ICS", max_length=12)
    ccs = django_filters.CharFilter(method="filter_ccs", label="CCS", max_length=10)
    issuing_body = django_filters.CharFilter(
        field_name="issuing_body", lookup_expr="icontains", label="发布单位", max_length=100
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES[1:], method="filter_sort", label="排序", empty_label="相关度"
    )

    class Meta:
        model = Standard
        fields = ["q", "kind", "status", "nature", "year", "ics", "ccs", "issuing_body"]

    def filter_q(self, queryset, name, value):
        """The words through the search index, as every search (no `icontains` on the rows):
        the queryset keeps the caller's visibility, the index only says which records match."""
        text = " ".join(value.split())
        if not text:
            return queryset
        from catalog.models import SCOPE_ALL
        from catalog.search import index, query

        limit = max(1, index.handle().searcher().num_docs)
        request = query.SearchRequest(q=text, limit=limit, facets=False, scopes=(SCOPE_ALL,))
        return queryset.filter(pk__in=query.search(request).ids)

    def filter_ics(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(ics__code=value) | Q(ics__code__startswith=f"{value}.")).distinct()

    def filter_ccs(self, queryset, name, value):
        value = value.strip().upper()
        return queryset.filter(
            Q(ccs_id=value) | Q(ccs__parent_id=value) | Q(ccs__parent__parent_id=value)
        )

    def filter_sort(self, queryset, name, value):
        return queryset  # applied in `qs` so that it combines with relevance

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        if sort in SORTS:
            return queryset.order_by(*SORTS[sort])
        return queryset.annotate(status_rank=STATUS_RANK).order_by(
            "status_rank", "-issue_date", "code_key"
        )


class _SharedFields(dict):
    """Form fields that each form instance shares instead of deep-copying (see `search_form`)."""

    def __deepcopy__(self, memo):
        return dict(self)


_search_form_class = None


def search_form(data):
    """The filters' form alone, bound to `data`, for validation and cleaned data only (never
    rendered): no FilterSet is built (it deep-copies its filters and makes a new form class on
    every request), and the form's fields are shared by its instances, not deep-copied for each
    (validating reads a field, never changes it; the copy was a tenth of an API search)."""
    global _search_form_class
    if _search_form_class is None:
        form_class = StandardFilter(queryset=Standard.objects.none()).get_form_class()
        form_class.base_fields = _SharedFields(form_class.base_fields)
        _search_form_class = form_class
    return _search_form_class(data)
