"""The Excel 标准体系表 of a topic: one row per standard in each node (in tree order), and one
row for each node without any standard (a gap the reader must see). Inline up to
`EXPORT_SYNC_ROWS` rows, otherwise a background export (`core.exports`, kind "topic")."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from catalog.models import StandardReplacement
from core import exports
from core.excel import Column, Sheet
from topics import selectors
from topics.models import Topic


@dataclass
class Row:
    code: str
    node: str
    category: str
    standard_code: str = ""
    title: str = ""
    status: str = ""
    implement_date: object = None
    replaces: str = ""
    replaced_by: str = ""
    source: str = ""
    note: str = ""


SHEET = Sheet(
    title="标准体系表",
    columns=(
        Column("体系编号", "code"),
        Column("节点", "node"),
        Column("类别", "category"),
        Column("标准编号", "standard_code"),
        Column("标准名称", "title"),
        Column("状态", "status"),
        Column("实施日期", "implement_date"),
        Column("代替", "replaces"),
        Column("被代替", "replaced_by"),
        Column("来源", "source"),
        Column("备注", "note"),
    ),
)


def row_count(user, topic: Topic) -> int:
    return selectors.placements_visible_to(user).filter(node__topic=topic).count()


def rows(user, topic: Topic):
    """The sheet's rows in tree order (a standard placed by hand and by a rule: one row)."""
    nodes = selectors.flatten(selectors.topic_tree(user, topic, per_node=0))
    placements = defaultdict(list)
    qs = (
        selectors.placements_visible_to(user)
        .filter(node__topic=topic)
        .select_related("standard")
        .order_by("standard__code_key", "rule_id", "id")
    )
    for p in qs.iterator(chunk_size=2_000):
        placements[p.node_id].append(p)
    ids = {p.standard_id for ps in placements.values() for p in ps}
    replaces, replaced_by = defaultdict(list), defaultdict(list)
    id_list = sorted(ids)
    for start in range(0, len(id_list), 2_000):
        chunk = id_list[start : start + 2_000]
        for link in StandardReplacement.objects.filter(new_id__in=chunk):
            replaces[link.new_id].append(link.old_code)
        for link in StandardReplacement.objects.filter(old_id__in=chunk):
            replaced_by[link.old_id].append(link.new_code)
    for view in nodes:
        n = view.node
        name = "　" * view.depth + n.name
        category = n.get_category_display() if n.category else ""
        seen = {}
        for p in placements.get(n.pk, []):
            if p.standard_id in seen:
                continue
            seen[p.standard_id] = True
            s = p.standard
            yield Row(
                code=n.code, node=name, category=category, standard_code=s.code, title=s.title,
                status=s.get_status_display(), implement_date=s.implement_date,
                replaces="、".join(replaces[s.pk]), replaced_by="、".join(replaced_by[s.pk]),
                source="手工" if p.rule_id is None else "规则", note=p.note,
            )  # fmt: skip
        if not seen:
            yield Row(code=n.code, node=name, category=category, note="缺口：暂无标准")


def build(user, topic: Topic) -> tuple[bytes, int, str]:
    counter = [0]
    data = SHEET.write(exports.counted(rows(user, topic), counter))
    return data, counter[0], f"标准体系表-{topic.name}.xlsx"


def _build_job(user, params: dict) -> tuple[bytes, int, str]:
    slug = (params.get("slug") or [""])[0]
    topic = selectors.topic_get(user=user, slug=slug)
    return build(user, topic)


def is_small(user, topic: Topic) -> bool:
    return row_count(user, topic) <= settings.EXPORT_SYNC_ROWS


exports.register("topic", "专题标准体系表", _build_job)
