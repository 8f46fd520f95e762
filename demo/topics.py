"""The thematic databases' demo: 乡村振兴, 高端装备 (a cluster topic) and 基本公共服务, built
through the services as the bureau would — nodes, standards placed by hand, saved-search rules
over the demo catalog (sports and film standards), at least one gap and one replaced standard
still in the tree. Skipped when there are topics already."""

from accounts.models import User
from catalog.models import Standard
from reference.models import CcsClass, IcsClass, IndustryCluster
from topics import services
from topics.models import Topic

# (code, name, category, parent code, rules (query words), hand-placed codes (with a note))
RURAL = [
    ("100", "基础通用", "general", None, [], [("GB/T 10001.4-2021", "乡村公共场所标志")]),
    (
        "200",
        "乡村公共体育设施",
        "product",
        None,
        ["室外健身"],
        [("GB 19272-2011", "村级健身路径仍按旧版建设")],
    ),
    ("210", "健身步道", "service", "200", ["步道"], []),
    ("300", "乡村文化服务", "service", None, ["数字电影"], []),
    ("400", "农产品质量安全", "product", None, [], []),  # a gap: no such standard in the demo
]
EQUIPMENT = [
    ("101", "基础通用", "general", None, [], [("GB/T 34289-2017", "")]),
    ("102", "健身器材装备", "product", None, ["固定式健身器材"], []),
    ("103", "智慧场馆系统", "product", None, ["智慧化"], []),
    ("104", "检测方法", "method", None, ["检验方法"], []),
    ("105", "工业机器人", "product", None, [], []),  # a gap
]
PUBLIC = [
    ("1", "公共体育设施", "service", None, ["公共体育设施"], []),
    ("2", "全民健身服务", "service", None, ["全民健身"], []),
    ("2.1", "适老化", "service", "2", ["适老化"], []),
    ("3", "公共交通服务", "service", None, [], [("GB/T 32842-2016", ""), ("GB/T 32842-2023", "")]),
    ("4", "公共文化服务", "service", None, [], []),  # a gap
]
# ICS / CCS classes each topic covers (slug: (ICS codes, CCS codes)).
CLASSES = {
    "rural-revitalization": (["65", "97.220"], ["B", "Y55"]),
    "high-end-equipment": (["25", "97.220"], ["J", "Y55"]),
    "basic-public-services": (["03.080", "97.220"], ["A", "Y50/59"]),
}
TOPICS = [
    ("rural-revitalization", "乡村振兴", "rural", None, "乡村 农村 健身 步道 电影",
     "面向乡村振兴的公共体育、文化服务与农产品质量安全标准体系。", RURAL),
    ("high-end-equipment", "高端装备", "cluster", "高端装备", "装备 器材 智能",
     "“231”产业集群之高端装备：健身器材、智慧场馆系统等装备制造标准。", EQUIPMENT),
    ("basic-public-services", "基本公共服务", "public_service", None, "公共 服务 健身",
     "基本公共服务标准体系：公共体育设施、全民健身、公共交通与公共文化服务。", PUBLIC),
]  # fmt: skip


def _index_ready() -> None:
    """Rules are evaluated in the search index: bring it up to date first."""
    from catalog import outbox
    from catalog.search import indexer

    if indexer.needs_rebuild(outbox.cursor_state(indexer.cursor_name())):
        indexer.rebuild()
    else:
        indexer.apply_pending()


def load_topics() -> None:
    if Topic.objects.exists():
        return
    _index_ready()
    city = User.objects.get(username="city")
    for order, (slug, name, kind, cluster, keywords, description, nodes) in enumerate(TOPICS):
        ics, ccs = CLASSES[slug]
        topic = services.topic_create(
            ics=IcsClass.objects.filter(code__in=ics),
            ccs=CcsClass.objects.filter(code__in=ccs),
            actor=city,
            values={
                "slug": slug, "name": name, "kind": kind, "keywords": keywords,
                "description": description, "is_published": True, "order": order,
                "cluster": IndustryCluster.objects.filter(name=cluster).first() if cluster else None,
            },
        )  # fmt: skip
        made = {}
        for code, node_name, category, parent, rules, hand in nodes:
            node = services.node_create(
                topic=topic,
                actor=city,
                values={"code": code, "name": node_name, "category": category,
                        "parent": made.get(parent)},
            )  # fmt: skip
            made[code] = node
            for words in rules:
                services.rule_create(node=node, actor=city, params={"q": words})
            for standard_code, note in hand:
                if Standard.objects.filter(code=standard_code).exists():
                    services.placement_add(node=node, actor=city, code=standard_code, note=note)
