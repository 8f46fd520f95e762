"""The standardization level score (标准化水平): a pure function of an organization's facts and a
score model, with a breakdown line per item that says where each point came from.

Money-like arithmetic in Decimal with two places: every line is rounded first and the total is
their sum, so the breakdown always adds up to the total shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

KIND_LABELS = {
    "national": "国家标准",
    "industry": "行业标准",
    "provincial": "省级地方标准",
    "municipal": "市级地方标准",
    "group": "团体标准",
    "enterprise": "企业标准",
}
ROLE_LABELS = {"lead": "主导", "participant": "参与"}
EXTRA_LABELS = {
    "pilots": "试点示范",
    "awards": "资助奖励",
    "forerunners": "企业标准领跑者",
    "specialists": "标准化专员",
    "committees": "技术委员会委员",
}
CATEGORY_LABELS = {"standards": "标准制定", "breadth": "覆盖广度", **EXTRA_LABELS}


def _d(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StandardFact:
    code: str
    title: str
    kind: str
    role: str  # "lead" or "participant"
    year: int | None
    ics_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Facts:
    """What the score reads about one organization, as of `year`."""

    year: int
    standards: tuple[StandardFact, ...] = ()
    pilots: tuple[str, ...] = ()  # titles
    awards: tuple[str, ...] = ()
    forerunners: tuple[str, ...] = ()
    specialists: int = 0
    committees: tuple[str, ...] = ()


@dataclass(frozen=True)
class Model:
    """The parameters of a score model (profiles.models.ScoreModel.params())."""

    weights: Mapping[str, Mapping[str, Decimal]]  # kind → role → points
    half_life_years: Decimal
    breadth_points: Decimal  # per distinct ICS field or kind beyond the first
    points: Mapping[str, Decimal]  # pilots, awards, forerunners, specialists, committees: per item
    caps: Mapping[str, Decimal]  # per category (standards, breadth, pilots…) and "total"


@dataclass(frozen=True)
class Line:
    category: str
    item: str
    points: Decimal
    reason: str

    def as_json(self) -> dict:
        return {
            "category": self.category,
            "item": self.item,
            "points": f"{self.points:.2f}",
            "reason": self.reason,
        }


@dataclass
class Breakdown:
    lines: list[Line] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.points for line in self.lines), ZERO)

    def by_category(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for line in self.lines:
            out[line.category] = out.get(line.category, ZERO) + line.points
        return out

    def as_json(self) -> list[dict]:
        return [line.as_json() for line in self.lines]


def recency(year: int | None, *, today_year: int, half_life: Decimal) -> Decimal:
    """The weight of a standard issued in `year`: 1 this year, halved every `half_life` years;
    a standard without a date counts as one half-life old."""
    if half_life <= 0:
        return Decimal(1)
    age = half_life if year is None else Decimal(max(0, today_year - year))
    return Decimal(0.5 ** float(age / half_life))


def _cap(lines: list[Line], category: str, cap: Decimal | None) -> list[Line]:
    """The category's lines, with one negative line taking off what passes its cap."""
    subtotal = sum((line.points for line in lines), ZERO)
    if cap is not None and subtotal > cap:
        label = CATEGORY_LABELS.get(category, category)
        lines = [*lines, Line(category, f"{label}超出上限", cap - subtotal, f"本项上限 {cap} 分")]
    return lines


def score(facts: Facts, model: Model) -> Breakdown:
    """Score `facts` under `model`: per standard, weight(kind, role) × recency; a breadth bonus
    for distinct ICS fields and kinds; points per pilot, award, forerunner result, specialist
    and committee seat; each category and the total capped."""
    caps = model.caps
    lines: list[Line] = []
    standard_lines = []
    for fact in sorted(facts.standards, key=lambda f: (f.code, f.role)):
        weight = Decimal(model.weights.get(fact.kind, {}).get(fact.role, 0))
        factor = recency(fact.year, today_year=facts.year, half_life=model.half_life_years)
        points = _d(weight * factor)
        when = f"{fact.year}年发布" if fact.year else "发布年份不详"
        reason = (
            f"{KIND_LABELS.get(fact.kind, fact.kind)}·{ROLE_LABELS.get(fact.role, fact.role)}"
            f" {weight} 分 × 时效系数 {factor:.2f}（{when}）"
        )
        standard_lines.append(Line("standards", f"{fact.code} {fact.title}", points, reason))
    lines += _cap(standard_lines, "standards", caps.get("standards"))

    ics_fields = sorted({f for fact in facts.standards for f in fact.ics_fields})
    kinds = sorted({fact.kind for fact in facts.standards})
    breadth_lines = []
    if len(ics_fields) > 1:
        points = _d(model.breadth_points * (len(ics_fields) - 1))
        breadth_lines.append(
            Line(
                "breadth",
                f"涉及 {len(ics_fields)} 个 ICS 领域",
                points,
                f"第一个领域之外每个 {model.breadth_points} 分（{'、'.join(ics_fields)}）",
            )
        )
    if len(kinds) > 1:
        points = _d(model.breadth_points * (len(kinds) - 1))
        names = "、".join(KIND_LABELS.get(k, k) for k in kinds)
        breadth_lines.append(
            Line(
                "breadth",
                f"涉及 {len(kinds)} 类标准",
                points,
                f"第一类之外每类 {model.breadth_points} 分（{names}）",
            )
        )
    lines += _cap(breadth_lines, "breadth", caps.get("breadth"))

    for category, items in (
        ("pilots", facts.pilots),
        ("awards", facts.awards),
        ("forerunners", facts.forerunners),
        ("committees", facts.committees),
        ("specialists", tuple(f"标准化专员 {n}" for n in range(1, facts.specialists + 1))),
    ):
        each = _d(model.points.get(category, 0))
        label = EXTRA_LABELS[category]
        extra = [Line(category, item, each, f"{label}每项 {each} 分") for item in items]
        lines += _cap(extra, category, caps.get(category))

    breakdown = Breakdown(lines=[line for line in lines if line.points != 0])
    total_cap = caps.get("total")
    subtotal = breakdown.total
    if total_cap is not None and subtotal > total_cap:
        breakdown.lines.append(
            Line("total", "总分超出上限", total_cap - subtotal, f"总分上限 {total_cap} 分")
        )
    return breakdown
