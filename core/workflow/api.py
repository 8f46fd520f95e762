"""API side of the engine: any viewset of a workflow model gains `transition` and `history`."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.models import StatusChange
from core.permissions import sees_internals
from core.workflow.deadlines import deadline_extend
from core.workflow.definitions import Process, process_for
from core.workflow.forms import action_form
from core.workflow.selectors import available_actions, history
from core.workflow.services import transition


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(help_text="操作，见记录的 actions 字段")
    opinion = serializers.CharField(required=False, allow_blank=True, default="")
    data = serializers.DictField(
        required=False,
        default=dict,
        help_text="操作表单的字段（见 actions[].fields），按同一表单校验",
    )


class DeadlineExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365, help_text="延长天数")
    reason = serializers.CharField(max_length=500, help_text="延期理由")


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = [
            "id", "process", "action", "from_state", "to_state", "actor_label", "at",
            "opinion", "attachments", "deadline",
        ]  # fmt: skip


def actions_field(obj, user, process: Process | None = None) -> list[dict]:
    """The buttons of a record as API data, from the same table as the pages."""
    return [
        {
            "key": a.key,
            "label": a.label,
            "opinion_required": a.opinion_required,
            "disabled_reason": a.disabled_reason,
            "fields": list(action_form(a, obj).fields) if a.form else [],
        }
        for a in available_actions(obj, user, process)
    ]


class WorkflowViewSetMixin:
    """Adds POST …/{id}/transition/ and GET …/{id}/history/ to a viewset of a workflow model."""

    workflow_process: Process | None = None

    @extend_schema(request=TransitionSerializer, responses=StatusChangeSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        obj = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change = transition(
            obj=obj,
            action=payload.validated_data["action"],
            actor=request.user,
            opinion=payload.validated_data["opinion"],
            data=payload.validated_data["data"],
            process=self.workflow_process or process_for(obj),
        )
        return Response(StatusChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DeadlineExtendSerializer, responses=DeadlineExtendSerializer)
    @action(detail=True, methods=["post"], url_path="extend-deadline")
    def extend_deadline(self, request, pk=None):
        """Extend the running stage deadline once, with a reason (refused the second time)."""
        obj = self.get_object()
        payload = DeadlineExtendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        due = deadline_extend(
            obj=obj,
            actor=request.user,
            process=self.workflow_process or process_for(obj),
            **payload.validated_data,
        )
        return Response({**payload.validated_data, "deadline": due.isoformat()})

    @extend_schema(responses=StatusChangeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])  # all, unpaged
    def history(self, request, pk=None):
        obj = self.get_object()
        # A public record (a verified organization) keeps its opinions and officers' names private.
        if not sees_internals(obj, request.user):
            raise Http404
        return Response(StatusChangeSerializer(history(obj), many=True).data)
