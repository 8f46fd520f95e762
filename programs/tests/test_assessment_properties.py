"""Properties of the eligibility computation and the allocation, over generated inputs."""

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from programs.allocation import Claim as AllocClaim
from programs.allocation import allocate, split_fen
from programs.assessment import (
    Claim,
    Claimant,
    StandardFacts,
    Terms,
    Unit,
    assess,
)
from programs.choices import AllocationMethod, AwardKind, AwardRole, LeadDefinition

ME = Claimant(name="济宁甲机械有限公司", uscc="91370811MA3C12340U")
amounts = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False)


@st.composite
def facts(draw, index):
    series = draw(st.integers(1, 6))
    part = draw(st.integers(1, 3))
    code = f"GB/T {1000 + series}.{part}-2024"
    units = []
    count = draw(st.integers(0, 4))
    mine = draw(st.integers(0, count)) if count else 0
    for position in range(1, count + 1):
        if position == mine:
            units.append(Unit(position, ME.name, draw(st.sampled_from([None, ME.uscc]))))
        else:
            units.append(Unit(position, f"其他单位{position}", None))
    return StandardFacts(
        id=index,
        code=code,
        code_key=code.replace(" ", ""),
        series_key=f"GB/T{1000 + series}",
        title="示例",
        catalog_kind=draw(st.sampled_from(["national", "industry", "group", "enterprise"])),
        issue_date=draw(st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31))),
        units=tuple(units),
        upgraded=draw(st.booleans()),
        forerunner=draw(st.booleans()),
    )


@st.composite
def cases(draw):
    rates = {(kind, role): draw(amounts) for kind in AwardKind.values for role in AwardRole.values}
    terms = Terms(
        year=2024,
        rates=rates,
        lead_definition=draw(st.sampled_from(LeadDefinition.values)),
        window_start=dt.date(2024, 1, 1),
        window_end=dt.date(2024, 12, 31),
        cap=draw(st.one_of(st.none(), amounts)),
    )
    n = draw(st.integers(1, 8))
    claims = [Claim(code=f"c{i}", facts=draw(st.one_of(st.none(), facts(i)))) for i in range(n)]
    funded = draw(st.dictionaries(st.sampled_from([f"GB/T100{i}.1-2024" for i in range(7)]),
                                  st.just(2023), max_size=3))  # fmt: skip
    already = draw(amounts)
    return terms, claims, funded, already


@settings(max_examples=300, deadline=None)
@given(cases())
def test_it_never_pays_negative_amounts_and_the_total_is_the_sum(case):
    terms, claims, funded, already = case
    result = assess(claimant=ME, terms=terms, claims=claims, funded_before=funded,
                    already_granted=already)  # fmt: skip
    assert all(item.amount >= 0 for item in result.items)
    assert result.total == sum((i.amount for i in result.items), Decimal(0))
    assert all(item.reasons for item in result.items)
    assert all(item.amount == 0 for item in result.items if not item.eligible)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_it_never_exceeds_the_annual_cap(case):
    terms, claims, funded, already = case
    result = assess(claimant=ME, terms=terms, claims=claims, funded_before=funded,
                    already_granted=already)  # fmt: skip
    if terms.cap is not None:
        assert result.total <= max(terms.cap - already, Decimal(0))


@settings(max_examples=300, deadline=None)
@given(cases())
def test_it_never_funds_a_standard_twice_nor_a_series_twice_in_a_round(case):
    terms, claims, funded, already = case
    result = assess(claimant=ME, terms=terms, claims=claims, funded_before=funded,
                    already_granted=already)  # fmt: skip
    paid = [i for i in result.items if i.amount > 0]
    assert not any(i.code_key in funded for i in paid)
    assert len({i.code_key for i in paid}) == len(paid)
    assert len({i.series_key for i in paid}) == len(paid)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(amounts, st.one_of(st.none(), st.decimals(0, 100, places=2))), max_size=12),
    amounts,
    st.sampled_from(AllocationMethod.values),
)
def test_it_allocates_within_the_budget_and_in_full_when_it_suffices(claims, budget, method):
    items = [AllocClaim(i, amount, score) for i, (amount, score) in enumerate(claims)]
    shares = allocate(items, budget, method)
    total = sum(shares.values(), Decimal(0))
    claimed = sum((c.amount for c in items), Decimal(0))
    assert total <= budget
    assert all(Decimal(0) <= shares[c.key] <= c.amount for c in items)
    if claimed <= budget:
        assert all(shares[c.key] == c.amount for c in items)
    else:
        assert total == budget


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10**9), min_size=1, max_size=10), st.integers(0, 10**9))
def test_it_splits_fen_exactly(weights, amount):
    shares = split_fen(weights, amount)
    if sum(weights):
        assert sum(shares) == amount
    assert all(s >= 0 for s in shares)
