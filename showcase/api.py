"""Showcase API: public, read-only (`GET /api/v1/showcase/`, filters `kind`, `year`, `county`,
`industry`). The same selector as the page: one union query per page, whoever asks."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from showcase import selectors
from showcase.choices import Kind


class ShowcaseFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False, label="成果类型")
    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False, label="年度")
    county = serializers.RegexField(
        r"^\d{6}$", required=False, label="县(市、区)区划代码",
        error_messages={"invalid": "请填写 6 位县级区划代码"},
    )  # fmt: skip
    industry = serializers.RegexField(
        r"^[A-T]$", required=False, label="行业门类（GB/T 4754）",
        error_messages={"invalid": "请填写国民经济行业分类的门类字母（A–T）"},
    )  # fmt: skip

    def filters(self) -> selectors.Filters:
        data = self.validated_data
        return selectors.Filters(
            kind=data.get("kind", ""),
            year=data.get("year"),
            county=data.get("county", ""),
            industry=data.get("industry", ""),
        )


class EntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    subtitle = serializers.CharField()
    summary = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    county = serializers.CharField()
    organization = serializers.CharField()
    standards = serializers.ListField(child=serializers.CharField())
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    url = serializers.CharField()
    source_url = serializers.CharField()
    image = serializers.SerializerMethodField()
    image_alt = serializers.SerializerMethodField()

    def get_image(self, entry) -> str | None:
        return entry.image.get_absolute_url() if entry.image else None

    def get_image_alt(self, entry) -> str | None:
        return entry.image.alt if entry.image else None


class ShowcaseViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """成果展示: published municipal standards, named pilots, forerunners, awards after their
    publicity, upgraded standards and the bureau's published items, newest year first."""

    serializer_class = EntrySerializer
    permission_classes = [AllowAny]
    filter_backends: list = []

    def get_queryset(self):
        params = ShowcaseFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.achievements(params.filters())

    @extend_schema(parameters=[ShowcaseFilterSerializer], responses=EntrySerializer(many=True))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(EntrySerializer(selectors.entries(page), many=True).data)
