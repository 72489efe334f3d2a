"""The 10% additional tax on early distributions (IRC 72(t)) and its exceptions."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from calculator.ages import add_months
from calculator.models import OffsetInput, PenaltyException
from calculator.parameters import rules

# Enum members bound once (calculator/members.py says why).
from calculator.members import AGE_59_AND_HALF as _AGE_59_AND_HALF
from calculator.members import DEATH as _DEATH
from calculator.members import GOVERNMENTAL_457B as _GOVERNMENTAL_457B
from calculator.members import PUBLIC_SAFETY as _PUBLIC_SAFETY
from calculator.members import SEPARATION as _SEPARATION
from calculator.members import SEPARATION_AT_55 as _SEPARATION_AT_55


class ExceptionDecision(NamedTuple):  # a NamedTuple: cheaper to build than a frozen dataclass
    exception: PenaltyException | None
    birthday_would_change: bool
    half_date: dt.date | None  # the day 59 1/2 is reached, with a birth date
    separation_too_early: bool  # separated before the year of 55 (or 50)
    age_59_unknown: bool
    separation_unknown: bool
    public_safety_short: bool  # public safety claimed but neither age 50 nor 25 years shown
    # An exception by age at separation rests on the offset's year standing in for
    # the year of leaving (no date given); leaving the year before, still within
    # 12 months, might not qualify.
    separation_year_matters: bool


def decide_exception(
    inp: OffsetInput, window: tuple[dt.date, dt.date], severance: dt.date | None
) -> ExceptionDecision:
    """Which exception removes the 10%, if any; None-valued tests depend on the birthday.

    Each test is monotone in the birth date (older is never worse off), so it
    is certain when the oldest and youngest birth dates the input allows give
    the same answer (see `calculator.ages`). The tests are written out on the
    window's dates and years, without helper calls: this runs for every estimate.
    """
    r = rules()
    v = inp.__dict__  # read once: see `estimate`
    offset_day, birth_date, asserted = v["offset_date"], v["birth_date"], v["exception"]
    half_date: dt.date | None = None
    if birth_date is not None:  # one birth date: work out the day once and compare
        # 59 1/2 is reached six calendar months after the 59th birthday.
        half_date = add_months(birth_date, r.half_age_months)
        half: bool | None = half_date <= offset_day
    else:
        # With an age in whole years on the offset date, 59 1/2 (59 years and
        # 6 months, rules.json) is certain from 60 and impossible below 59; at
        # 59 it depends on the birthday.
        age = v["age"]
        half = True if age >= r.half_years + 1 else (None if age == r.half_years else False)  # type: ignore[operator]
    oldest_year, youngest_year = window[0].year, window[1].year
    exc: PenaltyException | None = None
    unknown_sep = too_early = short = year_matters = False
    if asserted is _DEATH:
        exc = _DEATH
    elif half:
        exc = _AGE_59_AND_HALF
    elif v["governmental_457b"]:
        exc = _GOVERNMENTAL_457B  # the 10% does not reach the plan: nothing else to decide
    else:
        if severance is not None:
            year = severance.year
            # The rule of 55: turning 55 in or before the year of separation.
            s55 = _certain(oldest_year + r.separation_age <= year, youngest_year + r.separation_age <= year)
            unknown_sep = s55 is None
            if s55:
                exc = _SEPARATION_AT_55
            elif v["public_safety"]:
                age50 = r.public_safety_age
                s50 = _certain(oldest_year + age50 <= year, youngest_year + age50 <= year)
                unknown_sep = unknown_sep or s50 is None
                service_years = v["service_years"]
                by_service = (
                    service_years is not None
                    and service_years >= r.public_safety_service_years
                    and offset_day >= r.public_safety_service_from
                )
                if s50 or by_service:
                    exc = _PUBLIC_SAFETY
                    unknown_sep = False  # whether 55 was reached too no longer changes the 10%
                else:
                    short = True
                    too_early = s50 is False
            else:
                too_early = s55 is False
            if exc is not None and asserted is None and v["separation_date"] is None and v["event"] is _SEPARATION:
                # The exemption rests on the assumed year of leaving. (Where the
                # 10% is charged, the estimate already takes the worse case.)
                # Rare, so worked out in a call rather than inline.
                year_matters = _exempt_by_separation(
                    oldest_year, youngest_year, year - 1, v["public_safety"], v["service_years"], offset_day
                ) is not True
        if exc is None and asserted is not None:
            exc = asserted
    # 59½ undecided matters only when nothing else removes the 10% (at 59 the rule
    # of 55 often does; only the likely 1099-R digit, 7 or 2, would differ).
    age_59_unknown = half is None and exc is None
    return _tuple_new(ExceptionDecision, (
        exc, age_59_unknown or unknown_sep, half_date, too_early, age_59_unknown, unknown_sep, short, year_matters,
    ))


def _exempt_by_separation(
    oldest_year: int, youngest_year: int, year: int, public_safety: bool, service_years: int | None, offset_day: dt.date
) -> bool | None:
    """Whether leaving in `year` certainly removes the 10% by the rule of 55 (or of 50, or 25 years of
    service, for public safety); None: the birthday decides."""
    r = rules()
    s55 = _certain(oldest_year + r.separation_age <= year, youngest_year + r.separation_age <= year)
    if s55 or not public_safety:
        return s55
    if service_years is not None and service_years >= r.public_safety_service_years \
            and offset_day >= r.public_safety_service_from:
        return True
    return _certain(oldest_year + r.public_safety_age <= year, youngest_year + r.public_safety_age <= year)


def _certain(oldest: bool, youngest: bool) -> bool | None:
    return oldest if oldest == youngest else None


_tuple_new = tuple.__new__  # a NamedTuple's __new__ without its Python frame
