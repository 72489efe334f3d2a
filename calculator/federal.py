"""Federal income tax caused by the offset.

Bracket mode: tax(other income + taxable offset - deductions) minus
tax(other income - deductions), each year's figures from data/federal/. The
deductions are worked out separately with and without the offset because the
senior deduction shrinks as income grows, which makes the offset cost more
than its bracket rate alone. The formula is used, not the IRS Tax Table.

The result is a NamedTuple, not a frozen dataclass: a frozen dataclass pays
an object.__setattr__ per field, and this runs for every bracket-mode estimate.
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from calculator.models import FilingStatus
from calculator.parameters import FederalYear

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


def offset_tax(
    year: FederalYear,
    status: FilingStatus,
    other_income: Decimal,
    taxable_offset: Decimal,
    self_65: bool,
    spouse_65: bool,
) -> BracketResult:
    fig = year.by_status[status]  # a StrEnum hashes as its value
    table = fig.table
    floors = table.floors
    # A spouse counts only on a joint return; on a separate return the
    # spouse's own deductions are theirs (IRC 63(f)(1)).
    seniors = int(self_65) + int(spouse_65 and fig.joint)
    with_offset = other_income + taxable_offset
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
    ))


_tuple_new = tuple.__new__  # what a NamedTuple's generated __new__ calls, minus that Python frame
