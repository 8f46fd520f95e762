"""API of 征求意见, reusable by any process.

`ConsultationCommentsMixin` adds to a viewset whose object has a consultation:
`GET/POST …/{id}/comments/` and `GET …/{id}/comment-table.xlsx` / `.docx`. A process mounts it on
its own resource by defining `get_consultation()` (e.g. the project's current consultation):

    class ProjectViewSet(ConsultationCommentsMixin, viewsets.ModelViewSet):
        def get_consultation(self):
            return latest_consultation_of(self.get_object())

`ConsultationViewSet` mounts it generically at `/api/v1/consultations/`."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from consultation import selectors, services
from consultation.models import Comment, Consultation
from consultation.views import table_response
from core.ratelimit import over_limit


class ConsultationSerializer(serializers.ModelSerializer):
    draft_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()
    comment_count = serializers.SerializerMethodField()
    clauses = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "opens_at",
            "closes_at",
            "is_open",
            "days_left",
            "comment_count",
            "published_at",
            "draft_url",
            "url",
            "clauses",
        ]

    def get_draft_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("consultation:draft", args=[obj.pk])

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get_is_open(self, obj) -> bool:
        return obj.is_open()

    def get_days_left(self, obj) -> int:
        return obj.days_left()

    def get_comment_count(self, obj) -> int:
        count = getattr(obj, "comment_count", None)
        return obj.comments.count() if count is None else count

    def get_clauses(self, obj) -> list[dict]:
        from drafts.selectors import clauses_of

        return [{"number": n, "title": t} for n, t in clauses_of(obj.draft)]


class CommentSerializer(serializers.ModelSerializer):
    """Output; text fields are filled per the reader's rights (see `comments_for`)."""

    proposer = serializers.CharField()
    disposition_label = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "receipt",
            "clause",
            "content",
            "proposer",
            "submitted_at",
            "disposition",
            "disposition_label",
            "reason",
        ]

    def get_disposition_label(self, obj) -> str:
        return obj.get_disposition_display() if obj.disposition else ""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_dispositions"):
            data["disposition"] = data["disposition_label"] = data["reason"] = ""
        return data


class CommentCreateSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=services.CONTENT_MAX)
    clause = serializers.CharField(max_length=20, required=False, allow_blank=True)
    name = serializers.CharField(max_length=services.NAME_MAX)
    organization = serializers.CharField(
        max_length=services.ORGANIZATION_MAX, required=False, allow_blank=True
    )
    contact = serializers.CharField(max_length=services.CONTACT_MAX)
    website = serializers.CharField(required=False, allow_blank=True, write_only=True)


class ConsultationCommentsMixin:
    """Comments and the 汇总处理表 of the viewset object's consultation."""

    def get_consultation(self) -> Consultation:
        raise NotImplementedError

    def _visible_consultation(self) -> Consultation:
        consultation = self.get_consultation()
        if consultation is None:
            raise Http404
        return selectors.consultation_get(pk=consultation.pk, user=self.request.user)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={
            200: inline_serializer(
                "ConsultationComments",
                {
                    "count": serializers.IntegerField(),
                    "text_public": serializers.BooleanField(),
                    "dispositions_published": serializers.BooleanField(),
                    "results": CommentSerializer(many=True),
                },
            ),
            201: inline_serializer(
                "CommentReceipt",
                {
                    "id": serializers.IntegerField(),
                    "receipt": serializers.CharField(),
                    "clause": serializers.CharField(),
                },
            ),
        },
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="comments",
        permission_classes=[permissions.AllowAny],
    )
    def comments(self, request, *args, **kwargs):
        """GET: the comments (count only until the period ends; dispositions once published).
        POST: comment while the period is open, with or without an account; 201 with `receipt`."""
        consultation = self._visible_consultation()
        if request.method == "POST":
            return self._comment_create(request, consultation)
        view = selectors.comments_for(consultation, request.user)
        data = CommentSerializer(
            view.comments, many=True, context={"show_dispositions": view.show_dispositions}
        ).data
        return Response(
            {
                "count": view.count,
                "text_public": view.show_text,
                "dispositions_published": consultation.is_published,
                "results": data,
            }
        )

    def _comment_create(self, request, consultation):
        if not request.user.is_authenticated and over_limit(request, "consultation_comment"):
            raise exceptions.Throttled(detail="提交过于频繁，请稍后再试")
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("website", ""):
            raise exceptions.ValidationError({"non_field_errors": ["提交失败"]})
        comment = services.comment_submit(consultation=consultation, user=request.user, **data)
        return Response(
            {"id": comment.pk, "receipt": comment.receipt, "clause": comment.clause},
            status=status.HTTP_201_CREATED,
        )

    def _table(self, fmt: str):
        consultation = self._visible_consultation()
        if not selectors.may_download_table(consultation, self.request.user):
            raise Http404
        return table_response(consultation, fmt)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="comment-table.xlsx")
    def comment_table_xlsx(self, request, *args, **kwargs):
        """征求意见汇总处理表 (XLSX): public once dispositions are published."""
        return self._table("xlsx")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="comment-table.docx")
    def comment_table_docx(self, request, *args, **kwargs):
        """征求意见汇总处理表 (DOCX): public once dispositions are published."""
        return self._table("docx")


class ConsultationViewSet(ConsultationCommentsMixin, viewsets.ReadOnlyModelViewSet):
    """Consultations that have opened (public), with their comments and table."""

    serializer_class = ConsultationSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return (
            Consultation.objects.public()
            .select_related("draft")
            .annotate(comment_count=selectors.comment_count())
            .order_by("-opens_at", "-id")
        )

    def get_object(self):
        pk = str(self.kwargs["pk"])
        if not (pk.isascii() and pk.isdigit()):
            raise Http404
        return selectors.consultation_get(pk=int(pk), user=self.request.user)

    def get_consultation(self):
        return self.get_object()


class ConsultationTableFileView(ConsultationViewSet):
    """The 汇总处理表 at `…/comment-table.xlsx` without the router's trailing slash (as files are
    addressed); the schema lists the routed path once."""

    schema = None
