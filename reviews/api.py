"""Reviews API: an expert's own reviews (their tasks), every review for the bureau; read-only
(experts submit on the review page, which shows the sheet's form)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, viewsets

from reviews.models import Review
from reviews.selectors import reviews_visible_to


class ReviewSerializer(serializers.ModelSerializer):
    object_type = serializers.CharField(source="content_type.model")
    subject = serializers.SerializerMethodField()
    sheet = serializers.CharField(source="sheet.__str__")
    expert = serializers.CharField(source="expert.__str__")
    submitted = serializers.BooleanField(source="is_submitted")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = Review
        fields = [
            "id", "object_type", "object_id", "subject", "sheet", "expert", "due", "submitted",
            "submitted_at", "scores", "total", "vote", "opinion", "url",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_subject(self, obj) -> str:
        return str(obj.subject) if obj.subject is not None else ""


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Reviews the caller may see; `?pending=1` for the open tasks."""

    serializer_class = ReviewSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        qs = reviews_visible_to(self.request.user).prefetch_related("subject").order_by("due", "id")
        if self.request.query_params.get("pending") in ("1", "true"):
            qs = qs.pending()
        return qs
