"""The score is a pure function: properties over generated facts (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import models as m
from profiles.scoring import Facts, Model, StandardFact, recency, score

MODEL = Model(
    weights={
        k: {r: Decimal(v) for r, v in roles.items()} for k, roles in m.DEFAULT_WEIGHTS.items()
    },
    half_life_years=Decimal("5"),
    breadth_points=Decimal("2"),
    points={k: Decimal(v) for k, v in m.DEFAULT_POINTS.items()},
    caps={k: Decimal(v) for k, v in m.DEFAULT_CAPS.items()},
)
UNCAPPED = Model(
    weights=MODEL.weights,
    half_life_years=MODEL.half_life_years,
    breadth_points=MODEL.breadth_points,
    points=MODEL.points,
    caps={},
)

standards = st.builds(
    StandardFact,
    code=st.from_regex(r"GB/T [1-9][0-9]{3}-20[0-2][0-9]", fullmatch=True),
    title=st.just("示例标准"),
    kind=st.sampled_from(m.KINDS),
    role=st.sampled_from(m.ROLES),
    year=st.one_of(st.none(), st.integers(1990, 2026)),
    ics_fields=st.lists(st.sampled_from(["01", "03", "13", "67", "97"]), max_size=3).map(tuple),
)
facts = st.builds(
    Facts,
    year=st.just(2026),
    standards=st.lists(standards, max_size=30).map(tuple),
    pilots=st.lists(st.just("试点"), max_size=5).map(tuple),
    awards=st.lists(st.just("奖励"), max_size=5).map(tuple),
    forerunners=st.lists(st.just("领跑者"), max_size=5).map(tuple),
    specialists=st.integers(0, 8),
    committees=st.lists(st.just("委员"), max_size=8).map(tuple),
)
models = st.sampled_from([MODEL, UNCAPPED])


@settings(max_examples=150, deadline=None)
@given(facts, models)
def test_the_breakdown_sums_to_the_total(f, model):
    breakdown = score(f, model)
    assert sum((Decimal(line["points"]) for line in breakdown.as_json()), Decimal(0)) == (
        breakdown.total
    )


@settings(max_examples=150, deadline=None)
@given(facts, standards, models)
def test_it_never_decreases_when_a_standard_is_added(f, extra, model):
    more = Facts(**{**f.__dict__, "standards": (*f.standards, extra)})
    assert score(more, model).total >= score(f, model).total


@settings(max_examples=150, deadline=None)
@given(facts)
def test_it_stays_within_the_caps(f):
    breakdown = score(f, MODEL)
    assert Decimal(0) <= breakdown.total <= MODEL.caps["total"]
    for category, subtotal in breakdown.by_category().items():
        if category in MODEL.caps and category != "total":
            assert subtotal <= MODEL.caps[category]


@settings(max_examples=100, deadline=None)
@given(standards, st.integers(1, 30))
def test_an_older_standard_is_worth_no_more(fact, years):
    if fact.year is None:
        fact = StandardFact(**{**fact.__dict__, "year": 2020})
    older = StandardFact(**{**fact.__dict__, "year": fact.year - years})
    new = score(Facts(year=2026, standards=(fact,)), UNCAPPED).total
    old = score(Facts(year=2026, standards=(older,)), UNCAPPED).total
    assert old <= new


def test_recency_halves_every_half_life():
    assert recency(2026, today_year=2026, half_life=Decimal(5)) == 1
    assert recency(2021, today_year=2026, half_life=Decimal(5)) == Decimal("0.5")


def test_each_line_says_why():
    fact = StandardFact("GB/T 1-2026", "标准化工作导则", "national", "lead", 2026, ("01",))
    (line,) = score(Facts(year=2026, standards=(fact,)), MODEL).lines
    assert line.points == Decimal("30.00")
    assert "国家标准·主导 30 分" in line.reason


def test_a_category_past_its_cap_shows_what_was_taken_off():
    f = Facts(year=2026, pilots=tuple(f"试点{i}" for i in range(5)))
    breakdown = score(f, MODEL)
    assert breakdown.total == Decimal("30.00")
    assert breakdown.lines[-1].item == "试点示范超出上限"
    assert breakdown.lines[-1].points == Decimal("-20.00")
