"""Writes of the thematic databases: topics, the tree (add, edit, re-parent, move up/down,
delete), hand placements, rules and "replace in tree". Each takes keyword-only arguments and the
acting user, is refused to anyone but the bureau, validated, and audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from catalog.codes import InvalidStandardCode, parse_code
from catalog.models import Standard, StandardReplacement
from core import audit
from topics.choices import NodeCategory, TopicKind
from topics.models import NodePlacement, NodeRule, Topic, TopicNode

TOPIC_FIELDS = (
    "slug",
    "name",
    "kind",
    "cluster",
    "description",
    "keywords",
    "is_published",
    "order",
)
NODE_FIELDS = ("code", "name", "category", "parent")
MAX_NODES = 500
MAX_DEPTH = 6
MAX_RULES_PER_NODE = 10


def _require_bureau(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_bureau:
        raise PermissionDenied("只有市局工作人员可以维护专题")


# --- topics -------------------------------------------------------------------------------------


def _clean_topic(values: dict, *, instance: Topic | None = None) -> dict:
    errors = {}
    name = " ".join(str(values.get("name") or "").split())
    slug = str(values.get("slug") or "").strip().lower()
    if not name:
        errors["name"] = "请填写专题名称"
    elif Topic.objects.filter(name=name).exclude(pk=getattr(instance, "pk", None)).exists():
        errors["name"] = f"已有名为“{name}”的专题"
    if not slug:
        errors["slug"] = "请填写网址标识（小写字母、数字和连字符）"
    elif Topic.objects.filter(slug=slug).exclude(pk=getattr(instance, "pk", None)).exists():
        errors["slug"] = f"网址标识“{slug}”已被使用"
    if values.get("kind") not in TopicKind.values:
        errors["kind"] = "请选择专题类别"
    if errors:
        raise ValidationError(errors)
    return {**values, "name": name, "slug": slug}


@transaction.atomic
def topic_create(*, actor, values: dict, ics=(), ccs=()) -> Topic:
    _require_bureau(actor)
    values = _clean_topic(values)
    topic = Topic.objects.create(**{k: values[k] for k in TOPIC_FIELDS if k in values})
    topic.ics.set(ics)
    topic.ccs.set(ccs)
    audit.record(actor=actor, action="topic.create", obj=topic, after=audit.snapshot(topic))
    return topic


@transaction.atomic
def topic_update(*, topic: Topic, actor, values: dict, ics=None, ccs=None) -> Topic:
    _require_bureau(actor)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    values = _clean_topic(
        {**{k: getattr(topic, k) for k in TOPIC_FIELDS}, **values}, instance=topic
    )
    audit.save_changes(topic, values, fields=TOPIC_FIELDS, actor=actor, action="topic.update")
    changed = {}
    for name, classes in (("ics", ics), ("ccs", ccs)):
        if classes is None:
            continue
        before = sorted(getattr(topic, name).values_list("code", flat=True))
        after = sorted(c.code for c in classes)
        if before != after:
            getattr(topic, name).set(classes)
            changed[name] = (before, after)
    if changed:
        audit.record(
            actor=actor, action="topic.update", obj=topic,
            before={k: v[0] for k, v in changed.items()},
            after={k: v[1] for k, v in changed.items()},
        )  # fmt: skip
    return topic


# --- the tree -----------------------------------------------------------------------------------


def _ancestors(node: TopicNode | None) -> list[int]:
    """Ids from `node` up to the root (bounded: a stored cycle cannot loop forever)."""
    out = []
    while node is not None and len(out) <= MAX_NODES:
        out.append(node.pk)
        node = node.parent
    return out


def _clean_node(topic: Topic, values: dict, *, node: TopicNode | None = None) -> dict:
    errors = {}
    name = " ".join(str(values.get("name") or "").split())
    code = "".join(str(values.get("code") or "").split())
    category = values.get("category") or ""
    parent = values.get("parent")
    if not name:
        errors["name"] = "请填写节点名称"
    elif len(name) > 100:
        errors["name"] = "节点名称不能超过 100 个字"
    if len(code) > 20:
        errors["code"] = "体系编号不能超过 20 个字符"
    if category and category not in NodeCategory.values:
        errors["category"] = "请选择节点类别"
    if parent is not None:
        if parent.topic_id != topic.pk:
            errors["parent"] = "上级节点不属于该专题"
        elif node is not None and node.pk in _ancestors(parent):
            errors["parent"] = "不能把节点移到它自己或它的下级节点之下（会形成循环）"
        elif len(_ancestors(parent)) >= MAX_DEPTH:
            errors["parent"] = f"体系表最多 {MAX_DEPTH} 层"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "code": code, "category": category, "parent": parent}


def _next_order(topic: Topic, parent: TopicNode | None) -> int:
    top = TopicNode.objects.filter(topic=topic, parent=parent).aggregate(m=Max("order"))["m"]
    return 0 if top is None else top + 1


@transaction.atomic
def node_create(*, topic: Topic, actor, values: dict) -> TopicNode:
    _require_bureau(actor)
    Topic.objects.select_for_update().get(pk=topic.pk)  # serialize edits of one tree
    if TopicNode.objects.filter(topic=topic).count() >= MAX_NODES:
        raise ValidationError({"name": f"一个专题最多 {MAX_NODES} 个节点"})
    values = _clean_node(topic, values)
    node = TopicNode.objects.create(
        topic=topic, order=_next_order(topic, values["parent"]), **values
    )
    audit.record(actor=actor, action="topic_node.create", obj=node, after=audit.snapshot(node))
    return node


@transaction.atomic
def node_update(*, node: TopicNode, actor, values: dict) -> TopicNode:
    """Rename, renumber, re-categorize or re-parent a node (a move under itself or one of its
    descendants is refused)."""
    _require_bureau(actor)
    Topic.objects.select_for_update().get(pk=node.topic_id)
    node = TopicNode.objects.select_related("topic").get(pk=node.pk)
    values = _clean_node(node.topic, values, node=node)
    if values["parent"] != node.parent:
        values["order"] = _next_order(node.topic, values["parent"])
    audit.save_changes(
        node, values, fields=[*NODE_FIELDS, "order"] if "order" in values else NODE_FIELDS,
        actor=actor, action="topic_node.update",
    )  # fmt: skip
    return node


@transaction.atomic
def node_move(*, node: TopicNode, actor, direction: str) -> bool:
    """Move a node one place up or down among its siblings; False at the end of the row."""
    _require_bureau(actor)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "移动方向无效"})
    Topic.objects.select_for_update().get(pk=node.topic_id)
    siblings = list(
        TopicNode.objects.filter(topic_id=node.topic_id, parent_id=node.parent_id).order_by(
            "order", "id"
        )
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == node.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            TopicNode.objects.filter(pk=sibling.pk).update(order=position)
    audit.record(actor=actor, action="topic_node.move", obj=node, extra={"direction": direction})
    return True


@transaction.atomic
def node_delete(*, node: TopicNode, actor) -> None:
    """Delete a node with its children, placements and rules."""
    _require_bureau(actor)
    Topic.objects.select_for_update().get(pk=node.topic_id)
    audit.record(actor=actor, action="topic_node.delete", obj=node, before=audit.snapshot(node))
    node.delete()


# --- placements ---------------------------------------------------------------------------------


def _standard_by_code(actor, code: str) -> Standard:
    try:
        key = parse_code(code or "").key
    except InvalidStandardCode:
        raise ValidationError({"code": "标准号无法识别"}) from None
    standard = Standard.objects.visible_to(actor).filter(code_key=key).first()
    if standard is None:
        raise ValidationError({"code": f"目录中没有标准 {code}"})
    return standard


@transaction.atomic
def placement_add(*, node: TopicNode, actor, code: str, note: str = "") -> NodePlacement:
    """Place a standard in a node by hand (placing it twice is refused)."""
    _require_bureau(actor)
    standard = _standard_by_code(actor, code)
    note = " ".join((note or "").split())
    if len(note) > 200:
        raise ValidationError({"note": "备注不能超过 200 个字"})
    if NodePlacement.objects.filter(node=node, standard=standard, rule__isnull=True).exists():
        raise ValidationError({"code": f"{standard.code} 已在该节点中"})
    placement = NodePlacement.objects.create(
        node=node, standard=standard, note=note, created_by=actor
    )
    audit.record(
        actor=actor, action="topic_placement.add", obj=node,
        extra={"standard": standard.code, "note": note},
    )  # fmt: skip
    return placement


@transaction.atomic
def placement_remove(*, placement: NodePlacement, actor) -> None:
    _require_bureau(actor)
    if placement.rule_id is not None:
        raise ValidationError({"placement": "该标准由自动归集规则放入，请修改或删除规则"})
    audit.record(
        actor=actor, action="topic_placement.remove", obj=placement.node,
        extra={"standard": placement.standard.code},
    )  # fmt: skip
    placement.delete()


@transaction.atomic
def replace_in_tree(*, placement: NodePlacement, actor, new_code: str) -> NodePlacement:
    """Put the replacement of an abolished or replaced standard in its node: the replacement
    must be one of the catalog's replacement links of the old standard. A hand placement is
    swapped; one from a rule stays (the rule finds it) and the replacement is added by hand."""
    _require_bureau(actor)
    old = placement.standard
    links = StandardReplacement.objects.filter(old=old).select_related("new")
    new = next((link.new for link in links if link.new and link.new_code == new_code), None)
    if new is None:
        raise ValidationError({"new_code": f"{new_code} 不是 {old.code} 的代替标准"})
    node = placement.node
    existing = NodePlacement.objects.filter(node=node, standard=new, rule__isnull=True).first()
    if placement.rule_id is None:
        note = placement.note
        placement.delete()
    else:
        note = ""
    if existing is None:
        existing = NodePlacement.objects.create(
            node=node, standard=new, note=note or f"代替 {old.code}", created_by=actor
        )
    audit.record(
        actor=actor, action="topic_placement.replace", obj=node,
        extra={"old": old.code, "new": new.code},
    )  # fmt: skip
    return existing


# --- rules --------------------------------------------------------------------------------------


def _clean_params(params) -> dict:
    from follows.services import clean_search_params

    try:
        return clean_search_params(params)
    except ValidationError as exc:
        raise ValidationError({"params": exc.messages}) from None


@transaction.atomic
def rule_create(*, node: TopicNode, actor, params) -> NodeRule:
    """A saved-search rule on a node; its matches are computed right after the commit (in a
    background task, capped at `refresh.RULE_CAP`)."""
    _require_bureau(actor)
    cleaned = _clean_params(params)
    if NodeRule.objects.filter(node=node).count() >= MAX_RULES_PER_NODE:
        raise ValidationError({"params": f"每个节点最多 {MAX_RULES_PER_NODE} 条规则"})
    rule = NodeRule.objects.create(node=node, params=cleaned)
    audit.record(actor=actor, action="topic_rule.create", obj=rule, after=audit.snapshot(rule))
    _evaluate_after_commit(rule)
    return rule


@transaction.atomic
def rule_update(*, rule: NodeRule, actor, params) -> NodeRule:
    _require_bureau(actor)
    cleaned = _clean_params(params)
    if audit.save_changes(
        rule, {"params": cleaned}, fields=["params"], actor=actor, action="topic_rule.update"
    ):
        _evaluate_after_commit(rule)
    return rule


@transaction.atomic
def rule_delete(*, rule: NodeRule, actor) -> None:
    _require_bureau(actor)
    audit.record(actor=actor, action="topic_rule.delete", obj=rule, before=audit.snapshot(rule))
    rule.delete()


def _evaluate_after_commit(rule: NodeRule) -> None:
    from topics.tasks import evaluate_rule_task

    pk = rule.pk
    transaction.on_commit(lambda: evaluate_rule_task.enqueue(pk))
