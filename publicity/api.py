"""Publicity API: notices are public; anyone may post an objection while a notice is open."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.ratelimit import over_limit
from publicity import selectors, services
from publicity.models import Notice


class NoticeSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    days_left = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id", "title", "body", "issuer", "starts_on", "ends_on", "days", "working_days",
            "state", "state_label", "days_left", "columns", "rows", "url",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_state(self, obj) -> str:
        return obj.state.value

    @extend_schema_field(serializers.CharField())
    def get_state_label(self, obj) -> str:
        return obj.state.label


class ObjectionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    organization = serializers.CharField(max_length=100, required=False, allow_blank=True)
    contact = serializers.CharField(max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True)
    content = serializers.CharField(max_length=5000)


class ObjectionReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField()


class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """Publicity notices (公示); `?current=1` for those in their period."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        if self.request.query_params.get("current") in ("1", "true"):
            return selectors.current_notices(self.request.user)
        return selectors.notices_visible_to(self.request.user)

    @extend_schema(request=ObjectionInputSerializer, responses={201: ObjectionReceiptSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.AllowAny])
    def objections(self, request, pk=None):
        """Raise an objection (201 with a receipt number); after the period a 409, nothing stored."""
        notice = self.get_object()
        if over_limit(request, "objection"):
            body = {"error": {"code": "throttled", "message": "提交过于频繁，请稍后再试"}}
            return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS)
        data = ObjectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            objection = services.objection_submit(
                notice=notice, user=request.user, **data.validated_data
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "closed":
                body = {"error": {"code": "closed", "message": " ".join(error.messages)}}
                return Response(body, status=status.HTTP_409_CONFLICT)
            raise
        return Response({"receipt": objection.receipt}, status=status.HTTP_201_CREATED)
