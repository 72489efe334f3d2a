"""Whether a state taxes the offset and at what rate, and California's additional tax on early distributions.

Exclusions of retirement income by age or amount are in `state_exclusions`,
a state's own brackets in `state_brackets`; `state_taxes` puts them together.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from calculator.data.state_bracket_years import state_bracket_year
from calculator.data.states import LocalTax, state_rules
from calculator.models.enums import PenaltyException

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_HUNDRED = Decimal(100)


def has_income_tax(state_code: str) -> bool:
    """Whether the state taxes a 401(k) distribution at all (so a rate is worth asking for)."""
    s = state_rules()
    code = state_code.strip().upper()
    return code in s.codes and code not in s.untaxed


def statutory_rate(state_code: str, tax_year: int) -> Decimal | None:
    """The single rate a state's law sets on all income for the year (North Carolina: 3.99% in 2026), used
    when no rate is given; None for a state with brackets, or a year not in the data."""
    return state_rules().flat_rates.get((state_code.strip().upper(), tax_year))


def has_brackets(state_code: str, tax_year: int) -> bool:
    """Whether the state's tax can be worked out by its own brackets for the year (California), from the
    filing status and income the federal brackets use, so no rate need be asked."""
    return state_bracket_year(state_code.strip().upper(), tax_year) is not None


def local_tax(state_code: str) -> LocalTax | None:
    """The local income taxes of the state's counties, cities or school districts that reach a 401(k)
    distribution (Maryland, Indiana, New York City and Yonkers, some Ohio school districts), or None.
    The chat asks for the state's rate with the local one in it."""
    return state_rules().local_tax.get(state_code.strip().upper())


class StateResult(NamedTuple):  # a NamedTuple: cheaper to build than a frozen dataclass
    income_tax: Decimal
    additional_tax: Decimal


NO_STATE = StateResult(_ZERO, _ZERO)  # returned whenever both are zero, so callers can test `is NO_STATE`


def state_taxes(
    state: str | None, rate_pct: Decimal | None, taxable: Decimal, exception: PenaltyException | None,
    excluded: bool | None = False, excluded_amount: Decimal | None = None, bracket_tax: Decimal | None = None,
) -> StateResult:
    """`excluded`: what `excluded_by_age` said (None, not known, taxes it); `excluded_amount`: what
    `exclusion_limit` said; `bracket_tax`: the income tax worked out by the state's brackets
    (`calculator.rules.state_brackets`), used instead of a rate."""
    if state is None:
        return NO_STATE
    s = state_rules()
    income_tax = _ZERO
    taxes_it = not excluded and state not in s.untaxed
    if bracket_tax is not None:
        if taxes_it:
            income_tax = bracket_tax
    elif rate_pct is not None and taxes_it:
        if excluded_amount is not None:  # assumes no other retirement income this year used it up
            taxable_here = max(_ZERO, taxable - excluded_amount)
            income_tax = (taxable_here * rate_pct / _HUNDRED).quantize(CENT, ROUND_HALF_UP) if taxable_here else _ZERO
        else:
            income_tax = (taxable * rate_pct / _HUNDRED).quantize(CENT, ROUND_HALF_UP)
    additional = _ZERO
    if exception is None and taxable > 0:
        rate = s.additional_rate.get(state)
        if rate is not None:
            additional = (taxable * rate).quantize(CENT, ROUND_HALF_UP)
    if income_tax is _ZERO and additional is _ZERO:
        return NO_STATE
    return StateResult(income_tax, additional)
