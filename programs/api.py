"""Programs API: subsidy policies, applications (with the explained computation) and the report;
forerunners; pilot projects. Amounts are decimal strings in yuan."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from core.workflow.api import WorkflowViewSetMixin, actions_field
from core.workflow.definitions import process_for
from programs import selectors, services
from programs.models import (
    Forerunner,
    PilotProject,
    SubsidyApplication,
    SubsidyItem,
    SubsidyPolicy,
    SubsidyRate,
)
from programs.reports import subsidy_report


class RateSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyRate
        fields = ["kind", "role", "amount"]


class PolicySerializer(serializers.ModelSerializer):
    rates = RateSerializer(many=True, read_only=True)

    class Meta:
        model = SubsidyPolicy
        fields = [
            "id", "year", "title", "budget", "enterprise_cap", "window_start", "window_end",
            "lead_definition", "allocation_method", "publicity_days", "rates",
        ]  # fmt: skip


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Subsidy policies are public: what an enterprise may claim."""

    serializer_class = PolicySerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return SubsidyPolicy.objects.visible_to(self.request.user).prefetch_related("rates")


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidyItem
        fields = ["code", "eligible", "role", "position", "kind", "matched_by", "amount", "reasons"]


def _actions(obj, user) -> list[dict]:
    return actions_field(obj, user, process_for(obj))


class ApplicationSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name", read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()
    policy = serializers.PrimaryKeyRelatedField(queryset=SubsidyPolicy.objects.all())
    standards = serializers.ListField(
        child=serializers.CharField(max_length=100), write_only=True, max_length=services.MAX_CODES
    )

    class Meta:
        model = SubsidyApplication
        fields = [
            "id", "policy", "state", "organization", "items", "total", "allocated", "actions",
            "standards", "created_at",
        ]  # fmt: skip
        read_only_fields = ["state", "total", "allocated", "created_at"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_actions(self, obj):
        return _actions(obj, self.context["request"].user)


class ApplicationViewSet(
    WorkflowViewSetMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Own organization's applications, the county's for a county officer, all for the city.
    POST by an enterprise user: `{"policy": id, "standards": [codes as printed]}`."""

    serializer_class = ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["state", "policy"]

    def get_queryset(self):
        return selectors.applications_visible_to(self.request.user).prefetch_related("items")

    def perform_create(self, serializer):
        organization = self.request.user.organization
        if organization is None:
            raise exceptions.PermissionDenied("只有企业用户可以申报。")
        from django.core.exceptions import PermissionDenied

        try:
            serializer.instance = services.application_submit(
                policy=serializer.validated_data["policy"],
                organization=organization,
                codes=serializer.validated_data["standards"],
                actor=self.request.user,
            )
        except PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error


class ForerunnerSerializer(serializers.ModelSerializer):
    standard = serializers.CharField(source="standard.code", default=None)

    class Meta:
        model = Forerunner
        fields = [
            "id", "year", "field", "enterprise_name", "standard_code", "standard",
            "assessment_body",
        ]  # fmt: skip


class ForerunnerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ForerunnerSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["year"]

    def get_queryset(self):
        return Forerunner.objects.visible_to(self.request.user).select_related("standard")


class PilotSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    county = serializers.CharField(source="county.name", default=None)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = PilotProject
        fields = [
            "id", "title", "level", "domain", "organization", "county", "objectives",
            "standard_system", "period_start", "period_end", "achievements", "state",
            "state_changed_at", "deadline", "actions",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_actions(self, obj):
        return _actions(obj, self.context["request"].user)


class PilotViewSet(WorkflowViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Public once accepted for the build-out; own organization, own county and the city see
    theirs in every state. Filters: `level`, `state`, `county` (region id)."""

    serializer_class = PilotSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["level", "state", "county", "domain"]

    def get_queryset(self):
        return selectors.pilots_visible_to(self.request.user)


class ReportRowSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class ReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    by_enterprise = serializers.ListField(child=serializers.DictField())
    by_kind = serializers.ListField(child=serializers.DictField())
    by_county = serializers.ListField(child=serializers.DictField())


@extend_schema(
    parameters=[OpenApiParameter("year", int, required=True, description="政策年度")],
    responses=ReportSerializer,
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def report(request):
    """Payments of a policy year by enterprise, standard kind and county (the bureau only)."""
    if not request.user.is_bureau:
        raise exceptions.PermissionDenied("只有市市场监管局可以查看资助奖励统计。")
    try:
        year = int(request.query_params.get("year", ""))
    except ValueError:
        raise exceptions.ValidationError({"year": ["请给出年度，如 ?year=2025"]}) from None
    data = subsidy_report(year)

    def money(rows, key):
        return [{key: r[key], "amount": f"{r['amount']:.2f}"} for r in rows]

    return Response(
        {
            "year": data["year"],
            "total": f"{data['total']:.2f}",
            "by_enterprise": money(data["by_enterprise"], "organization"),
            "by_kind": money(data["by_kind"], "kind"),
            "by_county": money(data["by_county"], "county"),
        }
    )
