"""Directory API: organizations and specialists (with their workflow), experts, committees."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets

from core.workflow.api import WorkflowViewSetMixin, actions_field
from directory.filters import (
    CommitteeFilter,
    ExpertFilter,
    OrganizationApiFilter,
    SpecialistFilter,
)
from directory.models import Expert, Organization, Specialist, TechnicalCommittee


class OrganizationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", default=None)
    industry = serializers.CharField(source="industry_id", default=None)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id", "name", "kind", "uscc", "region", "industry", "verification_state",
            "verification_deadline", "actions",
        ]  # fmt: skip

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_actions(self, obj):
        return actions_field(obj, self.context["request"].user)


class OrganizationViewSet(WorkflowViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Organizations the caller may see; verified ones are public."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationApiFilter

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).select_related("region")


class SpecialistSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Specialist
        fields = ["id", "name", "position", "organization", "state", "deadline", "actions"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_actions(self, obj):
        return actions_field(obj, self.context["request"].user)


class SpecialistViewSet(WorkflowViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SpecialistSerializer
    filterset_class = SpecialistFilter

    def get_queryset(self):
        return Specialist.objects.visible_to(self.request.user).select_related("organization")


class ExpertSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.name", default=None)

    class Meta:
        model = Expert
        fields = ["id", "name", "title", "employer", "is_available", "is_active"]


class ExpertViewSet(viewsets.ReadOnlyModelViewSet):
    """The expert pool: the bureau only (an expert sees their own entry)."""

    serializer_class = ExpertSerializer
    filterset_class = ExpertFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return Expert.objects.visible_to(self.request.user).select_related("employer")


class CommitteeSerializer(serializers.ModelSerializer):
    secretariat = serializers.CharField(source="secretariat.name", default=None)

    class Meta:
        model = TechnicalCommittee
        fields = ["id", "code", "name", "level", "secretariat", "scope"]


class CommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommitteeSerializer
    filterset_class = CommitteeFilter

    def get_queryset(self):
        return TechnicalCommittee.objects.visible_to(self.request.user).select_related(
            "secretariat"
        )
