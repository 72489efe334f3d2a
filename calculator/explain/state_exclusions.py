"""A state's exclusion of retirement income in plain words: an amount at any age (Kentucky), or one that
grows with age (Georgia, South Carolina), and what the birthday or the 10% changes about it."""

from __future__ import annotations

from decimal import Decimal

from calculator.data.states import state_rules
from calculator.explain.notes import N_
from calculator.models.enums import PenaltyException
from calculator.rules.state_exclusions import exclusion_tier_age

_ZERO = Decimal("0.00")

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


def amount_notes(  # noqa: ANN001
    name: str, rate_pct: Decimal, taxable: Decimal, income_tax: Decimal, limit: Decimal, add
) -> None:
    """An amount a year at any age (Kentucky), as `exclusion_limit` gave it."""
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


def tier_notes(
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
