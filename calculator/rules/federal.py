"""Federal income tax caused by the offset.

Bracket mode: tax(other income + taxable offset - deductions) minus
tax(other income - deductions), each year's figures from data/federal/. The
deductions are worked out separately with and without the offset because the
senior deduction shrinks as income grows, which makes the offset cost more
than its bracket rate alone. The formula is used, not the IRS Tax Table.

Social Security benefits (IRC 86): the offset raises provisional income, which
can make more of the benefits taxable, so with benefits given "income" is the
year's AGI without them and both taxes add the taxable part of the benefits.

The result is a NamedTuple, not a frozen dataclass: a frozen dataclass pays
an object.__setattr__ per field, and this runs for every bracket-mode estimate.
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from calculator.data.federal_years import FederalYear
from calculator.data.rules import rules
from calculator.models.enums import FilingStatus

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


class BracketResult(NamedTuple):
    tax: Decimal  # what the offset adds
    tax_before: Decimal
    tax_after: Decimal
    taxable_before: Decimal
    taxable_after: Decimal
    additional: Decimal  # the 65-or-older additional standard deduction (same with and without)
    senior_before: Decimal  # 2025-2028 senior deduction after its phase-out, without the offset
    senior_after: Decimal  # ... and with it
    top_rate_pct: Decimal | None  # None when the offset adds no taxable income
    ss_before: Decimal = _ZERO  # Social Security benefits taxable without the offset
    ss_after: Decimal = _ZERO  # ... and with it
    # AGI (the modified AGI of the senior deduction, the investment income tax and Medicare's premiums): the other
    # income and the taxable benefits, without the offset and with it
    agi_before: Decimal = _ZERO
    agi_after: Decimal = _ZERO


# Kept: an estimate at 64 with only an age works the tax out twice (65 by December 31 or not), and the chat's
# probes repeat estimates with the same answers; the benefits' taxable part is the same each time.
@lru_cache(maxsize=1024)
def taxable_benefits(status: str, benefits: Decimal, other_income: Decimal) -> Decimal:
    """The part of a year's Social Security benefits that is taxable (IRC 86(a)-(c); Pub. 915, Worksheet 1).

    `other_income` is modified AGI without the benefits. Provisional income is
    that plus half the benefits; above the base amount half the excess is taxable,
    above the adjusted base 85% of it, never more than 85% of the benefits.
    """
    r = rules()
    base, adjusted = r.ss_bases[status]
    provisional = other_income + benefits * r.ss_provisional_share
    if provisional <= base:
        return _ZERO
    first, second = r.ss_first_rate, r.ss_second_rate
    first_tier = min(benefits, provisional - base) * first  # 86(a)(1)
    if provisional <= adjusted:
        return first_tier.quantize(CENT, ROUND_HALF_UP)
    # 86(a)(2): 85% of the excess over the adjusted base, plus the first tier up to half the gap between the bases.
    taxed = min(benefits * second, (provisional - adjusted) * second + min(first_tier, (adjusted - base) * first))
    return taxed.quantize(CENT, ROUND_HALF_UP)


def offset_tax(
    year: FederalYear,
    status: FilingStatus,
    other_income: Decimal,
    taxable_offset: Decimal,
    self_65: bool,
    spouse_65: bool,
    benefits: Decimal | None = None,
) -> BracketResult:
    fig = year.by_status[status]  # a StrEnum hashes as its value
    table = fig.table
    floors = table.floors
    # A spouse counts only on a joint return; on a separate return the
    # spouse's own deductions are theirs (IRC 63(f)(1)).
    seniors = int(self_65) + int(spouse_65 and fig.joint)
    with_offset = other_income + taxable_offset
    if benefits:
        ss_before = taxable_benefits(status, benefits, other_income)
        ss_after = taxable_benefits(status, benefits, with_offset)
        other_income = other_income + ss_before
        with_offset = with_offset + ss_after
    else:
        ss_before = ss_after = _ZERO
    threshold = fig.senior_threshold
    if seniors and threshold is not None:
        # The phase-out reduces each person's amount (IRC 151(d)(5)(C)(ii)).
        amount, phaseout = year.senior_amount, year.senior_phaseout_rate
        senior_before = max(_ZERO, amount - phaseout * max(_ZERO, other_income - threshold)) * seniors
        senior_after = max(_ZERO, amount - phaseout * max(_ZERO, with_offset - threshold)) * seniors
        fixed = fig.standard + fig.additional[seniors]
        deduct_before = fixed + senior_before
        deduct_after = fixed + senior_after
    else:
        senior_before = senior_after = _ZERO
        deduct_before = deduct_after = fig.deductions[seniors]
    ti_before = max(_ZERO, other_income - deduct_before)
    ti_after = max(_ZERO, with_offset - deduct_after)
    if ti_before <= 0:
        before = _ZERO
    else:
        i = bisect_left(floors, ti_before) - 1
        before = (ti_before * table.rates[i] + table.intercepts[i]).quantize(CENT, ROUND_HALF_UP)
    if ti_after <= 0:
        after = _ZERO
        top = None
    else:
        i = bisect_left(floors, ti_after) - 1
        after = (ti_after * table.rates[i] + table.intercepts[i]).quantize(CENT, ROUND_HALF_UP)
        top = table.rates_pct[i] if ti_after > ti_before else None
    return _tuple_new(BracketResult, (
        after - before, before, after, ti_before, ti_after, fig.additional[seniors], senior_before, senior_after, top,
        ss_before, ss_after, other_income, with_offset,
    ))


_tuple_new = tuple.__new__  # what a NamedTuple's generated __new__ calls, minus that Python frame
