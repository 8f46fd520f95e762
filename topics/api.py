"""Topics API: public, read-only. `GET /api/v1/topics/` (published topics, paginated) and
`GET /api/v1/topics/{slug}/` (the 标准体系表: nested nodes with their first standards' codes,
counts and gap flag, and the outdated standards with their replacements)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from topics import selectors
from topics.choices import NodeCategory, TopicKind
from topics.models import Topic

API_PER_NODE = 50


class TopicSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="name", read_only=True, help_text="专题名称")
    kind = serializers.ChoiceField(choices=TopicKind.choices, help_text="类别")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    cluster = serializers.CharField(
        source="cluster.name", read_only=True, allow_null=True, default=None,
        help_text="所属产业集群（如有）",
    )  # fmt: skip
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="专题页面")
    ics = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="覆盖的 ICS 分类代码"
    )
    ccs = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="覆盖的 CCS 分类代码"
    )

    class Meta:
        model = Topic
        fields = [
            "id", "slug", "title", "kind", "kind_label", "cluster", "ics", "ccs", "description",
            "url",
        ]  # fmt: skip


class CountsSerializer(serializers.Serializer):
    current = serializers.IntegerField(help_text="现行")
    upcoming = serializers.IntegerField(help_text="即将实施")
    abolished = serializers.IntegerField(help_text="废止")
    replaced = serializers.IntegerField(help_text="被代替")


class NodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="体系编号，如 101、102.1")
    name = serializers.CharField(help_text="节点名称")
    category = serializers.ChoiceField(
        choices=[("", "不分类"), *NodeCategory.choices], help_text="节点类别"
    )
    standards = serializers.ListField(
        child=serializers.CharField(),
        help_text=f"节点中的标准号（现行在前，最多 {API_PER_NODE} 项）",
    )
    standard_count = serializers.IntegerField(help_text="节点中的标准总数")
    counts = CountsSerializer(help_text="按状态的标准数")
    gap = serializers.BooleanField(help_text="缺口：节点及其下级均无现行标准")
    children = serializers.ListField(
        child=serializers.DictField(), help_text="下级节点，结构与本节点相同"
    )


class ReplacementSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="代替标准号")
    partial = serializers.BooleanField(help_text="部分代替")


class OutdatedSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="标准号")
    title = serializers.CharField(help_text="标准名称")
    status = serializers.CharField(help_text="状态")
    node = serializers.IntegerField(help_text="所在节点 id")
    replacements = ReplacementSerializer(many=True, help_text="目录中的代替标准")


class TopicDetailSerializer(TopicSerializer):
    tree = serializers.SerializerMethodField(help_text="标准体系表（顶层节点）")
    outdated = serializers.SerializerMethodField(
        help_text="体系表中已废止或被代替的标准及其代替标准（最多 50 项）"
    )
    outdated_count = serializers.SerializerMethodField(help_text="已废止或被代替的标准总数")

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "tree", "outdated", "outdated_count"]

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    @staticmethod
    def _node(view) -> dict:
        return {
            "id": view.node.pk,
            "code": view.node.code,
            "name": view.node.name,
            "category": view.node.category,
            "standards": [s.code for s in view.standards],
            "standard_count": view.total,
            "counts": view.counts,
            "gap": view.gap,
            "children": [TopicDetailSerializer._node(c) for c in view.children],
        }

    @extend_schema(responses=NodeSerializer(many=True))
    def get_tree(self, topic) -> list:
        roots = selectors.topic_tree(self._user(), topic, per_node=API_PER_NODE)
        return NodeSerializer([self._node(v) for v in roots], many=True).data

    def _outdated(self, topic):
        if not hasattr(self, "_outdated_cache"):
            self._outdated_cache = selectors.outdated(self._user(), topic)
        return self._outdated_cache

    def get_outdated(self, topic) -> list[dict]:
        rows, _total = self._outdated(topic)
        return OutdatedSerializer(
            [
                {
                    "code": r.placement.standard.code,
                    "title": r.placement.standard.title,
                    "status": r.placement.standard.status,
                    "node": r.placement.node_id,
                    "replacements": [
                        {"code": link.new_code, "partial": link.is_partial}
                        for link in r.replacements
                    ],
                }
                for r in rows
            ],
            many=True,
        ).data

    def get_outdated_count(self, topic) -> int:
        return self._outdated(topic)[1]


@extend_schema(tags=["专题 topics"])
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    """重点产业专题：列表为已公开的专题；详情为专题的标准体系表（节点、标准号、按状态的数量、
    缺口），以及体系表中已废止或被代替的标准及其代替标准。公众可读。"""

    lookup_field = "slug"
    serializer_class = TopicSerializer

    def get_queryset(self):
        return (
            selectors.topics_visible_to(self.request.user)
            .select_related("cluster")
            .prefetch_related("ics", "ccs")
        )

    def get_serializer_class(self):
        return TopicDetailSerializer if self.action == "retrieve" else TopicSerializer
