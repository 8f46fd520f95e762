"""What the catalog exports in the background (core.exports): the searched list of standards,
as the requester may see it, up to EXPORT_LIMIT rows."""

from django.http import QueryDict
from django.utils import timezone

from catalog import selectors
from catalog.excel import write_xlsx
from catalog.filters import StandardFilter
from core import exports

EXPORT_LIMIT = 50_000


def filterset_for(user, query: QueryDict) -> StandardFilter:
    return StandardFilter(query, queryset=selectors.standards_visible_to(user))


def build_standards(user, params: dict) -> tuple[bytes, int, str]:
    filterset = filterset_for(user, exports.query_from(params))
    if not filterset.is_valid():
        raise ValueError("invalid filters")
    standards = selectors.standards_for_export(user, filterset, EXPORT_LIMIT)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return write_xlsx(standards), len(standards), f"standards-{stamp}.xlsx"


def register() -> None:
    exports.register("standards", "标准目录", build_standards)
