"""Subsidy eligibility that explains itself (资助奖励资格核算).

`assess` is pure: it takes what the catalog and earlier rounds say (plain data classes) and returns
the items with a sentence in Chinese for every step. `subsidy_assess` gathers those facts from the
database for one organization and policy, then calls `assess`.

Rules (the policy's): the claimant must be among the standard's drafting units (matched by
统一社会信用代码 where the catalog links the unit to an organization that has one, by name
otherwise); lead or participate by the policy's lead definition; the issue date inside the
publication window; never funded twice for the same standard (any year); one award per standard
series in a round (parts of one standard: GB/T 1234.1 and GB/T 1234.2); the amount from the policy's
table by kind and role (the highest applicable kind when the standard was upgraded or is a
forerunner's); then the per-enterprise annual cap, counting what was already granted that year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.codes import InvalidStandardCode, parse_code
from core.templatetags.ui import cn_date, money
from programs.choices import AwardKind, AwardRole, LeadDefinition

ZERO = Decimal("0.00")

CATALOG_KINDS = {
    "national": AwardKind.NATIONAL,
    "industry": AwardKind.INDUSTRY,
    "provincial": AwardKind.PROVINCIAL,
    "municipal": AwardKind.MUNICIPAL,
    "group": AwardKind.GROUP,
}


@dataclass(frozen=True)
class Unit:
    """A drafting unit as the catalog prints it; `uscc` of the linked organization, if any."""

    position: int
    name: str
    uscc: str | None = None
    designated_lead: bool = False  # 前言中的负责起草单位 (the catalog's 主要起草单位 mark)


@dataclass(frozen=True)
class StandardFacts:
    id: int | None
    code: str
    code_key: str
    series_key: str
    title: str
    catalog_kind: str
    issue_date: dt.date | None
    units: tuple[Unit, ...]
    upgraded: bool = False
    forerunner: bool = False


@dataclass(frozen=True)
class Claimant:
    name: str
    uscc: str | None = None


@dataclass(frozen=True)
class Terms:
    """The policy as the computation needs it."""

    year: int
    rates: Mapping[tuple[str, str], Decimal]
    lead_definition: str
    window_start: dt.date
    window_end: dt.date
    cap: Decimal | None = None


@dataclass(frozen=True)
class Claim:
    """One line as entered: the printed code and what the catalog holds for it (None: not found,
    `error`: the code could not be read)."""

    code: str
    facts: StandardFacts | None = None
    error: str = ""
    note: str = ""  # how the catalog record was chosen, when not by the exact code


@dataclass
class Item:
    code: str
    eligible: bool = False
    role: str = ""
    position: int | None = None
    amount: Decimal = ZERO
    eligible_amount: Decimal = ZERO
    kind: str = ""
    matched_by: str = ""
    standard_id: int | None = None
    code_key: str = ""
    series_key: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    items: list[Item]
    total: Decimal


# --- matching ----------------------------------------------------------------------------------

_PUNCT = re.compile(r"[\s·•.,，。、\"'“”‘’]+")


def normalize_name(name: str) -> str:
    """Organization names compare after NFKC (full-width brackets → ASCII), without spaces and
    punctuation: "济宁甲机械（集团）有限公司" equals "济宁甲机械(集团)有限公司"."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", name or "")).upper()


def match_unit(claimant: Claimant, units: Sequence[Unit]) -> tuple[Unit | None, str]:
    """The claimant's drafting unit and how it was matched ("uscc" or "name")."""
    for unit in units:
        if unit.uscc and claimant.uscc:
            if unit.uscc.upper() == claimant.uscc.upper():
                return unit, "uscc"
        elif normalize_name(unit.name) == normalize_name(claimant.name):
            return unit, "name"
    return None, ""


def role_for(position: int, unit_count: int, lead_definition: str, designated=False) -> str:
    if lead_definition == LeadDefinition.DESIGNATED:
        lead = designated
    elif lead_definition == LeadDefinition.SOLE:
        lead = unit_count == 1 and position == 1
    elif lead_definition == LeadDefinition.FIRST_TWO:
        lead = position <= 2
    else:
        lead = position == 1
    return AwardRole.LEAD if lead else AwardRole.PARTICIPATE


def series_key_of(code: str) -> str:
    """Parts of one standard form one series: "GB/T 1234.2-2020" → "GB/T1234"."""
    try:
        parsed = parse_code(code)
    except InvalidStandardCode:
        return normalize_name(code)
    return parsed.designation + parsed.number


# --- the computation ---------------------------------------------------------------------------


def assess(
    *,
    claimant: Claimant,
    terms: Terms,
    claims: Sequence[Claim],
    funded_before: Mapping[str, int] | None = None,
    series_taken: Mapping[str, str] | None = None,
    already_granted: Decimal = ZERO,
) -> Assessment:
    """Assess each claim in order, then apply the annual cap.

    `funded_before`: code key → year this claimant was funded for that standard (any year);
    `series_taken`: series key → the code that took it this round (other applications);
    `already_granted`: what this claimant was granted under this year's policy already."""
    funded_before = funded_before or {}
    taken = dict(series_taken or {})
    seen: dict[str, int] = {}
    items = []
    for line, claim in enumerate(claims, start=1):
        item = _assess_one(claimant, terms, claim, funded_before, taken, seen, line)
        items.append(item)
    _apply_cap(items, terms.cap, already_granted)
    return Assessment(items=items, total=sum((i.amount for i in items), ZERO))


def _refuse(item: Item, reason: str) -> Item:
    item.eligible = False
    item.amount = item.eligible_amount = ZERO
    item.reasons.append(reason + "不予资助。")
    return item


def _assess_one(claimant, terms, claim, funded_before, taken, seen, line) -> Item:
    item = Item(code=claim.code.strip())
    say = item.reasons.append
    if claim.error:
        return _refuse(item, f"无法识别标准号“{item.code}”：{claim.error}。")
    facts = claim.facts
    if facts is None:
        return _refuse(item, f"标准目录中没有“{item.code}”，无法核验起草单位，")
    item.code, item.code_key, item.series_key = facts.code, facts.code_key, facts.series_key
    item.standard_id = facts.id
    say(f"在标准目录中找到 {facts.code}《{facts.title}》。")
    if claim.note:
        say(claim.note)
    if facts.code_key in seen:
        return _refuse(item, f"本次申报第 {seen[facts.code_key]} 项已是该标准，")
    seen[facts.code_key] = line

    if not facts.units:
        return _refuse(item, "目录中没有该标准的起草单位记录，无法核验，")
    unit, how = match_unit(claimant, facts.units)
    if unit is None:
        return _refuse(
            item,
            f"申报单位“{claimant.name}”不在该标准的 {len(facts.units)} 家起草单位之中"
            "（有统一社会信用代码的按代码核对，其余按单位名称核对），",
        )
    item.position, item.matched_by = unit.position, how
    if how == "uscc":
        say(f"按统一社会信用代码 {claimant.uscc} 匹配到第 {unit.position} 起草单位“{unit.name}”。")
    else:
        say(
            f"目录中该起草单位未关联统一社会信用代码，按单位名称匹配到第 {unit.position} "
            f"起草单位“{unit.name}”。"
        )
    item.role = role_for(
        unit.position, len(facts.units), terms.lead_definition, unit.designated_lead
    )
    lead_label = LeadDefinition(terms.lead_definition).label
    role_label = AwardRole(item.role).label
    marked = ""
    if terms.lead_definition == LeadDefinition.DESIGNATED:
        marked = "，目录中" + ("标注" if unit.designated_lead else "未标注") + "为负责起草单位"
    say(
        f"政策以“{lead_label}”认定主导；该标准共 {len(facts.units)} 家起草单位，"
        f"申报单位排第 {unit.position} 位{marked}，认定为{role_label}。"
    )

    issued = facts.issue_date
    window = f"{cn_date(terms.window_start)}至{cn_date(terms.window_end)}"
    if issued is None:
        return _refuse(item, "目录中没有该标准的发布日期，无法核验是否在政策规定的发布期间内，")
    if not terms.window_start <= issued <= terms.window_end:
        return _refuse(item, f"发布日期{cn_date(issued)}不在政策规定的{window}之间，")
    say(f"发布日期{cn_date(issued)}在政策规定的{window}之间。")

    if facts.code_key in funded_before:
        return _refuse(
            item,
            f"申报单位已于 {funded_before[facts.code_key]} 年度获该标准资助，同一标准不重复资助，",
        )
    say("申报单位此前未获该标准资助。")
    if facts.series_key in taken:
        return _refuse(
            item,
            f"同一系列标准（{facts.series_key}）本轮已按 {taken[facts.series_key]} 申报，"
            "一个系列只资助一次，",
        )
    say(f"同一系列标准（{facts.series_key}）本轮未获资助。")

    candidates = []
    base = CATALOG_KINDS.get(facts.catalog_kind)
    if base is not None:
        candidates.append(base)
    if facts.forerunner:
        candidates.append(AwardKind.FORERUNNER)
        say("该标准是申报单位的企业标准领跑者标准。")
    if facts.upgraded:
        candidates.append(AwardKind.UPGRADED)
        say("该标准由低层级标准升级而来。")
    if not candidates:
        return _refuse(item, "企业标准仅在入选企业标准领跑者时纳入资助范围，")
    priced = [(terms.rates.get((k, item.role), ZERO), k) for k in candidates]
    amount, kind = max(priced, key=lambda pair: pair[0])
    item.kind = kind
    if amount <= 0:
        labels = "、".join(AwardKind(k).label for k in candidates)
        return _refuse(item, f"政策未对“{labels}·{role_label}”设定资助金额，")
    if len(candidates) > 1:
        labels = "、".join(AwardKind(k).label for k in candidates)
        say(f"可按{labels}计算，取金额较高的“{AwardKind(kind).label}”。")
    say(f"按政策，{AwardKind(kind).label}·{role_label}资助 {money(amount)}。")
    item.eligible = True
    item.eligible_amount = item.amount = amount
    taken[facts.series_key] = facts.code
    return item


def _apply_cap(items: list[Item], cap: Decimal | None, already: Decimal) -> None:
    if cap is None:
        return
    used = already
    for item in items:
        if not item.eligible:
            continue
        room = max(cap - used, ZERO)
        if item.eligible_amount > room:
            item.amount = room
            item.reasons.append(
                f"单个企业年度上限 {money(cap)}，本年度已核定 {money(used)}，剩余额度 "
                f"{money(room)}，本项核定 {money(room)}（受年度上限限制）。"
            )
        used += item.amount


# --- from the database -------------------------------------------------------------------------


def subsidy_assess(*, organization, policy, codes: Sequence[str], exclude_application=None):
    """Assess `codes` (as printed) for `organization` under `policy`, from the catalog and the
    applications already made. Reads only; the caller stores the result."""
    from django.db.models import Q

    from catalog.choices import DraftingRole
    from catalog.models import Standard
    from programs.choices import ACTIVE_STATES, FUNDED_STATES
    from programs.models import Forerunner, StandardUpgrade, SubsidyApplication, SubsidyItem

    parsed: list[tuple[str, str | None, str]] = []  # (printed, key, error)
    undated: set[str] = set()  # base keys of codes printed without a year
    for code in codes:
        try:
            standard_code = parse_code(code)
        except InvalidStandardCode as error:
            parsed.append((code, None, str(error).rstrip("。")))
            continue
        parsed.append((code, standard_code.key, ""))
        if standard_code.year is None:
            undated.add(standard_code.base_key)
    keys = {key for _, key, _ in parsed if key}
    found = Standard.objects.filter(Q(code_key__in=keys) | Q(base_key__in=undated))
    standards = {}
    latest = {}  # base key → the newest edition, for codes without a year
    for standard in found.prefetch_related("drafting_units__organization").order_by(
        "base_key", "-issue_date"
    ):
        standards[standard.code_key] = standard
        latest.setdefault(standard.base_key, standard)
    ids = [s.pk for s in standards.values()]
    upgraded = set(
        StandardUpgrade.objects.filter(to_standard_id__in=ids).values_list(
            "to_standard_id", flat=True
        )
    )
    forerunner = set(
        Forerunner.objects.filter(standard_id__in=ids, organization=organization).values_list(
            "standard_id", flat=True
        )
    )
    claims = []
    for code, key, error in parsed:
        standard = standards.get(key) if key else None
        note = ""
        if standard is None and key in undated and key in latest:
            standard = latest[key]
            note = f"申报的标准号未注明年号，按目录中最新版本 {standard.code} 核算。"
        if standard is None:
            claims.append(Claim(code=code, error=error))
            continue
        units = tuple(
            Unit(
                position=u.position,
                name=u.name,
                uscc=u.organization.uscc if u.organization_id else None,
                designated_lead=u.role == DraftingRole.LEAD,
            )
            for u in standard.drafting_units.all()
        )
        facts = StandardFacts(
            id=standard.pk,
            code=standard.code,
            code_key=standard.code_key,
            series_key=series_key_of(standard.code),
            title=standard.title,
            catalog_kind=standard.kind,
            issue_date=standard.issue_date,
            units=units,
            upgraded=standard.pk in upgraded,
            forerunner=standard.pk in forerunner,
        )
        claims.append(Claim(code=code, facts=facts, note=note))

    mine = SubsidyItem.objects.filter(application__organization=organization, amount__gt=0)
    if exclude_application is not None:
        mine = mine.exclude(application=exclude_application)
    funded_before = dict(
        mine.filter(application__state__in=FUNDED_STATES).values_list(
            "code_key", "application__policy__year"
        )
    )
    series_taken = dict(
        mine.filter(application__policy=policy, application__state__in=ACTIVE_STATES).values_list(
            "series_key", "code"
        )
    )
    granted = SubsidyApplication.objects.filter(
        policy=policy, organization=organization, state__in=FUNDED_STATES
    )
    if exclude_application is not None:
        granted = granted.exclude(pk=exclude_application.pk)
    already = sum((a.granted for a in granted.only("total", "allocated")), ZERO)
    return assess(
        claimant=Claimant(name=organization.name, uscc=organization.uscc),
        terms=terms_of(policy),
        claims=claims,
        funded_before=funded_before,
        series_taken=series_taken,
        already_granted=already,
    )


def terms_of(policy) -> Terms:
    return Terms(
        year=policy.year,
        rates=policy.rate_table(),
        lead_definition=policy.lead_definition,
        window_start=policy.window_start,
        window_end=policy.window_end,
        cap=policy.enterprise_cap,
    )
