"""`/api/v1/follows/standards/` and `/api/v1/follows/searches/`: the caller's own follows."""

from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from follows import selectors, services
from follows.matching import new_match_ids
from follows.models import Follow, SavedSearch
from follows.services import NAME_MAX


class FollowSerializer(serializers.ModelSerializer):
    code = serializers.CharField(write_only=True, max_length=100, help_text="任意写法的标准号")
    standard = serializers.SerializerMethodField()

    class Meta:
        model = Follow
        fields = ["id", "code", "standard", "created_at"]
        read_only_fields = ["id", "standard", "created_at"]

    def get_standard(self, obj) -> dict:
        s = obj.standard
        return {
            "code": s.code,
            "title": s.title,
            "status": s.status,
            "status_label": s.get_status_display(),
            "implement_date": s.implement_date,
            "url": s.get_absolute_url(),
        }


class SavedSearchSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        max_length=NAME_MAX,
        error_messages={
            "blank": "请填写检索名称",
            "max_length": f"检索名称不能超过 {NAME_MAX} 个字",
        },
    )
    params = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=200),
        help_text="与 GET /api/v1/standards/ 相同的参数：q, kind, status, nature, ics, ccs, year, issuing_body",
    )
    new_count = serializers.SerializerMethodField()

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "params", "new_count", "last_seen_at", "created_at"]
        read_only_fields = ["id", "new_count", "last_seen_at", "created_at"]

    def get_new_count(self, obj) -> int:
        user = self.context["request"].user if "request" in self.context else obj.user
        return len(new_match_ids(obj.params, obj.last_seen_at, user=user))


class _Own(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated]


class FollowViewSet(_Own):
    """Standards the caller follows. POST {"code": "GB/T 19001-2016"} follows one."""

    serializer_class = FollowSerializer

    def get_queryset(self):
        return selectors.follows_of(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        follow, created = services.follow_create(
            user=request.user, code=serializer.validated_data["code"]
        )
        return Response(
            self.get_serializer(follow).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def perform_destroy(self, instance):
        services.follow_delete(follow=instance, actor=self.request.user)


class SavedSearchViewSet(_Own):
    """The caller's saved searches, with the count of new matches since last seen."""

    serializer_class = SavedSearchSerializer

    def get_queryset(self):
        return selectors.saved_searches_of(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.saved_search_create(
            user=self.request.user,
            name=serializer.validated_data["name"],
            params=serializer.validated_data["params"],
        )

    def perform_destroy(self, instance):
        services.saved_search_delete(saved=instance, actor=self.request.user)
