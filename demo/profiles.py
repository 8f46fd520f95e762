"""Demo data of the standardization profiles (issue 10 items 4 and 7), through the services:

- ICS and CCS on the demo catalog: the source files carry none, so each record without one gets
  a plausible pair from its title (data/mappings/title_keywords.csv, the project's own table),
  else from its file's subject (sports, film); saved through `catalog.services.standard_save`
  (outbox → search index) and marked `raw_values["demo_classification"]`;
- the demo enterprises' industries and clusters, the drafting units linked to organizations,
  a followed standard that was replaced, and every organization's score and recommendations."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from catalog.models import Standard, StandardReplacement
from catalog.services import standard_save
from directory.models import Organization
from directory.services import clusters_proposed_for, organization_clusters_set, organization_update
from follows.models import Follow
from follows.services import follow_create
from profiles.mappings import classify_title
from profiles.matching import drafting_units_link
from profiles.services import profiles_compute
from reference.models import CcsClass, IcsClass, IndustryClass

DEMO_NOTE = "演示数据：原始数据无分类号，按标题关键词推定"
# By the file the record came from, when no keyword of its title is in the table.
FALLBACK = {"sports_standards.csv": ("97.220", "Y55"), "film_documents.csv": ("37.060", "A15")}

# The programs' demo enterprises (demo/programs.py) by a word of their name → GB/T 4754 大类.
INDUSTRIES = {
    "鲁兴工程机械": "35",
    "圣泉农业": "01",
    "恒信化工": "26",
    "华泰煤机": "35",
    "金石石雕": "30",
    "蒜都食品": "13",
    "通达专用汽车": "36",
    "微山湖水产": "04",
    "泉林纸业": "22",
    "智造电子": "39",
}


def classify_demo_catalog() -> int:
    """ICS/CCS for the demo records that have neither; returns how many were classified."""
    ics_known = set(IcsClass.objects.values_list("code", flat=True))
    ccs_known = set(CcsClass.objects.values_list("code", flat=True))
    todo = Standard.objects.filter(ccs__isnull=True, ics__isnull=True).order_by("pk")
    count = 0
    # One transaction: the outbox is applied to the search index once, on commit.
    with transaction.atomic():
        count = _classify(todo, ics_known, ccs_known)
    return count


def _classify(todo, ics_known: set[str], ccs_known: set[str]) -> int:
    count = 0
    for standard in todo.iterator():
        found = classify_title(standard.title) or FALLBACK.get(standard.source)
        if not found:
            continue
        ics, ccs = found
        if ics not in ics_known or ccs not in ccs_known:
            continue
        standard.ccs_id = ccs
        standard.raw_values = {**standard.raw_values, "demo_classification": DEMO_NOTE}
        standard_save(standard=standard, actor=None, ics=[ics])
        count += 1
    return count


def _industries(bureau: User) -> None:
    for word, code in INDUSTRIES.items():
        organization = Organization.objects.filter(name__contains=word, industry=None).first()
        industry = IndustryClass.objects.filter(code=code).first()
        if organization is None or industry is None:
            continue
        organization = organization_update(
            organization=organization, actor=bureau, industry=industry
        )
        if not organization.clusters.exists():
            organization_clusters_set(
                organization=organization,
                clusters=clusters_proposed_for(industry),
                actor=bureau,
            )


def _follow_a_replaced_standard() -> None:
    """The demo enterprise follows a standard that was replaced (a recommendation to act on)."""
    user = User.objects.get(username="enterprise")
    if Follow.objects.filter(user=user).exists():
        return
    link = (
        StandardReplacement.objects.filter(
            old__isnull=False, new__isnull=False, old__is_public=True
        )
        .select_related("old")
        .order_by("old__code_key")
        .first()
    )
    if link is not None:
        follow_create(user=user, code=link.old.code)


def load_profiles(stdout=None) -> None:
    bureau = User.objects.get(username="city")
    classified = classify_demo_catalog()
    _industries(bureau)
    counts = drafting_units_link(actor=bureau)
    _follow_a_replaced_standard()
    computed = profiles_compute(actor=bureau)
    if stdout:
        stdout.write(
            f"标准化档案：{classified} 条标准补充了演示分类号，起草单位关联 {counts.by_uscc + counts.by_name} 条，"
            f"计算 {computed} 个机构的标准化水平"
        )
