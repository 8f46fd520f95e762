"""Reads of the thematic databases, scoped to the user: the public sees published topics and
public standards; the bureau sees every topic and every standard placed in it. Nothing here
grows with the catalog: counts are one aggregate per topic, lists are capped per node."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from catalog.models import Standard, StandardReplacement
from topics.choices import Coverage
from topics.models import NodePlacement, NodeRule, Topic, TopicNode

PER_NODE = 10  # standards listed under a node on the topic page ("more" links to the rest)
OUTDATED_SHOWN = 50
SEARCH_IDS_CAP = 50_000  # standards a topic search is restricted to


def _is_bureau(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_bureau


def topics_visible_to(user) -> QuerySet[Topic]:
    return Topic.objects.visible_to(user)


def topic_get(*, user, slug: str) -> Topic:
    topic = topics_visible_to(user).select_related("cluster").filter(slug=slug).first()
    if topic is None:
        raise Http404("没有找到该专题")
    return topic


def placements_visible_to(user) -> QuerySet[NodePlacement]:
    qs = NodePlacement.objects.all()
    if not _is_bureau(user):
        qs = qs.filter(standard__is_public=True)
    return qs


def topic_standard_ids(user, topic: Topic, *, limit: int = SEARCH_IDS_CAP) -> list[int]:
    return list(
        placements_visible_to(user)
        .filter(node__topic=topic)
        .values_list("standard_id", flat=True)
        .distinct()
        .order_by("standard_id")[:limit]
    )


@dataclass
class NodeView:
    node: TopicNode
    depth: int
    children: list[NodeView] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    standards: list[Standard] = field(default_factory=list)
    subtree_current: int = 0
    rules: list[NodeRule] = field(default_factory=list)

    @property
    def gap(self) -> bool:
        """No standard in force in the node or below it (缺口)."""
        return self.subtree_current == 0

    @property
    def more(self) -> int:
        return max(self.total - len(self.standards), 0)


def node_counts(user, topic: Topic) -> dict[int, dict[str, int]]:
    """{node id: {coverage key: distinct standards, "total": …}} in one aggregate query."""
    rows = (
        placements_visible_to(user)
        .filter(node__topic=topic)
        .values("node_id")
        .annotate(
            total=Count("standard", distinct=True),
            current=Count("standard", distinct=True, filter=Q(standard__status="current")),
            upcoming=Count("standard", distinct=True, filter=Q(standard__status="upcoming")),
            abolished=Count("standard", distinct=True, filter=Q(standard__status="abolished")),
            replaced=Count(
                "standard", distinct=True, filter=Q(standard__replaced_by_links__isnull=False)
            ),
        )
        .order_by()
    )
    return {r.pop("node_id"): r for r in rows}


def _first_standards(user, topic: Topic, per_node: int) -> dict[int, list[Standard]]:
    """The first `per_node` distinct standards of every node (in force first, then by code),
    in one query with a window function."""
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        When(standard__status="current", then=Value(0)),
        When(standard__status="upcoming", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    qs = (
        placements_visible_to(user)
        .filter(node__topic=topic)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("node_id")],
                order_by=[rank.asc(), F("standard__code_key").asc(), F("id").asc()],
            )
        )
        .filter(row__lte=per_node * 2)  # a standard placed by hand and by a rule appears twice
        .select_related("standard")
        .only(
            "node_id",
            "standard__code",
            "standard__code_key",
            "standard__title",
            "standard__status",
            "standard__implement_date",
        )
        .order_by("node_id", "row")
    )
    out: dict[int, list[Standard]] = defaultdict(list)
    seen: dict[int, set[int]] = defaultdict(set)
    for p in qs:
        if len(out[p.node_id]) < per_node and p.standard_id not in seen[p.node_id]:
            seen[p.node_id].add(p.standard_id)
            out[p.node_id].append(p.standard)
    return out


def topic_tree(user, topic: Topic, *, per_node: int = PER_NODE, rules: bool = False):
    """The tree as NodeViews (roots), with counts, the first standards and the gaps; a
    constant number of queries whatever the size of the tree or the catalog."""
    capped = NodeRule.objects.filter(node=OuterRef("pk"), is_capped=True)
    nodes = list(
        TopicNode.objects.filter(topic=topic)
        .annotate(capped=Exists(capped))  # a rule that hit RULE_CAP (the page warns)
        .order_by("order", "id")
    )
    counts = node_counts(user, topic)
    firsts = _first_standards(user, topic, per_node) if per_node else {}
    rule_map = defaultdict(list)
    if rules:
        for rule in NodeRule.objects.filter(node__topic=topic):
            rule_map[rule.node_id].append(rule)
    views = {}
    for n in nodes:
        c = counts.get(n.pk, {})
        views[n.pk] = NodeView(
            node=n,
            depth=0,
            counts={k.value: c.get(k.value, 0) for k in Coverage},
            total=c.get("total", 0),
            standards=firsts.get(n.pk, []),
            rules=rule_map.get(n.pk, []),
        )
    roots = []
    for n in nodes:
        view = views[n.pk]
        parent = views.get(n.parent_id)
        (parent.children if parent else roots).append(view)

    def walk(view: NodeView, depth: int) -> int:
        view.depth = depth
        view.subtree_current = view.counts["current"] + sum(
            walk(child, depth + 1) for child in view.children
        )
        return view.subtree_current

    for root in roots:
        walk(root, 0)
    return roots


def flatten(roots) -> list[NodeView]:
    out = []

    def walk(views):
        for v in views:
            out.append(v)
            walk(v.children)

    walk(roots)
    return out


@dataclass
class Outdated:
    placement: NodePlacement
    replacements: list[StandardReplacement]


def outdated(user, topic: Topic, *, limit: int = OUTDATED_SHOWN) -> tuple[list[Outdated], int]:
    """Standards in the tree that are abolished or replaced, each with its proposed
    replacements (from the catalog's replacement links); the first `limit` and how many: the
    rows and their total in one query (a window count), the links in a second when any."""
    replaced = Exists(StandardReplacement.objects.filter(old_id=OuterRef("standard_id")))
    rows = list(
        placements_visible_to(user)
        .filter(node__topic=topic)
        .filter(Q(standard__status="abolished") | replaced)
        .annotate(total=Window(Count("id")))
        .select_related("standard", "node")
        .order_by("node__order", "node_id", "id")[:limit]
    )
    if not rows:
        return [], 0
    links = defaultdict(list)
    visible = Standard.objects.visible_to(user)
    for link in (
        StandardReplacement.objects.filter(old_id__in={p.standard_id for p in rows})
        .filter(Q(new__isnull=True) | Q(new__in=visible))
        .select_related("new")
        .order_by("new_code")
    ):
        links[link.old_id].append(link)
    return [Outdated(placement=p, replacements=links[p.standard_id]) for p in rows], rows[0].total


def node_get(*, user, topic: Topic, pk: int) -> TopicNode:
    node = TopicNode.objects.filter(topic=topic, pk=pk).first()
    if node is None:
        raise Http404("没有找到该节点")
    return node


def node_placements(user, node: TopicNode) -> QuerySet[NodePlacement]:
    """Every standard of one node (for a paginated page)."""
    return (
        placements_visible_to(user)
        .filter(node=node)
        .select_related("standard", "rule")
        .order_by("standard__code_key", "id")
    )


def topic_search(*, user, topic: Topic, data: dict, offset: int, limit: int):
    """The catalog search restricted to the topic's standards (at most `SEARCH_IDS_CAP`)."""
    from catalog.search import query as search_query
    from catalog.selectors import SearchHits, search_request

    ids = topic_standard_ids(user, topic)
    req = search_request(user=user, data=data, offset=offset, limit=limit, facets=False)
    req.ids = tuple(ids)
    if not ids:
        req.ids = (0,)
    return SearchHits(user, req, search_query.search(req))
