"""State income tax on the offset, and California's additional tax on early distributions."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from calculator.ages import age_by_year_end
from calculator.models import PenaltyException
from calculator.notes import N_, fixed_note
from calculator.parameters import LocalTax, state_bracket_year, state_rules
from calculator.state_brackets import StateBracketResult

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


def exclusion_age(state_code: str) -> int | None:
    """The age by December 31 from which the state excludes retirement income (Iowa: 55), or None."""
    rule = state_rules().age_exclusion.get(state_code.strip().upper())
    return rule[0] if rule else None


def excluded_by_age(
    state: str, birth_window: tuple[dt.date, dt.date], tax_year: int, disabled: bool = False
) -> bool | None:
    """Whether the state's exclusion of retirement income by age covers this distribution:
    None when the birth dates the input allows fall on both sides of it. Iowa's covers the
    disabled at any age: `disabled` is the federal disability exception (IRC 72(m)(7)), asserted."""
    rule = state_rules().age_exclusion.get(state)
    if rule is None or tax_year < rule[1]:
        return False
    if disabled:
        return True
    oldest = age_by_year_end(birth_window[0], rule[0], tax_year)
    if birth_window[0] == birth_window[1] or oldest == age_by_year_end(birth_window[1], rule[0], tax_year):
        return oldest
    return None


def exclusion_limit(
    state: str, birth_window: tuple[dt.date, dt.date], tax_year: int, disabled: bool = False
) -> tuple[Decimal | None, Decimal | None]:
    """Retirement income the state excludes a year from this person's distribution, and the larger
    amount an older birth date in the window would give (None: the birthday cannot change it).
    (None, None): no such exclusion. Kentucky's is the same at any age; Georgia's grows at 62 and 65
    by December 31 (the disabled get the first amount at any age); South Carolina's is $3,000, and $10,000
    from 65 by December 31. The caller drops it where it needs the distribution to owe no 10%
    (`StateRules.exclusion_not_with_early_tax`)."""
    s = state_rules()
    fixed = s.exclusion_amount.get(state)
    if fixed is not None:
        return fixed, None
    tiers = s.exclusion_tiers.get(state)
    if tiers is None:
        return None, None
    floor = s.exclusion_base.get(state, _ZERO)
    if disabled:
        floor = max(floor, s.exclusion_disabled.get(state, _ZERO))

    def amount(birth: dt.date) -> Decimal:
        got = floor
        for age, excluded in tiers:
            if excluded > got and age_by_year_end(birth, age, tax_year):
                got = excluded
        return got

    youngest = amount(birth_window[1])
    if birth_window[0] == birth_window[1]:
        return youngest, None
    oldest = amount(birth_window[0])
    return youngest, (oldest if oldest != youngest else None)


def exclusion_tier_age(state: str, limit: Decimal) -> int | None:
    """The age by December 31 from which a state's tiered exclusion is `limit` (Georgia: 62 for $35,000)."""
    for age, excluded in state_rules().exclusion_tiers.get(state, ()):
        if excluded == limit:
            return age
    return None


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
    (`calculator.state_brackets`), used instead of a rate."""
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


def state_notes(
    state: str | None,
    rate_pct: Decimal | None,
    taxable: Decimal,
    exception: PenaltyException | None,
    income_tax: Decimal,
    additional: Decimal,
    add,  # noqa: ANN001 - list.append of Notes or (code, template, params) rows
    excluded: bool | None = False,
    tax_year: int | None = None,
    left_job: bool = False,
    limit: Decimal | None = None,
    larger: Decimal | None = None,
    bracket: StateBracketResult | None = None,
) -> None:
    """Why `state_taxes` gave what it gave. `left_job`: the offset follows a separation from service;
    `limit` and `larger`: what `exclusion_limit` said; `bracket`: the tax by the state's brackets."""
    if state is None:
        return
    s = state_rules()
    name = s.names.get(state, state)
    by_age = s.age_exclusion.get(state)
    by_law = rate_pct is None and tax_year is not None and (state, tax_year) in s.flat_rates
    if by_law:
        # No rate given: the one the state's law sets on all income, as the estimate used it.
        rate_pct = s.flat_rates[(state, tax_year)]
        if not excluded and state not in s.untaxed:
            add((
                "state.rate_by_law",
                N_("{state} taxes all income at one rate, {rate_pct} in {year} ({cite}), used here; its own "
                   "deductions and credits are left out."),
                {"state": name, "rate_pct": rate_pct, "year": tax_year, "cite": s.flat_rate_cite[state]},
            ))
    if state in s.no_income_tax:
        add(fixed_note(
            "state.no_income_tax",
            N_("{state} has no income tax on wages or retirement distributions, so no state income tax is due."),
            state=name,
        ))
        if rate_pct:
            add(("state.rate_ignored", N_("The state rate you gave ({rate_pct}) is not used."), {"rate_pct": rate_pct}))
    elif state in s.exempt_plan_distributions:
        add(fixed_note(
            "state.exempt_plan_distributions",
            N_("{state} does not tax distributions from qualified retirement plans such as a 401(k), "
               "so no state income tax is due (35 ILCS 5/203(a)(2)(F))."),
            state=name,
        ))
        if rate_pct:
            add(("state.rate_ignored", N_("The state rate you gave ({rate_pct}) is not used."), {"rate_pct": rate_pct}))
    elif excluded and by_age is not None:
        add(fixed_note(
            "state.retirement_exclusion",
            N_("{state} does not tax retirement income, a 401(k) distribution included, of people {age} or older on "
               "December 31 of the tax year (or disabled), from {year} on, so no state income tax is due."),
            state=name, age=by_age[0], year=by_age[1],
        ))
        if rate_pct:
            add(("state.rate_ignored", N_("The state rate you gave ({rate_pct}) is not used."), {"rate_pct": rate_pct}))
    elif bracket is not None and tax_year is not None:
        _bracket_notes(state, name, tax_year, bracket, add)
    elif rate_pct is None and state in s.by_brackets:
        add(fixed_note(
            "state.no_rate_brackets",
            N_("{state} income tax is not included: give your state tax rate, or your filing status and income "
               "(its tax is then worked out by its brackets), to add it."),
            state=name,
        ))
    elif rate_pct is None:
        add(fixed_note(
            "state.no_rate",
            N_("{state} income tax is not included: give your state tax rate to add it."),
            state=name,
        ))
    elif state in s.exclusion_tiers:
        _tier_notes(state, name, rate_pct, taxable, income_tax, limit, larger, tax_year, exception, add)
    elif limit is not None:  # an amount at any age (Kentucky), as `exclusion_limit` gave it
        if taxable <= limit:
            add((
                "state.exclusion_amount_covers",
                N_("{state} excludes up to {limit} a year of retirement income per person, a 401(k) distribution "
                   "included, at any age (KRS 141.019, Schedule P), so no {state} tax is due on this offset. This "
                   "assumes no other retirement income this year; pension or IRA income would use up part of the "
                   "exclusion, and the rest of the offset would be taxed at {rate_pct}."),
                {"state": name, "limit": limit, "rate_pct": rate_pct},
            ))
        else:
            add((
                "state.exclusion_amount",
                N_("{state} excludes up to {limit} a year of retirement income per person, a 401(k) distribution "
                   "included, at any age (KRS 141.019, Schedule P). Its tax is {rate_pct} of the {state_taxable} "
                   "above that: {tax}. This assumes no other retirement income this year; pension or IRA income would "
                   "use up part of the exclusion."),
                {"state": name, "limit": limit, "rate_pct": rate_pct, "state_taxable": taxable - limit, "tax": income_tax},
            ))
    elif by_law:
        add((
            "state.flat_rate_by_law",
            N_("{state} income tax: {rate_pct} of the taxable {taxable} is {tax}. Any exclusion the state has for "
               "retirement income can lower it."),
            {"state": name, "rate_pct": rate_pct, "taxable": taxable, "tax": income_tax},
        ))
        if state in s.cost_recovery:
            _pa_notes(left_job, add)
    else:
        add((
            "state.flat_rate",
            N_("{state} income tax: {rate_pct} of the taxable {taxable} is {tax}. This is a flat-rate "
               "estimate; the state's own brackets and deductions, and any exclusion it has for retirement income "
               "(several start at an age), can change it."),
            {"state": name, "rate_pct": rate_pct, "taxable": taxable, "tax": income_tax},
        ))
        if by_age is not None and tax_year is not None and tax_year >= by_age[1]:
            if excluded is None:
                add(fixed_note(
                    "state.retirement_exclusion_birthday",
                    N_("{state} does not tax it if you are {age} or older on December 31, {tax_year}. With your age "
                       "alone that depends on your birthday, so this assumes you are not."),
                    state=name, age=by_age[0], tax_year=tax_year,
                ))
            else:
                add(fixed_note(
                    "state.retirement_exclusion_not_met",
                    N_("{state} would not tax it if you were {age} or older on December 31, {tax_year}, or disabled."),
                    state=name, age=by_age[0], tax_year=tax_year,
                ))
        if state in s.cost_recovery:
            _pa_notes(left_job, add)

    if state in s.local_tax and not excluded and state not in s.untaxed and bracket is None:
        _local_notes(state, name, rate_pct, add)

    rate = s.additional_rate.get(state)
    if rate is not None and taxable > 0:
        pct = s.additional_rate_pct[state]
        form = s.additional_form[state]
        if exception is None:
            add((
                "state.additional_tax",
                N_("{state} adds its own {rate_pct} tax on early distributions: {tax} (Form {form})."),
                {"state": name, "rate_pct": pct, "tax": additional, "form": form},
            ))
        else:
            add(fixed_note(
                "state.additional_tax_exception",
                N_("{state} follows the federal exceptions, so its {rate_pct} additional tax on early "
                   "distributions does not apply either (Form {form})."),
                state=name, rate_pct=pct, form=form,
            ))
            if exception.value in s.possibly_not_conformed.get(state, ()):
                add((
                    "state.exception_conformity",
                    N_("{state} conforms to the federal tax code only as of a fixed date and may not recognize "
                       "newer federal exceptions such as this one; check the current Form {form} instructions, "
                       "or the {rate_pct} tax ({tax}) may be due."),
                    {"state": name, "form": form, "rate_pct": pct, "tax": (taxable * rate).quantize(CENT, ROUND_HALF_UP)},
                ))


# An exclusion that covers all or part of the offset, by whether other investment income uses it up too
# (Georgia's counts interest and dividends; South Carolina's only retirement plan income).
_EXCLUSION_NOTES = {
    True: (
        ("state.exclusion_tier_covers",
         N_("{state} excludes up to {limit} a year of your retirement income, a 401(k) distribution included "
            "({cite}), so no {state} tax is due on this offset. This assumes no other retirement income this "
            "year: pensions, IRA distributions, interest or dividends would use up part of it, and the rest of "
            "the offset would be taxed at {rate_pct}.")),
        ("state.exclusion_tier",
         N_("{state} excludes up to {limit} a year of your retirement income, a 401(k) distribution included "
            "({cite}). Its tax is {rate_pct} of the {state_taxable} above that: {tax}. This assumes no other "
            "retirement income this year: pensions, IRA distributions, interest or dividends would use up part "
            "of it.")),
    ),
    False: (
        ("state.plan_exclusion_covers",
         N_("{state} lets you deduct up to {limit} a year of retirement plan income, a 401(k) distribution "
            "included ({cite}), so no {state} tax is due on this offset. This assumes no other retirement income "
            "this year: pension or IRA income would use up part of it, and the rest of the offset would be taxed "
            "at {rate_pct}.")),
        ("state.plan_exclusion",
         N_("{state} lets you deduct up to {limit} a year of retirement plan income, a 401(k) distribution "
            "included ({cite}). Its tax is {rate_pct} of the {state_taxable} above that: {tax}. This assumes no "
            "other retirement income this year: pension or IRA income would use up part of it.")),
    ),
}


def _bracket_notes(state: str, name: str, tax_year: int, r: StateBracketResult, add) -> None:  # noqa: ANN001
    """How the tax by the state's own brackets came out (California)."""
    t = state_bracket_year(state, tax_year)
    assert t is not None  # the estimate used them
    add((
        "state.brackets",
        N_("{state} income tax by its {figures_year} tax rate schedules ({cite}): after its standard deduction of "
           "{deduction}, your {state} taxable income goes from {ti_before} to {ti_after} and the tax on it from "
           "{before} to {after}. With exemption credits of {credits} (they cannot take the tax below zero), the "
           "offset adds {tax}. This assumes you lived in {state} all year and take its standard deduction; "
           "itemizing lowers your taxable income and can put the offset in a lower bracket."),
        {"state": name, "figures_year": t.figures_year, "cite": t.cite, "deduction": r.deduction,
         "ti_before": r.taxable_before, "ti_after": r.taxable_after, "before": r.tax_before, "after": r.tax_after,
         "credits": r.credits_after, "tax": r.tax},
    ))
    if t.estimated_by is not None:
        add(fixed_note(
            "state.brackets_earlier_year",
            N_("{state} has not published its {tax_year} brackets yet: these are its {figures_year} figures, which "
               "its own {tax_year} estimated-tax worksheet ({form}) uses too. Its {tax_year} brackets will be a "
               "little higher for inflation, so the tax may come out a little lower."),
            state=name, tax_year=tax_year, figures_year=t.figures_year, form=t.estimate_form,
        ))
    if r.credits_after < r.credits_before:
        add((
            "state.exemption_phaseout",
            N_("Above {start} of federal AGI {state} reduces each exemption credit by {per_step} for each {step} "
               "or part of it ({cite}): the offset cuts your credits from {before} to {after}, which is "
               "included."),
            {"start": t.phaseout_start[r.status], "state": name, "per_step": t.phaseout_per_step, "cite": t.phaseout_cite,
             "step": t.phaseout_step[r.status], "before": r.credits_before, "after": r.credits_after},
        ))
    if r.surtax_after > r.surtax_before:
        add((
            "state.surtax",
            N_("{state} adds {rate_pct} on taxable income above {threshold} ({surtax}, {cite}): {amount} of it, "
               "included."),
            {"state": name, "rate_pct": t.surtax_rate_pct, "threshold": t.surtax_threshold, "surtax": t.surtax_name,
             "cite": t.surtax_cite, "amount": r.surtax_after - r.surtax_before},
        ))
    if t.exempt_unemployment_cite is not None and r.income_before > 0:
        # Laid off: unemployment benefits are often part of "other income", and the state leaves them out.
        add(fixed_note(
            "state.unemployment_not_taxed",
            N_("{state} does not tax unemployment benefits ({cite}): if your other income includes them, your "
               "{state} taxable income is that much lower, and the offset may fall in a lower bracket."),
            state=name, cite=t.exempt_unemployment_cite,
        ))
    renters = t.renters_credit.get(r.status)
    if renters is not None and r.income_before <= renters[1] < r.income_after:
        add((
            "state.renters_credit",
            N_("If you rent your home in {state}: the offset takes your {state} AGI from {before} to {after}, "
               "above {limit}, which ends its {amount} renter's credit ({cite}). That credit is not in this estimate, "
               "so a renter pays up to {amount} more."),
            {"state": name, "before": r.income_before, "after": r.income_after, "limit": renters[1],
             "amount": renters[0], "cite": t.renters_credit_cite},
        ))
    if t.tax_table_limit is not None and 0 < r.taxable_after <= t.tax_table_limit:
        add(fixed_note(
            "state.tax_table",
            N_("This uses {state}'s rate formula; at {limit} of taxable income or less its return uses a tax "
               "table, so the return can differ by a few dollars."),
            state=name, limit=t.tax_table_limit,
        ))
    add(fixed_note(
        "state.brackets_credits_left_out",
        N_("Credits for dependents and {state}'s other credits are left out: if they are more than your {state} "
           "tax without the offset, the offset costs less."),
        state=name,
    ))


def _pa_notes(left_job: bool, add) -> None:  # noqa: ANN001
    add(fixed_note(
        "state.pa_cost_recovery",
        N_("Pennsylvania taxes your 401(k) contributions when you make them, so it taxes a distribution "
           "only where it exceeds contributions not yet recovered; your Pennsylvania tax can be lower "
           "than this estimate."),
    ))
    if left_job:
        add(fixed_note(
            "state.pa_retirement",
            N_("If you retired from this job after meeting the plan's conditions for retirement (its "
               "retirement age or years of service), Pennsylvania does not tax the offset at all "
               "(61 Pa. Code 101.6): ask the plan whether you did."),
        ))


def _tier_notes(
    state: str, name: str, rate_pct: Decimal, taxable: Decimal, income_tax: Decimal, limit: Decimal | None,
    larger: Decimal | None, tax_year: int | None, exception: PenaltyException | None, add,  # noqa: ANN001
) -> None:
    """A state whose retirement income exclusion grows with age (Georgia: 62 and 65 by December 31; South
    Carolina: $3,000, and $10,000 from 65, for distributions that owe no 10%)."""
    s = state_rules()
    cite = s.exclusion_cite.get(state, "")
    first_age, first_amount = s.exclusion_tiers[state][0]
    if exception is None and state in s.exclusion_not_with_early_tax:
        add((
            "state.exclusion_not_with_early_tax",
            N_("{state} income tax: {rate_pct} of the taxable {taxable} is {tax}. {state}'s deduction for retirement "
               "income (up to {base} a year, {amount} from the year you turn {age}; {cite}) leaves out distributions "
               "that owe the 10% additional tax, so it does not lower the tax on this one."),
            {"state": name, "rate_pct": rate_pct, "taxable": taxable, "tax": income_tax,
             "base": s.exclusion_base.get(state, _ZERO), "amount": first_amount, "age": first_age, "cite": cite},
        ))
        return
    if not limit:
        add((
            "state.exclusion_tier_not_yet",
            N_("{state} income tax: {rate_pct} of the taxable {taxable} is {tax}. {state} excludes up to {amount} a "
               "year of retirement income from the year you turn {age}, or if you are totally and permanently "
               "disabled ({cite}); this assumes neither applies to you."),
            {"state": name, "rate_pct": rate_pct, "taxable": taxable, "tax": income_tax, "amount": first_amount,
             "age": first_age, "cite": cite},
        ))
    else:
        (covers_code, covers), (part_code, part) = _EXCLUSION_NOTES[state in s.exclusion_counts_investment_income]
        if taxable <= limit:
            add((covers_code, covers, {"state": name, "limit": limit, "cite": cite, "rate_pct": rate_pct}))
        else:
            add((part_code, part, {"state": name, "limit": limit, "cite": cite, "rate_pct": rate_pct,
                                   "state_taxable": taxable - limit, "tax": income_tax}))
    age_65 = s.age_65_deduction.get(state)
    if age_65 is not None and limit and exclusion_tier_age(state, limit) == first_age and taxable > 0:
        # South Carolina, from 65: a deduction against any income, less the retirement income deducted.
        add((
            "state.age_65_deduction",
            N_("From the year you turn {age}, {state} also lets you deduct up to {in_all} in all, the retirement "
               "deduction included, against any income ({cite}): {rest} more. Your other income usually uses it "
               "up; if it does not, the {state} tax here is lower."),
            {"age": first_age, "state": name, "in_all": age_65[0], "cite": age_65[1], "rest": age_65[0] - limit},
        ))
    if larger is not None and taxable > (limit or _ZERO):
        age = exclusion_tier_age(state, larger)
        add((
            "state.exclusion_tier_birthday",
            N_("If you are {age} or older on December 31, {year}, {state} excludes up to {larger} instead; with your "
               "age alone this assumes you are not. Your birth date would settle it."),
            {"age": age, "year": tax_year, "state": name, "larger": larger},
        ))


def _local_notes(state: str, name: str, rate_pct: Decimal | None, add) -> None:  # noqa: ANN001
    """The state's counties, cities or school districts tax the distribution too (Maryland, Indiana, New York
    City and Yonkers, some Ohio school districts). Their rates are the person's to add to the state's: the
    estimate counts them only inside the rate given."""
    local = state_rules().local_tax[state]
    if local.kind == "county":
        add(fixed_note(
            "state.local_tax.county",
            N_("{state}'s counties tax it too, each at its own rate, on the same income as the state ({cite})."),
            state=name, cite=local.cite,
        ))
    elif local.kind == "city" and local.city_rates is not None and local.surcharge is not None:
        add(fixed_note(
            "state.local_tax.city",
            N_("If you live in New York City or Yonkers, the city taxes it too ({cite}): New York City at {low_pct} "
               "to {high_pct} of its taxable income, Yonkers at {surcharge_pct} of the state tax."),
            cite=local.cite, low_pct=local.city_rates[0], high_pct=local.city_rates[1], surcharge_pct=local.surcharge,
        ))
    else:
        add(fixed_note(
            "state.local_tax.school_district",
            N_("Some {state} school districts tax it too ({cite}): those that tax all income, not only earnings, "
               "reach a 401(k) distribution."),
            state=name, cite=local.cite,
        ))
    if rate_pct is None:
        add(fixed_note("state.local_tax_not_included", N_("The local income tax is not included either.")))
    else:
        add((
            "state.local_tax_in_rate",
            N_("This estimate counts the local income tax only if the {rate_pct} you gave includes it."),
            {"rate_pct": rate_pct},
        ))
