"""Synthetic catalogs that look like the real one: titles composed from data/bench/vocabulary.tsv,
the real titles in data/standards/ and the classification names, with Zipf-like frequencies;
codes of every kind and spelling."""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import random
from pathlib import Path

from catalog.choices import Kind, Nature
from catalog.codes import InvalidStandardCode, parse_code

DATA = Path(__file__).resolve().parent.parent / "data"
PREFIXES = ["GB", "GB/T", "GB/Z"] * 6 + ["JB/T", "HG/T", "QB/T", "NY/T", "YY/T", "SN/T", "JT/T"]
PREFIXES += ["DB37/T", "DB37/", "DB3708/T", "DB3701/T", "DB11/T", "DB44/T"] * 2
PREFIXES += ["T/CAS", "T/CECS", "T/CEC", "T/JNBZ", "Q/JNJX"]
ISSUERS = ["国家市场监督管理总局", "国家标准化管理委员会", "工业和信息化部", "山东省市场监督管理局"]
ISSUERS += ["济宁市市场监督管理局", "中国标准化协会", "农业农村部", "住房和城乡建设部"]


def _zipf_pick(rng: random.Random, items: list, s: float = 1.07):
    # Rank r has weight 1/r^s. Cumulative weights are precomputed: `weights=` would rebuild
    # them on every call (same draws either way: choices() accumulates weights itself).
    return rng.choices(items, cum_weights=_cum_weights(len(items), s))[0]


_W: dict = {}


def _cum_weights(n: int, s: float):
    if (n, s) not in _W:
        _W[(n, s)] = list(itertools.accumulate(1 / (r**s) for r in range(1, n + 1)))
    return _W[(n, s)]


def vocabulary() -> dict[str, list[tuple[str, str]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    with open(DATA / "bench" / "vocabulary.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            groups.setdefault(row["group"], []).append((row["term_zh"], row["term_en"]))
    return groups


def real_titles() -> list[str]:
    titles = []
    for name in ("sports_standards.csv", "film_documents.csv"):
        path = DATA / "standards" / name
        if path.exists():
            with open(path, encoding="utf-8-sig") as fh:
                for row in csv.reader(fh):
                    if len(row) > 1 and row[1] and row[1] != "title":
                        titles.append(row[1])
    return titles


def class_names() -> list[str]:
    names = []
    for path in (DATA / "classifications").glob("ccs_level*.csv"):
        with open(path, encoding="utf-8-sig") as fh:
            names += [row[1] for row in csv.reader(fh) if len(row) > 1][1:]
    return [n for n in names if 2 <= len(n) <= 12]


def number_queries() -> list[str]:
    queries = json.loads((DATA / "bench" / "queries.json").read_text(encoding="utf-8"))
    return [q["q"] for q in queries if q["cat"] == "number"]


def generate(n: int, seed: int = 7):
    """Yield cleaned import rows (the shape catalog.services.standards_import takes)."""
    rng = random.Random(seed)
    voc = vocabulary()
    domains = [z for z, _ in voc["domain"]] + class_names()
    aspects = [z for z, _ in voc["aspect"]]
    suffixes = [z for z, _ in voc["suffix"]]
    prefixes = [z for z, _ in voc["prefix"]]
    analytes = [z for z, _ in voc["analyte"]]
    english = {z: e for g in voc.values() for z, e in g}
    reals = real_titles()
    seen: set[str] = set()
    fixed = number_queries()
    today = datetime.date.today()
    i = 0
    while i < n:
        if fixed:
            text = fixed.pop()
        else:
            designation = rng.choice(PREFIXES)
            number = str(int(rng.paretovariate(0.6) * 10) % 40000 + 1)
            part = f".{rng.randint(1, 12)}" if rng.random() < 0.12 else ""
            year = rng.randint(1985, today.year)
            text = f"{designation} {number}{part}-{year}"
        try:
            code = parse_code(text)
        except InvalidStandardCode:
            continue
        if code.key in seen:
            continue
        seen.add(code.key)
        r = rng.random()
        parts: list[str] = []
        if r < 0.1 and reals:
            title = rng.choice(reals)
        else:
            parts = [_zipf_pick(rng, domains), _zipf_pick(rng, aspects), _zipf_pick(rng, suffixes)]
            if rng.random() < 0.3:
                parts.insert(0, _zipf_pick(rng, prefixes))
            if rng.random() < 0.15:
                parts.insert(1, _zipf_pick(rng, analytes) + "的测定")
            title = "".join(parts)
        words = [english[p] for p in parts if p in english]
        title_en = " ".join(words).capitalize() if words and rng.random() < 0.6 else ""
        issue = datetime.date(code.year or 2000, rng.randint(1, 12), rng.randint(1, 28))
        implement = issue + datetime.timedelta(days=rng.randint(30, 240))
        abolished = rng.random() < 0.25
        abolish = implement + datetime.timedelta(days=rng.randint(365, 4000)) if abolished else None
        if abolish and abolish > today:
            abolish = None
        status = "abolished" if abolish else ("upcoming" if implement > today else "current")
        values = {
            "code": code.format(),
            "code_key": code.key,
            "base_key": code.base_key,
            "prefix": code.prefix,
            "kind": Kind(code.kind.value),
            "nature": Nature(code.nature.value) if code.nature else "",
            "status": status,
            "title": title,
            "title_en": title_en,
            "issue_date": issue,
            "implement_date": implement,
            "abolish_date": abolish,
            "review_confirmed_date": None,
            "issuing_body": _zipf_pick(rng, ISSUERS),
            "competent_department": "",
            "technical_committee": "",
            "ccs_id": None,
            "adopted_standard": "",
            "adoption_degree": "",
            "scope": "",
            "drafters": [],
            "plan_number": "",
            "source_id": "",
            "raw_values": {},  # as the importer's rows carry (a code the demo data has updates)
        }
        yield {
            "code": code,
            "values": values,
            "ics_codes": [],
            "drafting_units": [],
            "replaces": [],
            "replaced_by": [],
        }
        i += 1
