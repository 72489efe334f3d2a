"""Federal income tax caused by the offset.

Bracket mode: tax(other income + taxable offset - deductions) minus
tax(other income - deductions), each year's figures from data/federal/. The
deductions are worked out separately with and without the offset because the
senior deduction shrinks as income grows, which makes the offset cost more
than its bracket rate alone. The formula is used, not the IRS Tax Table.

Results are NamedTuples, not frozen dataclasses: they are built several times
per estimate and a frozen dataclass pays an object.__setattr__ per field.
"""

from __future__ import annotations

from bisect import bisect_left
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from calculator.models import FilingStatus
from calculator.parameters import BracketTable, FederalYear, StatusFigures

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


def bracket_tax(table: BracketTable, taxable_income: Decimal) -> Decimal:
    """Tax on `taxable_income` by the rate schedule, to the cent."""
    if taxable_income <= 0:
        return _ZERO
    i = bisect_left(table.floors, taxable_income) - 1
    tax = table.base_tax[i] + (taxable_income - table.floors[i]) * table.rates[i]
    return tax.quantize(CENT, ROUND_HALF_UP)


def top_rate_pct(table: BracketTable, taxable_income: Decimal) -> Decimal:
    """Rate on the last dollar of `taxable_income` (which must be above 0)."""
    return table.rates_pct[bisect_left(table.floors, taxable_income) - 1]


class Deductions(NamedTuple):
    standard: Decimal
    additional: Decimal  # 65 or older
    senior: Decimal  # 2025-2028 senior deduction after its phase-out

    @property
    def total(self) -> Decimal:
        return self.standard + self.additional + self.senior


def _deductions(year: FederalYear, fig: StatusFigures, magi: Decimal, seniors: int) -> Deductions:
    senior = _ZERO
    threshold = fig.senior_threshold
    if seniors and threshold is not None:
        # The reduction applies to each person's amount (IRC 151(d)(5)(C)(ii)).
        each = year.senior_amount - year.senior_phaseout_rate * max(_ZERO, magi - threshold)
        senior = max(_ZERO, each) * seniors
    return Deductions(fig.standard, fig.additional[seniors], senior)


def _seniors(fig: StatusFigures, self_65: bool, spouse_65: bool) -> int:
    # A spouse counts only on a joint return; on a separate return the
    # spouse's own deductions are theirs (IRC 63(f)(1)).
    return int(self_65) + int(spouse_65 and fig.joint)


def deductions(
    year: FederalYear, status: FilingStatus, magi: Decimal, self_65: bool, spouse_65: bool
) -> Deductions:
    fig = year.by_status[status]
    return _deductions(year, fig, magi, _seniors(fig, self_65, spouse_65))


class BracketResult(NamedTuple):
    tax: Decimal  # what the offset adds
    tax_before: Decimal
    tax_after: Decimal
    taxable_before: Decimal
    taxable_after: Decimal
    deductions_before: Deductions
    deductions_after: Deductions
    top_rate_pct: Decimal | None  # None when the offset adds no taxable income


def offset_tax(
    year: FederalYear,
    status: FilingStatus,
    other_income: Decimal,
    taxable_offset: Decimal,
    self_65: bool,
    spouse_65: bool,
) -> BracketResult:
    # The same arithmetic as _deductions/bracket_tax, written out: this runs
    # once or twice per bracket-mode estimate, and the calls and intermediate
    # NamedTuples were a third of its time. Decimal addition here is exact, so
    # adding the fixed deductions first gives the same value and exponent.
    fig = year.by_status[status]  # a StrEnum hashes as its value
    table = fig.table
    floors = table.floors
    seniors = int(self_65) + int(spouse_65 and fig.joint)
    standard = fig.standard
    additional = fig.additional[seniors]
    with_offset = other_income + taxable_offset
    threshold = fig.senior_threshold
    if seniors and threshold is not None:
        amount, phaseout = year.senior_amount, year.senior_phaseout_rate
        senior_before = max(_ZERO, amount - phaseout * max(_ZERO, other_income - threshold)) * seniors
        senior_after = max(_ZERO, amount - phaseout * max(_ZERO, with_offset - threshold)) * seniors
    else:
        senior_before = senior_after = _ZERO
    ti_before = max(_ZERO, other_income - (standard + additional + senior_before))
    ti_after = max(_ZERO, with_offset - (standard + additional + senior_after))
    if ti_before <= 0:
        before = _ZERO
    else:
        i = bisect_left(floors, ti_before) - 1
        before = (table.base_tax[i] + (ti_before - floors[i]) * table.rates[i]).quantize(CENT, ROUND_HALF_UP)
    if ti_after <= 0:
        after = _ZERO
        top = None
    else:
        i = bisect_left(floors, ti_after) - 1
        after = (table.base_tax[i] + (ti_after - floors[i]) * table.rates[i]).quantize(CENT, ROUND_HALF_UP)
        top = table.rates_pct[i] if ti_after > ti_before else None
    return _tuple_new(BracketResult, (
        after - before, before, after, ti_before, ti_after,
        _tuple_new(Deductions, (standard, additional, senior_before)),
        _tuple_new(Deductions, (standard, additional, senior_after)),
        top,
    ))


_tuple_new = tuple.__new__  # what a NamedTuple's generated __new__ calls, minus that Python frame
