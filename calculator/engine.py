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
from calculator.deadlines import cure_period_end, extended_due_date, sixty_day_deadline
from calculator.distribution import classify, form_1099r_code, month_decides, severance_date
from calculator.errors import CalculatorError
from calculator.explain import Facts, explain
from calculator.members import DEEMED as _DEEMED
from calculator.members import PLO as _PLO
from calculator.members import QPLO as _QPLO
from calculator.members import DISABILITY as _DISABILITY
from calculator.models import Breakdown, OffsetInput, new_breakdown
from calculator.parameters import federal_year, rules, state_bracket_year, state_rules, supported_bracket_years
from calculator.state_brackets import offset_tax as state_bracket_tax
from calculator.penalty import decide_exception
from calculator.states import NO_STATE as _NO_STATE
from calculator.states import excluded_by_age, exclusion_limit, state_taxes

CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
# Growth over decades can need more than the default 28 digits before rounding to cents.
_WIDE = Context(prec=60, rounding=ROUND_HALF_UP)
_tuple_new = tuple.__new__  # a NamedTuple's __new__ without its Python frame


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
    r = rules()
    # The fields are read from the model's dict once: a pydantic model defines
    # __getattr__, which makes each `inp.x` several times dearer than a dict lookup.
    v = inp.__dict__
    offset_date, filing_status, given_age = v["offset_date"], v["filing_status"], v["age"]
    if today is None:
        today = offset_date
    tax_year = offset_date.year
    year_tables = None
    if filing_status is not None:
        year_tables = federal_year(tax_year)
        if year_tables is None:
            years = " and ".join(str(y) for y in sorted(supported_bracket_years()))
            raise CalculatorError(
                "filing_status",
                f"tax brackets are available for {years} only, not {tax_year} (the offset's year); "
                "give a federal rate instead",
            )

    balance = v["balance"]
    offset = balance.quantize(CENT, ROUND_HALF_UP)
    rollover = v["rollover"]
    # Most people roll nothing over; the zero amounts skip their Decimal work
    # (same values: 0 rounded to cents is 0.00, and x - 0.00 is x for cents).
    rolled = rollover.quantize(CENT, ROUND_HALF_UP) if rollover else _ZERO
    window = birth_window(given_age, v["birth_date"], offset_date)
    age = given_age if given_age is not None else age_at(window[0], offset_date)

    # --- what kind of distribution, and the rollover deadline -----------------
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
    severance = severance_date(event, separation_date, offset_date)
    deadline: dt.date | None
    if kind is _QPLO:
        deadline = extended_due_date(tax_year)[1]
    elif kind is _PLO:
        deadline = sixty_day_deadline(offset_date)
    else:
        deadline = None
    rollover_eligible = deadline is not None and deadline >= today
    missed = v["missed_payment_date"]
    cure_deadline = cure_period_end(missed) if missed is not None else None

    # --- the taxable amount ---------------------------------------------------
    not_rolled = offset - rolled if rolled else offset
    taxable_part = None
    designated_roth, account_basis, account_balance = v["designated_roth"], v["account_basis"], v["account_balance"]
    if designated_roth and v["roth_qualified"]:
        taxable = _ZERO
    elif account_basis is not None and account_balance is not None:
        earnings_share = _ONE - account_basis / account_balance
        taxable_part = (offset * earnings_share).quantize(CENT, ROUND_HALF_UP)
        # A rollover counts first against the taxable part (IRC 402(c)(2)).
        taxable = max(_ZERO, taxable_part - rolled)
    else:
        taxable = not_rolled  # already cents: both amounts were rounded to cents

    # --- the 10% additional tax -------------------------------------------------
    decision = decide_exception(inp, window, severance)
    exception = decision.exception
    birthday_would_change = decision.birthday_would_change
    if exception is None and taxable > 0:
        penalty = (taxable * r.early_rate).quantize(CENT, ROUND_HALF_UP)
    else:
        penalty = _ZERO

    # --- federal income tax -----------------------------------------------------
    result = if_65 = self_65 = benefits_taxed = None
    spouse_65 = False
    if year_tables is not None:
        senior_age = year_tables.senior_age
        # 65 by the end of the tax year, for the oldest and youngest birth date the input allows.
        oldest_65 = age_by_year_end(window[0], senior_age, tax_year)
        self_65 = oldest_65 if window[0] == window[1] or oldest_65 == age_by_year_end(window[1], senior_age, tax_year) else None
        spouse_age, income, benefits = v["spouse_age"], v["income"], v["social_security"]
        spouse_65 = spouse_age is not None and spouse_age >= senior_age
        result = federal.offset_tax(year_tables, filing_status, income, taxable, bool(self_65), spouse_65, benefits)
        if benefits is not None:
            benefits_taxed = result.ss_after - result.ss_before
        if self_65 is None:
            if_65 = federal.offset_tax(year_tables, filing_status, income, taxable, True, spouse_65, benefits)
            if if_65.tax != result.tax:
                birthday_would_change = True
        federal_tax = result.tax
        marginal = result.top_rate_pct
    else:
        marginal = v["federal_rate"]
        federal_tax = (taxable * marginal / _HUNDRED).quantize(CENT, ROUND_HALF_UP)  # type: ignore[operator]

    # --- state ---------------------------------------------------------------------
    state_code, state_rate = v["state"], v["state_rate"]
    # A state that stops taxing retirement income at an age (Iowa, 55 by December 31).
    excluded, limit = False, None
    by_brackets = None
    if state_code is not None:
        # Retirement income excluded by age (Iowa), or an amount a year (Kentucky; Georgia from 62 and 65,
        # so the birthday can decide it). Most states have neither: dict lookups spare them the calls.
        rules_by_state = state_rules()
        if state_rate is None:
            state_rate = rules_by_state.flat_rates.get((state_code, tax_year))  # one rate set by the state's law
        disabled = v["exception"] is _DISABILITY
        if state_code in rules_by_state.age_exclusion:
            excluded = excluded_by_age(state_code, window, tax_year, disabled)
        if state_code in rules_by_state.exclusion_amount or state_code in rules_by_state.exclusion_tiers:
            limit, larger = exclusion_limit(state_code, window, tax_year, disabled)
            if exception is None and state_code in rules_by_state.exclusion_not_with_early_tax:
                # South Carolina's covers only "income not subject to a penalty for premature distribution".
                limit, larger = _ZERO, None
            if larger is not None and state_rate and taxable > limit:  # type: ignore[operator]
                birthday_would_change = True
        if state_rate is None and result is not None and state_code in rules_by_state.by_brackets:
            # No rate, but the filing status and income the federal brackets use: the state's own brackets
            # (California), for the years its tables cover.
            tables = state_bracket_year(state_code, tax_year)
            if tables is not None:
                by_brackets, birthday_decides = _state_by_brackets(
                    tables, filing_status, v["income"], taxable if limit is None else max(_ZERO, taxable - limit),
                    self_65, spouse_65, result,
                )
                if birthday_decides:
                    birthday_would_change = True
    if excluded is None and (state_rate is not None or by_brackets is not None) and taxable > 0:
        birthday_would_change = True
    if state_code is None:  # nothing to work out (and no call for the two zeros)
        state, state_marginal = _NO_STATE, None
    else:
        state = state_taxes(
            state_code, state_rate, taxable, exception, excluded, limit, by_brackets.tax if by_brackets else None
        )
        # The rate the tax was worked out at: the top bracket reached, or the rate given or set by law where the
        # state taxes this distribution (an exclusion by amount may still leave nothing to tax).
        if by_brackets is not None:
            state_marginal = by_brackets.top_rate_pct
        elif state_rate is None or excluded or state_code in rules_by_state.untaxed:
            state_marginal = None
        else:
            state_marginal = state_rate

    total = federal_tax + penalty
    if state is not _NO_STATE:  # state taxes of zero (no state, or none due) add nothing
        total += state[0] + state[1]
    effective = (total * _HUNDRED / balance).quantize(CENT, ROUND_HALF_UP)

    # --- what it costs the retirement account --------------------------------------
    years = max(0, v["retirement_age"] - age)
    lost = _WIDE.multiply(not_rolled, _growth(v["annual_return"], years)).quantize(CENT, ROUND_HALF_UP, _WIDE)

    facts = _tuple_new(Facts, (anniversary, severance, age, taxable_part, decision, result, if_65, self_65, spouse_65,
                               by_brackets, today))
    return new_breakdown({
        "distribution_type": kind,
        "form_1099r_code": _code(kind, exception, designated_roth),
        "rollover_eligible": rollover_eligible,
        "rollover_deadline": deadline,
        "offset_amount": offset,
        "rolled_over": rolled,
        "taxable_amount": taxable,
        "federal_income_tax": federal_tax,
        "federal_marginal_rate": marginal,
        "early_withdrawal_penalty": penalty,
        # str() of a StrEnum is its value, in C; `.value` is a Python-level property.
        "penalty_exception": str(exception) if exception is not None else None,
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
        "separation_date_would_change": decision.separation_year_matters,
        "loan_still_owed": kind is _DEEMED,
        "cure_deadline": cure_deadline,
        "cure_possible": cure_deadline is not None and cure_deadline >= today,
        "state_retirement_exclusion": excluded,
        "state_exclusion_amount": limit,
        "social_security_made_taxable": benefits_taxed,
        "state_marginal_rate": state_marginal,
        "state_brackets_year": tables.figures_year if by_brackets is not None else None,
    }, (explain, inp, facts))


def _state_by_brackets(tables, status, income, taxable, self_65, spouse_65, federal):  # noqa: ANN001, ANN202
    """(the state's tax by its brackets, whether a 65th birthday by December 31 would change it).

    `taxable`: the offset the state taxes. The credits' phase-out reads federal AGI, with the whole offset and
    the Social Security it makes taxable, as the federal BracketResult (`federal`) has it."""
    agi_before, agi_after = federal.agi_before, federal.agi_after
    got = state_bracket_tax(tables, status, income, taxable, bool(self_65), spouse_65, agi_before, agi_after)
    if self_65 is None:  # an age alone, 64: the senior credit hangs on the birthday
        other = state_bracket_tax(tables, status, income, taxable, True, spouse_65, agi_before, agi_after)
        return got, other.tax != got.tax
    return got, False
