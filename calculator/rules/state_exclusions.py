"""A state's exclusion of retirement income: from an age (Iowa: 55 by December 31), or an amount a year
(Kentucky at any age; Georgia and South Carolina growing with age)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator.data.states import state_rules
from calculator.rules.ages import age_by_year_end, reached_by_year_end

_ZERO = Decimal("0.00")


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
    return reached_by_year_end(birth_window, rule[0], tax_year)


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
