"""The provincial register in the API: public, read-only."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from provincial import selectors
from provincial.models import DraftingUnit, ProvincialProject


class ProvincialDraftingUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = DraftingUnit
        fields = ["order", "name", "organization"]


class ProvincialProjectSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    units = ProvincialDraftingUnitSerializer(many=True, read_only=True)
    county = serializers.CharField(source="county.name", default="", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = ProvincialProject
        fields = [
            "id", "title", "plan_number", "year", "stage", "stage_label", "stage_dates",
            "units", "county", "standard_code", "standard", "url",
        ]  # fmt: skip


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "stage",
                str,
                description="阶段：approved、drafting、comment、review、submitted、published",
            ),
            OpenApiParameter("year", int, description="计划年度"),
            OpenApiParameter("q", str, description="标准名称或计划号"),
        ]
    )
)
class ProvincialProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """省级地方标准承担项目 (DB37): the public register (no contacts or documents)."""

    serializer_class = ProvincialProjectSerializer

    def get_queryset(self):
        params = self.request.query_params
        year = params.get("year", "")
        return selectors.projects_public(
            q=params.get("q", "").strip(),
            stage=params.get("stage", ""),
            year=int(year) if year.isdigit() else None,
        )
