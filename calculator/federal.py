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
    fig = year.by_status[status]  # a StrEnum hashes as its value
    table = fig.table
    seniors = _seniors(fig, self_65, spouse_65)
    with_offset = other_income + taxable_offset
    d_before = _deductions(year, fig, other_income, seniors)
    d_after = _deductions(year, fig, with_offset, seniors)
    ti_before = max(_ZERO, other_income - d_before.total)
    ti_after = max(_ZERO, with_offset - d_after.total)
    before = bracket_tax(table, ti_before)
    after = bracket_tax(table, ti_after)
    top = top_rate_pct(table, ti_after) if ti_after > ti_before else None
    return BracketResult(after - before, before, after, ti_before, ti_after, d_before, d_after, top)
