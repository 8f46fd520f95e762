"""Loads the reference tables shipped in data/ (see the SOURCES.md beside each file). Idempotent."""

import csv
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from core import audit
from reference.models import (
    CcsClass,
    IcsClass,
    IndustryClass,
    IndustryCluster,
    IndustryStandardPrefix,
    Region,
    RegionLevel,
)

DATA_DIR = Path(settings.BASE_DIR) / "data"


def _csv(relative: str) -> list[dict[str, str]]:
    with open(DATA_DIR / relative, encoding="utf-8-sig", newline="") as handle:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        ]


def _sync(model: type[models.Model], rows: Iterable[dict]) -> tuple[int, int]:
    """Create missing rows and update changed ones, in the order given (parents first)."""
    pk_name = model._meta.pk.attname
    existing = {obj.pk: obj for obj in model.objects.all()}
    created, updated = [], []
    for values in rows:
        pk = values[pk_name]
        obj = existing.get(pk)
        if obj is None:
            created.append(model(**values))
            continue
        changed = [k for k, v in values.items() if k != pk_name and getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            updated.append(obj)
    model.objects.bulk_create(created, batch_size=500)
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    if updated:
        model.objects.bulk_update(updated, [f.removesuffix("_id") for f in fields], batch_size=500)
    return len(created), len(updated)


def _regions() -> list[dict]:
    rows = [
        {"code": r["code"], "name": r["name"], "level": RegionLevel.PROVINCE, "parent_id": None}
        for r in _csv("regions/admin_provinces.csv")
    ]
    rows += [
        {
            "code": r["code"],
            "name": r["name"],
            "level": RegionLevel.CITY,
            "parent_id": r["provinceCode"],
        }
        for r in _csv("regions/admin_cities.csv")
    ]
    rows += [
        {
            "code": r["code"],
            "name": r["name"],
            "level": RegionLevel.COUNTY,
            "parent_id": r["cityCode"],
        }
        for r in _csv("regions/admin_areas.csv")
    ]
    rows += [
        {
            "code": r["code"],
            "name": r["name"],
            "level": RegionLevel.TOWN,
            "parent_id": r["areaCode"],
        }
        for r in _csv("regions/admin_jining_streets.csv")
    ]
    for row in rows:
        row["is_functional_area"] = False
    return _with_functional_areas(rows)


def _with_functional_areas(rows: list[dict]) -> list[dict]:
    """Jining's functional areas (data/regions/jining_functional_areas.csv) as county-level
    regions marked `is_functional_area`: those with an NBS code are already in the rows and only
    get the mark; the others are added under their city with the file's local code."""
    by_code = {row["code"]: row for row in rows}
    for area in _csv("regions/jining_functional_areas.csv"):
        row = by_code.get(area["code"])
        if row is None:
            row = {
                "code": area["code"],
                "name": area["name"],
                "level": RegionLevel.COUNTY,
                "parent_id": area["cityCode"],
            }
            rows.append(row)
        row["is_functional_area"] = True
    return rows


def _industries() -> list[dict]:
    source = _csv("classifications/gbt4754_2017_industry.csv")
    codes = {r["code"] for r in source}
    rows = []
    for r in sorted(source, key=lambda r: (int(r["level"]), r["code"])):
        level = int(r["level"])
        parent = {
            1: None,
            2: r["section"],
            3: r["division"],
            # Where a 中类 has a single 小类 the table omits the 中类 row: hang it on the 大类.
            4: r["group"] if r["group"] in codes else r["division"],
        }[level]
        rows.append(
            {
                "code": r["code"],
                "name": r["name"],
                "level": level,
                "parent_id": parent,
                "remark": r["remark"],
            }
        )
    return rows


def _ics() -> list[dict]:
    names_zh = {r["code"]: r["name_zh"] for r in _csv("classifications/ics_level1_zh_en.csv")}
    rows = []
    for r in _csv("classifications/iso_ics_en.csv"):
        parts = r["code"].split(".")
        rows.append(
            {
                "code": r["code"],
                "level": len(parts),
                "parent_id": ".".join(parts[:-1]) or None,
                "name_en": r["description_en"],
                "name_zh": names_zh.get(r["code"], ""),
            }
        )
    return sorted(rows, key=lambda r: (r["level"], r["code"]))


def _ccs() -> list[dict]:
    rows = [
        {
            "code": r["代码 / Code"],
            "level": 1,
            "parent_id": None,
            "name": r["名称 / Name"],
            "notes": "",
        }
        for r in _csv("classifications/ccs_level1.csv")
    ]
    for r in _csv("classifications/ccs_level2.csv"):
        rows.append(
            {
                "code": r["代码 / Code"],
                "level": 2,
                "parent_id": r["类 / Category"],
                "name": r["名称 / Name"],
                "notes": r.get("注释 /Notes", ""),
            }
        )
    with open(DATA_DIR / "classifications/ccs_level3.csv", encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)  # the header repeats "代码 / Code" for the parent column
        for code, name, parent, notes in reader:
            rows.append(
                {
                    "code": code.strip(),
                    "level": 3,
                    "parent_id": parent.strip(),
                    "name": name.strip(),
                    "notes": notes.strip(),
                }
            )
    return rows


def _prefixes() -> list[dict]:
    return [
        {
            "prefix": r["prefix"],
            "industry_zh": r["industry_zh"],
            "admin_zh": r["admin_zh"],
            "industry_en": r["industry_en"],
            "admin_en": r["admin_en"],
        }
        for r in _csv("classifications/industry_standard_prefixes.csv")
    ]


TABLES = [
    ("行政区划", Region, _regions),
    ("国民经济行业分类", IndustryClass, _industries),
    ("ICS 分类", IcsClass, _ics),
    ("CCS 分类", CcsClass, _ccs),
    ("行业标准代号", IndustryStandardPrefix, _prefixes),
]


def _load_clusters() -> tuple[int, int]:
    """Create the clusters that are missing; a cluster the bureau edited is never overwritten."""
    existing = set(IndustryCluster.objects.values_list("code", flat=True))
    created = 0
    for order, row in enumerate(_csv("clusters/jining_industry_clusters.csv"), start=1):
        if row["code"] in existing:
            continue
        cluster = IndustryCluster.objects.create(
            code=row["code"],
            name=row["name"],
            group=row["group"],
            description=row["description"],
            order=order,
        )
        codes = [code for code in row["industries"].split(";") if code]
        cluster.industries.set(IndustryClass.objects.filter(code__in=codes, level=2))
        created += 1
    return created, 0


@transaction.atomic
def load_reference(*, actor=None) -> dict[str, tuple[int, int]]:
    """Bring every reference table in line with the shipped files; returns (created, updated)."""
    result = {}
    for label, model, rows in TABLES:
        result[label] = _sync(model, rows())
    result["产业集群"] = _load_clusters()
    if any(sum(counts) for counts in result.values()):
        audit.record(
            actor=actor,
            action="reference.load",
            extra={label: {"created": c, "updated": u} for label, (c, u) in result.items()},
        )
    return result
