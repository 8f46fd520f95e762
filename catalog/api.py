"""The catalog's REST endpoints; filters and selectors are the ones the pages use."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from api.exceptions import invalid_filters
from catalog import selectors
from catalog.filters import StandardFilter
from catalog.models import Standard, StandardDraftingOrganization, StandardReplacement


class StandardBriefSerializer(serializers.ModelSerializer):
    """The short form, for lists and nesting."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    nature_label = serializers.CharField(source="get_nature_display", read_only=True)
    url = serializers.SerializerMethodField()

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
            "url",
        ]

    def get_url(self, obj) -> str:
        return f"/api/v1/standards/{obj.code_key}/"


class ReplacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandardReplacement
        fields = ["old_code", "old_key", "new_code", "new_key", "is_partial"]


class DraftingUnitSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = StandardDraftingOrganization
        fields = ["position", "name", "role", "role_label", "organization_id"]


class StandardSerializer(StandardBriefSerializer):
    """Everything public about one standard."""

    ics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    ccs = serializers.CharField(source="ccs_id", read_only=True, allow_null=True)
    replaces = ReplacementSerializer(source="replaces_links", many=True, read_only=True)
    replaced_by = ReplacementSerializer(source="replaced_by_links", many=True, read_only=True)
    drafting_units = DraftingUnitSerializer(many=True, read_only=True)

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
                "kind", str, enum=[k for k, _ in Standard._meta.get_field("kind").choices]
            ),
            OpenApiParameter("status", str, enum=["upcoming", "current", "abolished"]),
            OpenApiParameter("nature", str, enum=["mandatory", "recommended", "guidance"]),
            OpenApiParameter("year", int, description="发布年份"),
            OpenApiParameter("ics", str),
            OpenApiParameter("ccs", str),
            OpenApiParameter("sort", str, enum=["code", "-issue_date", "issue_date"]),
        ],
        responses=StandardBriefSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        filterset = StandardFilter(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            return invalid_filters(filterset.errors)
        queryset = selectors.standard_for_list(filterset.qs)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(StandardBriefSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        standard = selectors.standard_get(user=request.user, code=kwargs["code"])
        return Response(StandardSerializer(standard).data)
