"""Calls API: public, read-only (`GET /api/v1/calls/`, filters program, state, year)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from calls.filters import CallFilter
from calls.models import Call
from calls.selectors import calls_visible_to


class CallSerializer(serializers.ModelSerializer):
    program_label = serializers.CharField(read_only=True)
    state = serializers.SerializerMethodField()
    state_label = serializers.SerializerMethodField()
    days_left = serializers.IntegerField(read_only=True, allow_null=True)
    last_day = serializers.DateField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id", "program", "program_label", "year", "title", "guidance", "eligibility",
            "opens_at", "closes_at", "last_day", "state", "state_label", "days_left",
            "close_reason", "url",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_state(self, obj) -> str:
        return obj.state.value

    @extend_schema_field(serializers.CharField())
    def get_state_label(self, obj) -> str:
        return obj.state.label


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Calls (征集通知), open ones first; withdrawn calls only for the bureau."""

    serializer_class = CallSerializer
    filterset_class = CallFilter

    def get_queryset(self):
        return calls_visible_to(self.request.user).open_first()
