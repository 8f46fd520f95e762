"""API of local standard projects: the tracker (public once planned), applying, the workflow's
transition/history, and the project's public comment through consultation's reusable views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response

from calls.choices import CallState
from calls.models import Call
from catalog.models import Standard
from consultation.api import ConsultationCommentsMixin
from core.workflow.api import WorkflowViewSetMixin, actions_field
from drafting import selectors, services
from drafting.choices import PROGRAM, ProjectKind
from drafting.filters import ProjectFilter
from drafting.models import LocalStandardProject


class UnitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    contact_person = serializers.CharField(max_length=50, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)


class ProjectSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(read_only=True)
    standard = serializers.CharField(source="standard.code", default=None, read_only=True)
    units = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = LocalStandardProject
        fields = [
            "id", "title", "kind", "year", "state", "state_label", "plan_number", "deadline",
            "completion_deadline", "code", "standard", "issue_date", "implement_date",
            "sponsor_department", "scope", "units", "actions",
        ]  # fmt: skip

    @extend_schema_field(UnitSerializer(many=True))
    def get_units(self, obj):
        return [{"name": u.name} for u in obj.units.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_actions(self, obj):
        return actions_field(obj, self.context["request"].user)


class ApplySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProjectKind.choices, default=ProjectKind.NEW)
    revises = serializers.CharField(
        required=False, allow_blank=True, help_text="被修订标准的标准号"
    )
    sponsor_department = serializers.CharField(max_length=200)
    scope = serializers.CharField()
    reason = serializers.CharField()
    main_content = serializers.CharField()
    relation = serializers.CharField(required=False, allow_blank=True, default="")
    period_months = serializers.IntegerField(min_value=1, max_value=36, default=12)
    funding = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    units = UnitSerializer(many=True)
    submit = serializers.BooleanField(default=False)

    def validate_revises(self, value):
        if not value:
            return None
        standard = Standard.objects.filter(code=value.strip()).first()
        if standard is None:
            raise serializers.ValidationError("标准目录中没有该标准号")
        return standard


class ProjectViewSet(
    ConsultationCommentsMixin,
    WorkflowViewSetMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """地方标准项目: public once the plan is issued; the sponsor, drafting units, county, experts
    and the bureau also see the projects they work on. POST applies (立项申请)."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        return (
            selectors.projects_visible_to(self.request.user)
            .prefetch_related("units")
            .order_by("-year", "plan_number", "-id")
        )

    def get_consultation(self):
        return selectors.current_consultation(self.get_object())

    @extend_schema(request=ApplySerializer, responses={201: ProjectSerializer})
    def create(self, request, *args, **kwargs):
        payload = ApplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        call = Call.objects.filter(program=PROGRAM).in_state(CallState.OPEN).first()
        try:
            project = services.project_apply(
                actor=request.user, call=call, units=data.pop("units"), **data
            )
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None
        return Response(self.get_serializer(project).data, status=status.HTTP_201_CREATED)


class ProjectTableFileView(ProjectViewSet):
    """The project's 汇总处理表 at `…/comment-table.xlsx` without the router's trailing slash."""

    schema = None
