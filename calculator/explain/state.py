"""The state's taxes on the offset in plain words: none due, by its brackets, not included for want of a
rate, an exclusion of retirement income, or a rate; its local income taxes; its own additional tax on
early distributions (California)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from calculator.data.states import StateRules, state_rules
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.explain.state_brackets import bracket_notes
from calculator.explain.state_exclusions import amount_notes, tier_notes
from calculator.models.breakdown import Breakdown, Note
from calculator.models.enums import DISABILITY
from calculator.models.inputs import OffsetInput
from calculator.rules.ages import birth_window
from calculator.rules.state_exclusions import exclusion_limit

CENT = Decimal("0.01")


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    """Why `state_taxes` gave what it gave."""
    state = inp.state
    if state is None:
        return
    s = state_rules()
    tax_year = b.tax_year
    name = s.names.get(state, state)
    rate_pct = inp.state_rate
    excluded = b.state_retirement_exclusion
    by_law = rate_pct is None and (state, tax_year) in s.flat_rates
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
    _income_tax(b, inp, f, s, name, rate_pct, by_law, add)
    if state in s.local_tax and not excluded and state not in s.untaxed and f.state_bracket is None:
        _local_notes(state, name, rate_pct, add)
    # The state's own additional tax on early distributions (California's), or the federal exception that
    # removes it too.
    exception = f.decision.exception
    taxable, additional = b.taxable_amount, b.state_additional_tax
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


def _income_tax(  # noqa: ANN001
    b: Breakdown, inp: OffsetInput, f: Facts, s: StateRules, name: str, rate_pct: Decimal | None, by_law: bool, add
) -> None:
    state, tax_year, taxable, limit = inp.state, b.tax_year, b.taxable_amount, b.state_exclusion_amount
    income_tax = b.state_income_tax
    assert state is not None
    if state in s.untaxed or (b.state_retirement_exclusion and state in s.age_exclusion):
        add(_untaxed(s, state, name))
        if rate_pct:
            add(("state.rate_ignored", N_("The state rate you gave ({rate_pct}) is not used."), {"rate_pct": rate_pct}))
    elif f.state_bracket is not None:
        bracket_notes(state, name, tax_year, f.state_bracket, add)
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
        larger = _larger_exclusion(inp, f, tax_year)
        tier_notes(state, name, rate_pct, taxable, income_tax, limit, larger, tax_year, f.decision.exception, add)
    elif limit is not None:  # an amount at any age (Kentucky), as `exclusion_limit` gave it
        amount_notes(name, rate_pct, taxable, income_tax, limit, add)
    elif by_law:
        add((
            "state.flat_rate_by_law",
            N_("{state} income tax: {rate_pct} of the taxable {taxable} is {tax}. Any exclusion the state has for "
               "retirement income can lower it."),
            {"state": name, "rate_pct": rate_pct, "taxable": taxable, "tax": income_tax},
        ))
        if state in s.cost_recovery:
            _pa_notes(f.severance is not None, add)
    else:
        _flat_rate(b, s, state, name, rate_pct, f.severance is not None, add)


def _untaxed(s: StateRules, state: str, name: str) -> Note:
    """Why a state does not tax this distribution at all: no income tax, plan distributions exempt, or
    retirement income excluded from an age the person has reached."""
    if state in s.no_income_tax:
        return fixed_note(
            "state.no_income_tax",
            N_("{state} has no income tax on wages or retirement distributions, so no state income tax is due."),
            state=name,
        )
    if state in s.exempt_plan_distributions:
        return fixed_note(
            "state.exempt_plan_distributions",
            N_("{state} does not tax distributions from qualified retirement plans such as a 401(k), "
               "so no state income tax is due (35 ILCS 5/203(a)(2)(F))."),
            state=name,
        )
    by_age = s.age_exclusion[state]
    return fixed_note(
        "state.retirement_exclusion",
        N_("{state} does not tax retirement income, a 401(k) distribution included, of people {age} or older on "
           "December 31 of the tax year (or disabled), from {year} on, so no state income tax is due."),
        state=name, age=by_age[0], year=by_age[1],
    )


def _flat_rate(  # noqa: ANN001
    b: Breakdown, s: StateRules, state: str, name: str, rate_pct: Decimal, left_job: bool, add
) -> None:
    """A rate given: the tax at it, and what an exclusion by age would have changed."""
    taxable, income_tax, tax_year = b.taxable_amount, b.state_income_tax, b.tax_year
    excluded = b.state_retirement_exclusion
    by_age = s.age_exclusion.get(state)
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


def _larger_exclusion(inp: OffsetInput, f: Facts, tax_year: int) -> Decimal | None:
    """The state's larger retirement income exclusion an older birthday would give (Georgia), worked out
    again here rather than kept on every estimate: only explained estimates need it."""
    if inp.state is None:
        return None
    if f.decision.exception is None and inp.state in state_rules().exclusion_not_with_early_tax:
        return None  # no exclusion at any age while the 10% is owed (as the estimate decided)
    window = birth_window(inp.age, inp.birth_date, inp.offset_date)
    return exclusion_limit(inp.state, window, tax_year, inp.exception is DISABILITY)[1]


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
