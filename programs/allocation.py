"""Fitting approved claims into the budget (分配方案), in integer fen so sums are exact.

Pro rata: when the claims exceed the budget each is scaled by budget / total and floored to the
fen; the fen left over go one each to the largest remainders (ties: the order given), so the
allocation sums to the budget exactly. Ranked: by score, highest first (ties: the order given),
each funded in full while the budget lasts, the first that does not fit gets what is left.
When the budget suffices both give every claim in full.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from programs.choices import AllocationMethod

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Claim:
    key: Hashable
    amount: Decimal
    score: Decimal | None = None


def to_fen(amount: Decimal) -> int:
    return int((amount / FEN).to_integral_value(rounding=ROUND_DOWN))


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) * FEN).quantize(FEN)


def allocate(claims: Sequence[Claim], budget: Decimal, method: str) -> dict[Hashable, Decimal]:
    fens = [max(to_fen(c.amount), 0) for c in claims]
    total, room = sum(fens), max(to_fen(budget), 0)
    if total <= room:
        shares = fens
    elif method == AllocationMethod.RANKED:
        shares = _ranked(claims, fens, room)
    else:
        shares = split_fen(fens, room)
    return {c.key: from_fen(s) for c, s in zip(claims, shares, strict=True)}


def split_fen(weights: Sequence[int], amount: int) -> list[int]:
    """`amount` fen split in proportion to `weights` (largest remainders, ties by order); sums
    to `amount` exactly when any weight is positive, and never gives one more than its weight
    when `amount` is at most the sum of weights."""
    total = sum(weights)
    if total <= 0:
        return [0 for _ in weights]
    floors, remainders = [], []
    for index, weight in enumerate(weights):
        share, remainder = divmod(weight * amount, total)
        floors.append(share)
        remainders.append((-remainder, index))
    for _, index in sorted(remainders)[: amount - sum(floors)]:
        floors[index] += 1
    return floors


def _ranked(claims: Sequence[Claim], fens: list[int], room: int) -> list[int]:
    order = sorted(
        range(len(claims)),
        key=lambda i: (-(claims[i].score if claims[i].score is not None else Decimal("-1e9")), i),
    )
    shares = [0] * len(claims)
    for index in order:
        shares[index] = min(fens[index], room)
        room -= shares[index]
    return shares
