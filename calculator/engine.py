"""estimate(): one OffsetInput in, one Breakdown out.

The figures are worked out here; the notes explaining them are written by
`calculator.explain` from the facts kept on the way, when they are first read.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from calculator import federal
from calculator.ages import age_at, age_by_year_end, birth_window
from calculator.deadlines import extended_due_date, sixty_day_deadline
from calculator.distribution import classify, form_1099r_code, severance_date
from calculator.errors import CalculatorError
from calculator.explain import Facts, explain
from calculator.members import DEEMED as _DEEMED
from calculator.members import PLO as _PLO
from calculator.members import QPLO as _QPLO
from calculator.models import Breakdown, OffsetInput, new_breakdown
from calculator.parameters import federal_year, rules, supported_bracket_years
from calculator.penalty import decide_exception
from calculator.states import state_taxes

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
# Growth over decades can need more than the default 28 digits before rounding to cents.
_WIDE = Context(prec=60, rounding=ROUND_HALF_UP)
_tuple_new = tuple.__new__  # a NamedTuple's __new__ without its Python frame


@lru_cache(maxsize=1024)
def _growth(annual_return_pct: Decimal, years: int) -> Decimal:
    """(1 + return) ** years at 60 digits. Few (rate, years) pairs occur in practice,
    and the 60-digit power is the dearest Decimal operation in an estimate."""
    return _WIDE.power(_ONE + annual_return_pct / _HUNDRED, years)


def estimate(inp: OffsetInput, *, today: dt.date | None = None) -> Breakdown:
    """What the offset costs. `today` decides whether a rollover is still possible
    (default: the offset date), so results never depend on the clock."""
    r = rules()
    if today is None:
        today = inp.offset_date
    tax_year = inp.offset_date.year
    year_tables = None
    if inp.filing_status is not None:
        year_tables = federal_year(tax_year)
        if year_tables is None:
            years = " and ".join(str(y) for y in sorted(supported_bracket_years()))
            raise CalculatorError(
                "filing_status",
                f"tax brackets are available for {years} only, not {tax_year} (the offset's year); "
                "give a federal rate instead",
            )

    offset = inp.balance.quantize(CENT, ROUND_HALF_UP)
    rolled = inp.rollover.quantize(CENT, ROUND_HALF_UP)
    window = birth_window(inp.age, inp.birth_date, inp.offset_date)
    age = inp.age if inp.age is not None else age_at(window[0], inp.offset_date)

    # --- what kind of distribution, and the rollover deadline -----------------
    kind, anniversary = classify(inp)
    severance = severance_date(inp)
    deadline: dt.date | None
    if kind is _QPLO:
        deadline = extended_due_date(tax_year)[1]
    elif kind is _PLO:
        deadline = sixty_day_deadline(inp.offset_date)
    else:
        deadline = None
    rollover_eligible = deadline is not None and deadline >= today

    # --- the taxable amount ---------------------------------------------------
    not_rolled = offset - rolled
    taxable_part = None
    if inp.designated_roth and inp.roth_qualified:
        taxable = _ZERO
    elif inp.account_basis is not None and inp.account_balance is not None:
        earnings_share = _ONE - inp.account_basis / inp.account_balance
        taxable_part = (offset * earnings_share).quantize(CENT, ROUND_HALF_UP)
        # A rollover counts first against the taxable part (IRC 402(c)(2)).
        taxable = max(_ZERO, taxable_part - rolled)
    else:
        taxable = not_rolled.quantize(CENT, ROUND_HALF_UP)

    # --- the 10% additional tax -------------------------------------------------
    decision = decide_exception(inp, window, severance)
    exception = decision.exception
    birthday_would_change = decision.birthday_would_change
    if exception is None and taxable > 0:
        penalty = (taxable * r.early_rate).quantize(CENT, ROUND_HALF_UP)
    else:
        penalty = _ZERO

    # --- federal income tax -----------------------------------------------------
    result = if_65 = self_65 = None
    spouse_65 = False
    if year_tables is not None:
        senior_age = year_tables.senior_age
        # 65 by the end of the tax year, for the oldest and youngest birth date the input allows.
        oldest_65 = age_by_year_end(window[0], senior_age, tax_year)
        self_65 = oldest_65 if window[0] == window[1] or oldest_65 == age_by_year_end(window[1], senior_age, tax_year) else None
        spouse_65 = inp.spouse_age is not None and inp.spouse_age >= senior_age
        result = federal.offset_tax(year_tables, inp.filing_status, inp.income, taxable, bool(self_65), spouse_65)  # type: ignore[arg-type]
        if self_65 is None:
            if_65 = federal.offset_tax(year_tables, inp.filing_status, inp.income, taxable, True, spouse_65)  # type: ignore[arg-type]
            if if_65.tax != result.tax:
                birthday_would_change = True
        federal_tax = result.tax
        marginal = result.top_rate_pct
    else:
        marginal = inp.federal_rate
        federal_tax = (taxable * marginal / _HUNDRED).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]

    # --- state ---------------------------------------------------------------------
    state = state_taxes(inp.state, inp.state_rate, taxable, exception)

    total = federal_tax + penalty + state[0] + state[1]
    effective = (total * _HUNDRED / inp.balance).quantize(CENT, ROUND_HALF_UP)

    # --- what it costs the retirement account --------------------------------------
    years = max(0, inp.retirement_age - age)
    lost = _WIDE.multiply(not_rolled, _growth(inp.annual_return, years)).quantize(CENT, ROUND_HALF_UP, _WIDE)

    facts = _tuple_new(Facts, (anniversary, severance, age, taxable_part, decision, result, if_65, self_65, spouse_65))
    return new_breakdown({
        "distribution_type": kind,
        "form_1099r_code": form_1099r_code(kind, exception, inp.designated_roth),
        "rollover_eligible": rollover_eligible,
        "rollover_deadline": deadline,
        "offset_amount": offset,
        "rolled_over": rolled,
        "taxable_amount": taxable,
        "federal_income_tax": federal_tax,
        "federal_marginal_rate": marginal,
        "early_withdrawal_penalty": penalty,
        "penalty_exception": exception.value if exception is not None else None,
        "state_income_tax": state[0],
        "state_additional_tax": state[1],
        "total_tax": total,
        "effective_rate": effective,
        "withholding": _ZERO,
        "set_aside": total,
        "retirement_value_lost": lost,
        "years_to_retirement": years,
        "tax_year": tax_year,
        "birthday_would_change": birthday_would_change,
        "loan_still_owed": kind is _DEEMED,
    }, (explain, inp, facts))
