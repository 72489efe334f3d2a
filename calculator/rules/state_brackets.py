"""A state's income tax on the offset worked out by its own brackets (California), when the federal tax is.

The same difference as the federal one: the state's tax on the year's income
with the offset, minus without it. For California (Form 540), each side is

    taxable income = income - standard deduction
    tax            = the rate schedule's tax on it (R&TC 17041)
                     - exemption credits, not below zero (17054; they shrink
                       above a federal AGI, 17054.1, so the offset can cost some)
                     + 1% of taxable income above $1,000,000 (17043)

Social Security is not California income, but the credits' phase-out reads
federal AGI, which counts its taxable part: the caller passes both AGIs.
Credits for dependents and California's other credits are not asked for, so
they are left out (the notes say so).
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import NamedTuple

from calculator.data.brackets import BracketTable
from calculator.data.state_bracket_years import StateBracketYear

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


class StateBracketResult(NamedTuple):
    tax: Decimal  # what the offset adds: regular tax after credits, and the surtax
    taxable_before: Decimal
    taxable_after: Decimal
    tax_before: Decimal  # by the rate schedule, before credits
    tax_after: Decimal
    credits_before: Decimal  # exemption credits after their phase-out
    credits_after: Decimal
    surtax_before: Decimal
    surtax_after: Decimal
    deduction: Decimal
    top_rate_pct: Decimal | None  # None when the offset adds no taxable income; the surtax included
    status: str  # the filing status the figures are for
    income_before: Decimal  # the state's AGI without the offset (California's: no Social Security)
    income_after: Decimal


def _schedule_tax(table: BracketTable, taxable: Decimal) -> Decimal:
    if taxable <= 0:
        return _ZERO
    i = bisect_left(table.floors, taxable) - 1
    return (taxable * table.rates[i] + table.intercepts[i]).quantize(CENT, ROUND_HALF_UP)


def _credits(year: StateBracketYear, status: str, count: int, federal_agi: Decimal) -> Decimal:
    """Exemption credits after the phase-out: each shrinks by $6 for each $2,500 ($1,250 separate), or part
    of it, of federal AGI above the start (Form 540 Exemption Credits Worksheet)."""
    over = federal_agi - year.phaseout_start[status]
    each = year.credit
    if over > 0:
        steps = (over / year.phaseout_step[status]).to_integral_value(ROUND_CEILING)
        each = max(_ZERO, each - steps * year.phaseout_per_step)
    return each * count


def _surtax(year: StateBracketYear, taxable: Decimal) -> Decimal:
    threshold = year.surtax_threshold
    if threshold is None or taxable <= threshold:
        return _ZERO
    return ((taxable - threshold) * year.surtax_rate).quantize(CENT, ROUND_HALF_UP)


def offset_tax(
    year: StateBracketYear,
    status: str,
    other_income: Decimal,
    taxable_offset: Decimal,
    self_65: bool,
    spouse_65: bool,
    federal_agi_before: Decimal,
    federal_agi_after: Decimal,
) -> StateBracketResult:
    """`other_income`: the year's income without the offset, as the state counts it (no Social Security);
    `spouse_65` counts on a joint return only (R&TC 17054(c): each spouse on it)."""
    table = year.tables[status]
    deduction = year.standard[status]
    count = year.personal_credits[status] + int(self_65) + int(spouse_65 and status == "married-joint")
    ti_before = max(_ZERO, other_income - deduction)
    ti_after = max(_ZERO, other_income + taxable_offset - deduction)
    tax_before, tax_after = _schedule_tax(table, ti_before), _schedule_tax(table, ti_after)
    credits_before = _credits(year, status, count, federal_agi_before)
    credits_after = _credits(year, status, count, federal_agi_after)
    surtax_before, surtax_after = _surtax(year, ti_before), _surtax(year, ti_after)
    owed_before = max(_ZERO, tax_before - credits_before) + surtax_before
    owed_after = max(_ZERO, tax_after - credits_after) + surtax_after
    top = None
    if ti_after > ti_before and ti_after > 0:
        top = table.rates_pct[bisect_left(table.floors, ti_after) - 1]
        if surtax_after > 0:
            top += year.surtax_rate_pct
    return StateBracketResult(
        owed_after - owed_before, ti_before, ti_after, tax_before, tax_after, credits_before, credits_after,
        surtax_before, surtax_after, deduction, top, status, other_income, other_income + taxable_offset,
    )
