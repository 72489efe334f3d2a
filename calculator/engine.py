"""estimate(): one OffsetInput in, one Breakdown out.

The figures are worked out here, part by part: the kind of distribution and
its rollover deadline, the taxable amount, the 10%, the federal and the state
taxes, what the account loses. The notes explaining them are written by
`calculator.explain` from the facts kept on the way, when they are first read.

This runs tens of thousands of times a second: each part reads the input's
field dict, not its attributes, and returns a plain tuple.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache

from calculator.data.federal_years import FederalYear, federal_year, supported_bracket_years
from calculator.data.rules import rules
from calculator.data.state_bracket_years import StateBracketYear, state_bracket_year
from calculator.data.states import state_rules
from calculator.errors import CalculatorError
from calculator.explain import Facts, explain
from calculator.models.breakdown import Breakdown, new_breakdown
from calculator.models.enums import DEEMED as _DEEMED
from calculator.models.enums import DISABILITY as _DISABILITY
from calculator.models.enums import PLO as _PLO
from calculator.models.enums import QPLO as _QPLO
from calculator.models.enums import DistributionType, PenaltyException
from calculator.models.inputs import OffsetInput
from calculator.rules import federal
from calculator.rules.ages import age_at, birth_window, reached_by_year_end
from calculator.rules.deadlines import cure_period_end, extended_due_date, sixty_day_deadline
from calculator.rules.distribution import classify, form_1099r_code, month_decides, severance_date
from calculator.rules.penalty import decide_exception
from calculator.rules.state_brackets import StateBracketResult
from calculator.rules.state_brackets import offset_tax as state_bracket_tax
from calculator.rules.state_exclusions import excluded_by_age, exclusion_limit
from calculator.rules.states import NO_STATE as _NO_STATE
from calculator.rules.states import StateResult, state_taxes

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
# Growth over decades can need more than the default 28 digits before rounding to cents.
_WIDE = Context(prec=60, rounding=ROUND_HALF_UP)
_tuple_new = tuple.__new__  # a NamedTuple's __new__ without its Python frame
# No state given: (taxes, rate, excluded by age, exclusion amount, by brackets, brackets' year, birthday decides).
_NO_STATE_PARTS = (_NO_STATE, None, False, None, None, None, False)
# A flat federal rate: what `_federal_by_brackets` returns, without the brackets.
_FLAT_RATE_PARTS = (None, None, None, False, None, False)


# Three small enums in, a short string out: a cache hit costs less than running the rules each time.
_code = lru_cache(maxsize=256)(form_1099r_code)


@lru_cache(maxsize=1024)
def _growth(annual_return_pct: Decimal, years: int) -> Decimal:
    """(1 + return) ** years at 60 digits. Few (rate, years) pairs occur in practice,
    and the 60-digit power is the dearest Decimal operation in an estimate."""
    return _WIDE.power(_ONE + annual_return_pct / _HUNDRED, years)


def estimate(inp: OffsetInput, *, today: dt.date | None = None) -> Breakdown:
    """What the offset costs. `today` decides whether a rollover is still possible
    (default: the offset date), so results never depend on the clock."""
    # The fields are read from the model's dict once: a pydantic model defines
    # __getattr__, which makes each `inp.x` several times dearer than a dict lookup.
    v = inp.__dict__
    offset_date, given_age = v["offset_date"], v["age"]
    today = offset_date if today is None else today
    tax_year = offset_date.year
    year_tables = None
    if v["filing_status"] is not None and (year_tables := federal_year(tax_year)) is None:
        raise _no_brackets(tax_year)
    window = birth_window(given_age, v["birth_date"], offset_date)
    age = given_age if given_age is not None else age_at(window[0], offset_date)
    kind, anniversary, severance, deadline, cure_deadline = _distribution(v, offset_date, tax_year)
    offset, rolled, not_rolled, taxable, taxable_part = _amounts(v)
    decision = decide_exception(inp, window, severance)
    exception = decision.exception
    owes_10 = exception is None and taxable > 0
    penalty = (taxable * rules().early_rate).quantize(CENT, ROUND_HALF_UP) if owes_10 else _ZERO
    if year_tables is None:  # a flat rate
        marginal = v["federal_rate"]
        federal_tax = (taxable * marginal / _HUNDRED).quantize(CENT, ROUND_HALF_UP)
        result, if_65, self_65, spouse_65, benefits_taxed, federal_birthday = _FLAT_RATE_PARTS
    else:
        result, if_65, self_65, spouse_65, benefits_taxed, federal_birthday = _federal_by_brackets(
            v, year_tables, taxable, window, tax_year
        )
        federal_tax, marginal = result.tax, result.top_rate_pct
    state_code = v["state"]
    if state_code is None:  # nothing to work out (and no call for the two zeros)
        state, state_marginal, excluded, limit, by_brackets, brackets_year, state_birthday = _NO_STATE_PARTS
    else:
        state, state_marginal, excluded, limit, by_brackets, brackets_year, state_birthday = _state(
            v, state_code, taxable, exception, window, tax_year, result, self_65, spouse_65
        )
    total = federal_tax + penalty if state is _NO_STATE else federal_tax + penalty + (state[0] + state[1])  # no zeros
    years = max(0, v["retirement_age"] - age)
    facts = _tuple_new(Facts, (anniversary, severance, age, taxable_part, decision, result, if_65, self_65, spouse_65,
                               by_brackets, today))
    return new_breakdown({
        "distribution_type": kind, "form_1099r_code": _code(kind, exception, v["designated_roth"]),
        "rollover_eligible": deadline is not None and deadline >= today, "rollover_deadline": deadline,
        "offset_amount": offset, "rolled_over": rolled, "taxable_amount": taxable,
        "federal_income_tax": federal_tax, "federal_marginal_rate": marginal, "early_withdrawal_penalty": penalty,
        # str() of a StrEnum is its value, in C; `.value` is a Python-level property.
        "penalty_exception": str(exception) if exception is not None else None,
        "state_income_tax": state[0], "state_additional_tax": state[1], "total_tax": total,
        "effective_rate": (total * _HUNDRED / v["balance"]).quantize(CENT, ROUND_HALF_UP),
        "withholding": _ZERO, "set_aside": total,
        "retirement_value_lost": _WIDE.multiply(not_rolled, _growth(v["annual_return"], years)).quantize(
            CENT, ROUND_HALF_UP, _WIDE),
        "years_to_retirement": years, "tax_year": tax_year,
        "birthday_would_change": decision.birthday_would_change or federal_birthday or state_birthday,
        "separation_date_would_change": decision.separation_year_matters, "loan_still_owed": kind is _DEEMED,
        "cure_deadline": cure_deadline, "cure_possible": cure_deadline is not None and cure_deadline >= today,
        "state_retirement_exclusion": excluded, "state_exclusion_amount": limit,
        "social_security_made_taxable": benefits_taxed, "state_marginal_rate": state_marginal,
        "state_brackets_year": brackets_year,
    }, (explain, inp, facts))


def _no_brackets(tax_year: int) -> CalculatorError:
    """A filing status for a year without bracket tables; a flat rate works for any year."""
    years = " and ".join(str(y) for y in sorted(supported_bracket_years()))
    return CalculatorError(
        "filing_status",
        f"tax brackets are available for {years} only, not {tax_year} (the offset's year); give a federal rate instead",
    )


def _distribution(
    v: dict, offset_date: dt.date, tax_year: int
) -> tuple[DistributionType, dt.date | None, dt.date | None, dt.date | None, dt.date | None]:
    """(what kind of distribution, the first anniversary of the severance when it decided that,
    the severance the 72(t) exceptions can use, the rollover deadline, the end of a missed payment's
    cure period)."""
    event, separation_date = v["event"], v["separation_date"]
    kind, anniversary = classify(event, separation_date, offset_date)
    if anniversary is not None and v["separation_month"] and separation_date is not None:
        # Left "in September 2025": the first day gives the earliest anniversary; every day must give the same type.
        if month_decides(event, separation_date, offset_date):
            raise CalculatorError(
                "separation_date",
                f"leaving early or late in {separation_date:%B %Y} decides whether the offset on {offset_date} came "
                "within 12 months (a qualified plan loan offset): give the day",
            )
    deadline: dt.date | None
    if kind is _QPLO:
        deadline = extended_due_date(tax_year)[1]
    elif kind is _PLO:
        deadline = sixty_day_deadline(offset_date)
    else:
        deadline = None
    missed = v["missed_payment_date"]
    cure_deadline = cure_period_end(missed) if missed is not None else None
    return kind, anniversary, severance_date(event, separation_date, offset_date), deadline, cure_deadline


def _amounts(v: dict) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal | None]:
    """(the offset and the part rolled over, in cents; the rest; the taxable amount; the earnings share
    of the offset when the account's basis is given)."""
    offset = v["balance"].quantize(CENT, ROUND_HALF_UP)
    rollover = v["rollover"]
    # Most people roll nothing over; the zero amounts skip their Decimal work
    # (same values: 0 rounded to cents is 0.00, and x - 0.00 is x for cents).
    rolled = rollover.quantize(CENT, ROUND_HALF_UP) if rollover else _ZERO
    not_rolled = offset - rolled if rolled else offset
    if v["designated_roth"] and v["roth_qualified"]:
        return offset, rolled, not_rolled, _ZERO, None
    account_basis, account_balance = v["account_basis"], v["account_balance"]
    if account_basis is not None and account_balance is not None:
        earnings_share = _ONE - account_basis / account_balance
        taxable_part = (offset * earnings_share).quantize(CENT, ROUND_HALF_UP)
        # A rollover counts first against the taxable part (IRC 402(c)(2)).
        return offset, rolled, not_rolled, max(_ZERO, taxable_part - rolled), taxable_part
    return offset, rolled, not_rolled, not_rolled, None  # already cents: both amounts were rounded to cents


def _federal_by_brackets(
    v: dict, year_tables: FederalYear, taxable: Decimal, window: tuple[dt.date, dt.date], tax_year: int
) -> tuple[federal.BracketResult, federal.BracketResult | None, bool | None, bool, Decimal | None, bool]:
    """(the tax by the brackets, the same if 65 by December 31 when only the birthday decides that, 65 by
    December 31 (None: the birthday decides), the spouse too, the Social Security benefits made taxable,
    whether the birthday changes the tax)."""
    senior_age = year_tables.senior_age
    self_65 = reached_by_year_end(window, senior_age, tax_year)  # 65 by the end of the tax year
    filing_status, spouse_age, income, benefits = v["filing_status"], v["spouse_age"], v["income"], v["social_security"]
    spouse_65 = spouse_age is not None and spouse_age >= senior_age
    result = federal.offset_tax(year_tables, filing_status, income, taxable, bool(self_65), spouse_65, benefits)
    benefits_taxed = result.ss_after - result.ss_before if benefits is not None else None
    if self_65 is not None:
        return result, None, self_65, spouse_65, benefits_taxed, False
    if_65 = federal.offset_tax(year_tables, filing_status, income, taxable, True, spouse_65, benefits)
    return result, if_65, self_65, spouse_65, benefits_taxed, if_65.tax != result.tax


def _state(  # noqa: PLR0913
    v: dict, state_code: str, taxable: Decimal, exception: PenaltyException | None, window: tuple[dt.date, dt.date],
    tax_year: int, federal_result: federal.BracketResult | None, self_65: bool | None, spouse_65: bool,
) -> tuple[StateResult, Decimal | None, bool | None, Decimal | None, StateBracketResult | None, int | None, bool]:
    """(the state's taxes, the rate they were worked out at, excluded by age (None: the birthday decides),
    the amount excluded a year, the tax by the state's brackets and their figures' year, whether the
    birthday could change the taxes)."""
    s = state_rules()
    state_rate = v["state_rate"]
    if state_rate is None:
        state_rate = s.flat_rates.get((state_code, tax_year))  # one rate set by the state's law
    excluded, limit = False, None
    by_brackets = brackets_year = None
    birthday = False
    # Retirement income excluded by age (Iowa), or an amount a year (Kentucky; Georgia from 62 and 65,
    # so the birthday can decide it). Most states have neither: dict lookups spare them the calls.
    disabled = v["exception"] is _DISABILITY
    if state_code in s.age_exclusion:
        excluded = excluded_by_age(state_code, window, tax_year, disabled)
    if state_code in s.exclusion_amount or state_code in s.exclusion_tiers:
        limit, larger = exclusion_limit(state_code, window, tax_year, disabled)
        if exception is None and state_code in s.exclusion_not_with_early_tax:
            # South Carolina's covers only "income not subject to a penalty for premature distribution".
            limit, larger = _ZERO, None
        if larger is not None and state_rate and taxable > limit:  # type: ignore[operator]
            birthday = True
    if state_rate is None and federal_result is not None and state_code in s.by_brackets:
        # No rate, but the filing status and income the federal brackets use: the state's own brackets
        # (California), for the years its tables cover.
        tables = state_bracket_year(state_code, tax_year)
        if tables is not None:
            by_brackets, birthday_decides = _state_by_brackets(
                tables, v["filing_status"], v["income"], taxable if limit is None else max(_ZERO, taxable - limit),
                self_65, spouse_65, federal_result,
            )
            brackets_year = tables.figures_year
            birthday = birthday or birthday_decides
    if excluded is None and (state_rate is not None or by_brackets is not None) and taxable > 0:
        birthday = True
    bracket_tax = by_brackets.tax if by_brackets else None
    taxes = state_taxes(state_code, state_rate, taxable, exception, excluded, limit, bracket_tax)
    # The rate the tax was worked out at: the top bracket reached, or the rate given or set by law where the
    # state taxes this distribution (an exclusion by amount may still leave nothing to tax).
    if by_brackets is not None:
        marginal = by_brackets.top_rate_pct
    elif state_rate is None or excluded or state_code in s.untaxed:
        marginal = None
    else:
        marginal = state_rate
    return taxes, marginal, excluded, limit, by_brackets, brackets_year, birthday


def _state_by_brackets(  # noqa: ANN202
    tables: StateBracketYear, status, income, taxable, self_65, spouse_65, federal_result  # noqa: ANN001
):
    """(the state's tax by its brackets, whether a 65th birthday by December 31 would change it).

    `taxable`: the offset the state taxes. The credits' phase-out reads federal AGI, with the whole offset and
    the Social Security it makes taxable, as the federal BracketResult has it."""
    agi_before, agi_after = federal_result.agi_before, federal_result.agi_after
    got = state_bracket_tax(tables, status, income, taxable, bool(self_65), spouse_65, agi_before, agi_after)
    if self_65 is None:  # an age alone, 64: the senior credit hangs on the birthday
        other = state_bracket_tax(tables, status, income, taxable, True, spouse_65, agi_before, agi_after)
        return got, other.tax != got.tax
    return got, False
