"""A rate schedule as the rules use it: the federal brackets and a state's own (data/federal, data/state_brackets)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calculator.data.files import pct


@dataclass(frozen=True, slots=True)
class BracketTable:
    """One filing status's brackets, as floors, rates and the intercept of each bracket's tax line."""

    floors: tuple[Decimal, ...]  # lower end of each bracket, ascending, first is 0
    rates: tuple[Decimal, ...]  # as fractions (0.10)
    rates_pct: tuple[Decimal, ...]  # as printed (10)
    # (tax on income up to the floor) - floor * rate: the tax on x in a bracket is
    # x * rate + intercept, exactly base + (x - floor) * rate (all exact in Decimal)
    # with one operation fewer.
    intercepts: tuple[Decimal, ...]


def bracket_table(rows: list[list[str | None]]) -> BracketTable:
    """A table from the files' rows of [top of the bracket or null for the last, rate in percent]."""
    floors: list[Decimal] = [Decimal(0)]
    rates: list[Decimal] = []
    rates_pct: list[Decimal] = []
    base: list[Decimal] = [Decimal(0)]
    for top, rate in rows:
        assert rate is not None
        rates_pct.append(Decimal(rate))
        rates.append(pct(rate))
        if top is not None:
            top_d = Decimal(top)
            base.append(base[-1] + (top_d - floors[-1]) * rates[-1])
            floors.append(top_d)
    intercepts = tuple(b - f * r for b, f, r in zip(base, floors, rates, strict=True))
    return BracketTable(tuple(floors), tuple(rates), tuple(rates_pct), intercepts)
