from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions, serializers, viewsets

from core.filters import AuditEventFilter
from core.models import AuditEvent
from core.selectors import audit_events_visible_to


class AuditEventSerializer(serializers.ModelSerializer):
    object_type = serializers.CharField(source="object_type.model", default=None)
    action_label = serializers.CharField(read_only=True, help_text="操作的中文名称")

    class Meta:
        model = AuditEvent
        fields = [
            "id", "at", "actor_label", "action", "action_label", "object_type", "object_id", "object_label",
            "changes", "message", "request_id",
        ]  # fmt: skip


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log (city bureau and administrators); read-only by design."""

    serializer_class = AuditEventSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AuditEventFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return AuditEvent.objects.none()
        return audit_events_visible_to(self.request.user)  # 403 for anyone but the bureau
