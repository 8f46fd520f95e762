"""The catalog's REST endpoints; filters and selectors are the ones the pages use."""

import datetime as dt

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseBase
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from analytics import counter
from analytics.choices import SearchSource
from catalog import selectors
from catalog.filters import search_form
from catalog.models import (
    Standard,
    StandardDraftingOrganization,
    StandardReplacement,
    search_scopes,
)
from catalog.search import caches, index, indexer
from catalog.search.query import MAX_WINDOW
from core.api_errors import invalid_filters
from core.pagination import PageNumberPagination


def field_description(model_field) -> str:
    """A model field's meaning in Chinese: its verbose name, then its help text if it has one
    (the API schema and the open data dictionary both read it, so neither drifts)."""
    text = str(model_field.verbose_name)
    if model_field.help_text:
        text = f"{text}：{model_field.help_text}"
    return text


class DescribedModelSerializer(serializers.ModelSerializer):
    """Fields taken from the model are described in the schema by `field_description`."""

    def _described(self, kwargs: dict, model_field) -> dict:
        if model_field is not None:
            kwargs["help_text"] = field_description(model_field)
        return kwargs

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        return field_class, self._described(kwargs, model_field)

    def build_relational_field(self, field_name, relation_info):
        field_class, kwargs = super().build_relational_field(field_name, relation_info)
        return field_class, self._described(kwargs, relation_info.model_field)

    def build_property_field(self, field_name, model_class):
        # "organization_id": the foreign key's column, described by the foreign key.
        field_class, kwargs = super().build_property_field(field_name, model_class)
        try:
            model_field = model_class._meta.get_field(field_name)
        except FieldDoesNotExist:
            return field_class, kwargs
        return field_class, self._described(kwargs, model_field)


class StandardBriefSerializer(DescribedModelSerializer):
    """The short form, for lists and nesting."""

    kind_label = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="标准类型的中文名称"
    )
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, help_text="状态的中文名称"
    )
    nature_label = serializers.CharField(
        source="get_nature_display", read_only=True, help_text="标准性质的中文名称（未知时为空）"
    )
    url = serializers.SerializerMethodField(help_text="本标准在接口中的地址")

    class Meta:
        model = Standard
        fields = [
            "code",
            "code_key",
            "title",
            "title_en",
            "kind",
            "kind_label",
            "nature",
            "nature_label",
            "status",
            "status_label",
            "issue_date",
            "implement_date",
            "abolish_date",
            "issuing_body",
            "updated_at",
            "url",
        ]
        extra_kwargs = {
            "updated_at": {
                "help_text": "记录最后修改时间（ISO 8601，北京时间）；增量同步以它为 updated_since"
            }
        }

    def get_url(self, obj) -> str:
        return f"/api/v1/standards/{obj.code_key}/"


_KIND_LABELS = {k: str(v) for k, v in Standard._meta.get_field("kind").choices}
_NATURE_LABELS = {k: str(v) for k, v in Standard._meta.get_field("nature").choices}
_STATUS_LABELS = {k: str(v) for k, v in Standard._meta.get_field("status").choices}


def _iso(day):
    return day.isoformat() if day is not None else None


_DATETIME = serializers.DateTimeField()


def _datetime_text(value, tz) -> str | None:
    """`DateTimeField().to_representation(value)` for the database's aware datetimes in `tz`
    (the current time zone, looked up once per list: per row it cost more than the rest of
    the row)."""
    if tz is None or not value or timezone.is_naive(value):
        return _DATETIME.to_representation(value)
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def brief(row: dict, tz=None) -> dict:
    """`StandardBriefSerializer`'s output for a `selectors.BRIEF_FIELDS` row, without building
    serializer fields per request (search responses are the hot path; a test keeps both equal).
    `tz`: the current time zone (`briefs` passes it for a whole list)."""
    if tz is None:
        tz = _DATETIME.default_timezone()
    return {
        "code": row["code"],
        "code_key": row["code_key"],
        "title": row["title"],
        "title_en": row["title_en"],
        "kind": row["kind"],
        "kind_label": _KIND_LABELS.get(row["kind"], row["kind"]),
        "nature": row["nature"],
        "nature_label": _NATURE_LABELS.get(row["nature"], row["nature"]),
        "status": row["status"],
        "status_label": _STATUS_LABELS.get(row["status"], row["status"]),
        "issue_date": _iso(row["issue_date"]),
        "implement_date": _iso(row["implement_date"]),
        "abolish_date": _iso(row["abolish_date"]),
        "issuing_body": row["issuing_body"],
        "updated_at": _datetime_text(row["updated_at"], tz),
        "url": f"/api/v1/standards/{row['code_key']}/",
    }


def briefs(rows: list[dict]) -> list[dict]:
    """`brief` of each row."""
    tz = _DATETIME.default_timezone()
    return [brief(row, tz) for row in rows]


class ReplacementSerializer(DescribedModelSerializer):
    class Meta:
        model = StandardReplacement
        fields = ["old_code", "old_key", "new_code", "new_key", "is_partial"]


class DraftingUnitSerializer(DescribedModelSerializer):
    role_label = serializers.CharField(
        source="get_role_display", read_only=True, help_text="角色的中文名称"
    )

    class Meta:
        model = StandardDraftingOrganization
        fields = ["position", "name", "role", "role_label", "organization_id"]


class StandardSerializer(StandardBriefSerializer):
    """Everything public about one standard."""

    ics = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code", help_text="ICS 分类代码（国际标准分类）"
    )
    ccs = serializers.CharField(
        source="ccs_id",
        read_only=True,
        allow_null=True,
        help_text="CCS 分类代码（中国标准文献分类）",
    )
    replaces = ReplacementSerializer(
        source="replaces_links", many=True, read_only=True, help_text="本标准代替的标准"
    )
    replaced_by = ReplacementSerializer(
        source="replaced_by_links", many=True, read_only=True, help_text="代替本标准的标准"
    )
    drafting_units = DraftingUnitSerializer(
        many=True, read_only=True, help_text="起草单位，按标准前言中的顺序"
    )

    class Meta(StandardBriefSerializer.Meta):
        fields = [
            *StandardBriefSerializer.Meta.fields,
            "base_key",
            "prefix",
            "review_confirmed_date",
            "competent_department",
            "technical_committee",
            "ics",
            "ccs",
            "adopted_standard",
            "adoption_degree",
            "scope",
            "drafters",
            "plan_number",
            "replaces",
            "replaced_by",
            "drafting_units",
            "source",
            "view_count",
        ]


@extend_schema_serializer(
    many=False
)  # the list endpoint answers one search response, not a page of them
class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True,
        help_text="符合条件的标准总数（精确）；按 updated_since 增量同步时为 null（不计总数，请跟随 next）",
    )
    next = serializers.URLField(allow_null=True, help_text="下一页的地址，没有下一页时为 null")
    previous = serializers.URLField(
        allow_null=True, help_text="上一页的地址，第一页或增量同步时为 null"
    )
    results = StandardBriefSerializer(many=True, help_text="本页的标准")
    facets = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="各分类的取值及数量：kind、status、nature、ics、ccs、year、issuing_body",
    )
    suggestions = serializers.ListField(
        child=serializers.CharField(), help_text="没有结果时，相近的标准号（您要找的是不是）"
    )


def _positive_int(params, name: str, default: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise exceptions.ValidationError({name: [f"{name} 应为正整数"]})
    return value


def _paging(params) -> tuple[int, int]:
    page = _positive_int(params, "page", 1)
    page_size = min(
        _positive_int(params, "page_size", PageNumberPagination.page_size),
        PageNumberPagination.max_page_size,
    )
    if page * page_size > MAX_WINDOW:
        raise exceptions.ValidationError(
            {"page": [f"只能翻阅前 {MAX_WINDOW} 条结果，请增加筛选条件"]}
        )
    return page, page_size


# Incremental sync (?updated_since=): the other search filters do not apply to the change feed.
SYNC_PARAMS = {"updated_since", "after_id", "page_size", "format"}


def _updated_since(params) -> tuple[dt.datetime, int]:
    """The change feed's position: `updated_since` (ISO 8601; without an offset it is Beijing
    time) and `after_id` (set by the `next` link: records at exactly that time after this id)."""
    raw = params.get("updated_since", "").strip()
    try:
        since = parse_datetime(raw.replace(" ", "+")) if raw else None  # "+08:00" sent unescaped
    except ValueError:
        since = None
    if since is None:
        raise exceptions.ValidationError(
            {
                "updated_since": [
                    "updated_since 应为 ISO 8601 日期时间，如 2026-12-01T00:00:00+08:00"
                ]
            }
        )
    if timezone.is_naive(since):
        since = timezone.make_aware(since)
    after = params.get("after_id")
    after_id = 0 if after in (None, "") else _positive_int(params, "after_id", 0)
    extra = sorted(set(params) - SYNC_PARAMS)
    if extra:
        raise exceptions.ValidationError(
            {name: ["增量同步（updated_since）时不能同时使用该参数"] for name in extra}
        )
    return since, after_id


@extend_schema(tags=["标准 standards"])
class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    """Standards in the catalog. Lists are filtered by the same rules as the search page."""

    serializer_class = StandardSerializer
    lookup_field = "code"
    lookup_value_regex = ".+"

    def get_queryset(self):
        return selectors.standards_visible_to(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="标准号（任意写法或片段）或名称中的文字"),
            OpenApiParameter(
                "kind",
                str,
                enum=[k for k, _ in Standard._meta.get_field("kind").choices],
                description="标准类型",
            ),
            OpenApiParameter(
                "status", str, enum=["upcoming", "current", "abolished"], description="状态"
            ),
            OpenApiParameter(
                "nature",
                str,
                enum=["mandatory", "recommended", "guidance"],
                description="标准性质",
            ),
            OpenApiParameter("year", int, description="发布年份"),
            OpenApiParameter("ics", str, description="ICS 分类代码（含其下级分类）"),
            OpenApiParameter("ccs", str, description="CCS 分类代码（含其下级分类）"),
            OpenApiParameter(
                "sort",
                str,
                enum=["code", "-issue_date", "issue_date"],
                description="排序：标准号、发布日期倒序或正序；缺省按相关度",
            ),
            OpenApiParameter("page", int, description="页码，从 1 开始"),
            OpenApiParameter("page_size", int, description="每页条数，最多 100"),
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description=(
                    "增量同步：只返回该时间（含）以后新增或修改的标准（ISO 8601，如 "
                    "2026-12-01T00:00:00+08:00；不带时区时按北京时间，只写日期即该日 0 时），按 (updated_at, id) "
                    "稳定排序，跟随 next 翻页直到 next 为 null。状态变化（如废止）也是修改，"
                    "记录仍在结果中。此时 count 为 null，facets、suggestions 为空，不能同时使用 "
                    "q、kind 等检索参数和 page。下次同步时以已收到的最后一条记录的 updated_at "
                    "为 updated_since（可能重复收到该时刻的记录，按 code_key 去重即可）；"
                    "建议再提前几分钟，以免漏掉提交较晚的修改。"
                ),
            ),
            OpenApiParameter(
                "after_id",
                int,
                description="增量同步的翻页位置，由 next 链接给出，请勿自行构造",
            ),
        ],
        responses=SearchResponseSerializer,
    )
    def list(self, request, *args, **kwargs):
        if "updated_since" in request.query_params:
            return self._changes(request)
        # The same URL asked again by anyone of the same scopes, on the same index generation,
        # gets the same answer: served from `caches.responses` (a commit empties it).
        indexer.maybe_drain()
        current = index.generation()
        key = (request.build_absolute_uri(), tuple(search_scopes(request.user)))
        cached = caches.responses.get(current, key)
        if cached is None:
            cached = self._search(request)
            if isinstance(cached, HttpResponseBase):  # invalid filters
                return cached
            caches.responses.put(current, key, cached)
        page, data = cached
        if page == 1:
            counter.search(
                request,
                query=request.query_params.get("q", ""),
                result_count=data["count"],
                source=SearchSource.API,
            )
        return Response(data)

    def _search(self, request) -> tuple[int, dict] | HttpResponseBase:
        """(page, response data) of a search, or the error response of invalid filters."""
        user = request.user
        form = search_form(request.query_params)  # everyone is searched in the index
        if not form.is_valid():
            return invalid_filters(form.errors)
        page, page_size = _paging(request.query_params)
        offset = (page - 1) * page_size
        outcome = selectors.public_search(
            user=user, data=form.cleaned_data, offset=offset, limit=page_size, labels=False
        )
        count = outcome.hits.count()
        if page > 1 and offset >= count:
            raise exceptions.NotFound(f"页码无效：共 {count} 条，没有第 {page} 页")
        ids = outcome.hits.ids(offset, offset + page_size)
        results = briefs(selectors.brief_rows(user, ids))
        url = request.build_absolute_uri()
        has_next = offset + page_size < min(count, MAX_WINDOW)
        return page, {
            "count": count,
            "next": replace_query_param(url, "page", page + 1) if has_next else None,
            "previous": (
                None
                if page == 1
                else replace_query_param(url, "page", page - 1)
                if page > 2
                else remove_query_param(url, "page")
            ),
            "results": results,
            "facets": {
                name: {v.value: v.count for v in values} for name, values in outcome.facets.items()
            },
            "suggestions": [s.code for s in outcome.suggestions],
        }

    def _changes(self, request):
        """The change feed: one keyset page in (updated_at, id) order, straight from the
        database (the `updated_at, id` index), O(page) however deep the client has paged."""
        since, after_id = _updated_since(request.query_params)
        page_size = min(
            _positive_int(request.query_params, "page_size", PageNumberPagination.page_size),
            PageNumberPagination.max_page_size,
        )
        rows = selectors.standards_changed_since(
            user=request.user, since=since, after_id=after_id, limit=page_size + 1
        )
        more = len(rows) > page_size
        rows = rows[:page_size]
        next_url = None
        if more:
            last = rows[-1]
            url = request.build_absolute_uri()
            next_url = replace_query_param(
                replace_query_param(url, "updated_since", last["updated_at"].isoformat()),
                "after_id",
                last["id"],
            )
        return Response(
            {
                "count": None,
                "next": next_url,
                "previous": None,
                "results": briefs(rows),
                "facets": {},
                "suggestions": [],
            }
        )

    def retrieve(self, request, *args, **kwargs):
        standard = selectors.standard_get(user=request.user, code=kwargs["code"])
        return Response(StandardSerializer(standard).data)


class ValidityLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="输入中的行号，从 1 开始")
    input = serializers.CharField(help_text="该行输入的原文")
    code = serializers.CharField(allow_null=True, help_text="规范化标准号")
    found = serializers.BooleanField(help_text="是否在标准目录中找到")
    error = serializers.CharField(allow_null=True, help_text="无法识别或未收录的原因")
    note = serializers.CharField(allow_null=True, help_text="补充说明，如未写年号时选用的版本")
    title = serializers.CharField(allow_null=True, help_text="标准名称")
    status = serializers.CharField(
        allow_null=True, help_text="current、upcoming、abolished、replaced 或 not_issued"
    )
    status_label = serializers.CharField(allow_null=True, help_text="状态的中文名称")
    issue_date = serializers.DateField(allow_null=True, help_text="发布日期")
    implement_date = serializers.DateField(allow_null=True, help_text="实施日期")
    abolish_date = serializers.DateField(allow_null=True, help_text="废止日期")
    replaced_by = serializers.ListField(
        child=serializers.CharField(), help_text="代替本标准的标准号"
    )
    url = serializers.CharField(allow_null=True, help_text="本标准在接口中的地址")


class ValidityResponseSerializer(serializers.Serializer):
    summary = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="条数：total 总行数、found 找到、not_found 未收录、invalid 无法识别、current 现行",
    )
    as_of = serializers.DateField(allow_null=True, help_text="按该日确认；为空即按今天")
    results = ValidityLineSerializer(many=True, help_text="每个非空输入行一条结果，顺序同输入")


class ValidityRequestSerializer(serializers.Serializer):
    codes = serializers.ListField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        help_text="标准号列表（任意写法）",
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="标准号文本，每行一个",
    )
    as_of = serializers.DateField(
        required=False, allow_null=True, help_text="按该日确认（缺省为今天）"
    )


def _validity_input(request) -> tuple[list[str], object]:
    """JSON ({"codes": [...]} or a list, or {"text": ...}), multipart (file or text), or a raw
    body: text/plain, text/csv, or an XLSX file (recognized by content)."""
    from catalog import validity

    content_type = (request.content_type or "").split(";")[0].strip().lower()
    if content_type in (
        "application/json",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        data = request.data
        if isinstance(data, list):
            data = {"codes": data}
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        serializer = ValidityRequestSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        as_of = serializer.validated_data.get("as_of")
        if upload is not None:
            if upload.size > validity.MAX_UPLOAD_BYTES:
                raise exceptions.ValidationError({"file": ["文件超过 2 MB"]})
            return validity.lines_from_upload(upload.read()), as_of
        if "codes" in serializer.validated_data:
            return serializer.validated_data["codes"], as_of
        if "text" in serializer.validated_data:
            return validity.lines_from_text(serializer.validated_data["text"]), as_of
        raise exceptions.ValidationError({"codes": ["请提供 codes（列表）、text 或文件"]})
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > validity.MAX_UPLOAD_BYTES:
        # Refused before the body is read (Django would read up to DATA_UPLOAD_MAX_MEMORY_SIZE).
        raise validity.ValidityInputError(
            f"文件过大（上限 {validity.MAX_UPLOAD_BYTES // 1024 // 1024} MB）"
        )
    raw = request._request.body
    as_of = serializers.DateField(allow_null=True).run_validation(
        request.query_params.get("as_of") or None
    )
    return validity.lines_from_upload(raw), as_of


@extend_schema(
    tags=["标准 standards"],
    summary="标准有效性确认（批量，最多 10000 个标准号）",
    request=ValidityRequestSerializer,
    responses=ValidityResponseSerializer,
    parameters=[
        OpenApiParameter("output", str, enum=["json", "xlsx"], description="xlsx 返回 Excel"),
        OpenApiParameter("as_of", str, description="按该日确认（原始文本或文件请求体时使用）"),
    ],
)
@api_view(["POST"])
@permission_classes([AllowAny])
def validity_check(request):
    """One result per non-blank input line, in order; unparseable lines are reported."""
    from catalog import validity
    from catalog.views import validity_xlsx_response

    try:
        lines, as_of = _validity_input(request)
        if len(lines) > validity.MAX_CODES * 2:  # blank lines allowed, but not without end
            raise validity.ValidityInputError("行数过多")
        results = validity.check(lines, as_of=as_of)
    except validity.ValidityInputError as exc:
        raise exceptions.ValidationError({"input": [str(exc)]}) from exc
    if request.query_params.get("output") == "xlsx":
        return validity_xlsx_response(results, as_of)
    return Response(
        {
            "summary": validity.summary(results),
            "as_of": as_of,
            "results": [r.as_dict() for r in results],
        }
    )
