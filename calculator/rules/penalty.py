"""The 10% additional tax on early distributions (IRC 72(t)) and its exceptions."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from calculator.data.rules import Rules, rules
from calculator.models.enums import AGE_59_AND_HALF as _AGE_59_AND_HALF
from calculator.models.enums import DEATH as _DEATH
from calculator.models.enums import GOVERNMENTAL_457B as _GOVERNMENTAL_457B
from calculator.models.enums import PUBLIC_SAFETY as _PUBLIC_SAFETY
from calculator.models.enums import SEPARATION as _SEPARATION
from calculator.models.enums import SEPARATION_AT_55 as _SEPARATION_AT_55
from calculator.models.enums import PenaltyException
from calculator.models.inputs import OffsetInput
from calculator.rules.ages import add_months


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
    the same answer (see `calculator.rules.ages`). The tests are written out on the
    window's dates and years, with few helper calls: this runs for every estimate.
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
            exc, unknown_sep, too_early, short = _by_separation(r, v, window, severance.year)
            if exc is not None and asserted is None and v["separation_date"] is None and v["event"] is _SEPARATION:
                # The exemption rests on the assumed year of leaving: would leaving the year before,
                # still within 12 months, certainly qualify too? (Where the 10% is charged, the
                # estimate already takes the worse case.)
                year_matters = _by_separation(r, v, window, severance.year - 1)[0] is None
        if exc is None and asserted is not None:
            exc = asserted
    # 59½ undecided matters only when nothing else removes the 10% (at 59 the rule
    # of 55 often does; only the likely 1099-R digit, 7 or 2, would differ).
    age_59_unknown = half is None and exc is None
    return _tuple_new(ExceptionDecision, (
        exc, age_59_unknown or unknown_sep, half_date, too_early, age_59_unknown, unknown_sep, short, year_matters,
    ))


def _by_separation(
    r: Rules, v: dict, window: tuple[dt.date, dt.date], year: int
) -> tuple[PenaltyException | None, bool, bool, bool]:
    """The exception for leaving the job in `year`: the rule of 55, or for public safety the rule of 50 or
    25 years of service. (exception or None, the birthday decides, left before the year of 55 or 50,
    public safety claimed but neither 50 nor 25 years shown).

    Each age test is made for the oldest and the youngest birth date the input allows: certain when both
    agree, else (None) the birthday decides."""
    oldest_year, youngest_year = window[0].year, window[1].year
    # The rule of 55: turning 55 in or before the year of separation.
    oldest = oldest_year + r.separation_age <= year
    s55 = oldest if oldest == (youngest_year + r.separation_age <= year) else None
    if s55:
        return _SEPARATION_AT_55, False, False, False
    unknown_sep = s55 is None
    if not v["public_safety"]:
        return None, unknown_sep, s55 is False, False
    oldest = oldest_year + r.public_safety_age <= year
    s50 = oldest if oldest == (youngest_year + r.public_safety_age <= year) else None
    unknown_sep = unknown_sep or s50 is None
    service_years = v["service_years"]
    by_service = (
        service_years is not None
        and service_years >= r.public_safety_service_years
        and v["offset_date"] >= r.public_safety_service_from
    )
    if s50 or by_service:
        return _PUBLIC_SAFETY, False, False, False  # whether 55 was reached too no longer changes the 10%
    return None, unknown_sep, s50 is False, True


_tuple_new = tuple.__new__  # a NamedTuple's __new__ without its Python frame
