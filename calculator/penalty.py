"""The 10% additional tax on early distributions (IRC 72(t)) and its exceptions."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from calculator.ages import add_months, decide, turns_age_by_year
from calculator.models import OffsetInput, PenaltyException
from calculator.parameters import rules

# Enum members bound once (calculator/members.py says why).
from calculator.members import DEATH as _DEATH


class ExceptionDecision(NamedTuple):  # a NamedTuple: cheaper to build than a frozen dataclass
    exception: PenaltyException | None
    birthday_would_change: bool
    half_date: dt.date | None  # the day 59 1/2 is reached, with a birth date
    separation_too_early: bool  # separated before the year of 55 (or 50)
    age_59_unknown: bool
    separation_unknown: bool
    public_safety_short: bool  # public safety claimed but neither age 50 nor 25 years shown


def decide_exception(
    inp: OffsetInput, window: tuple[dt.date, dt.date], severance: dt.date | None
) -> ExceptionDecision:
    r = rules()
    offset_day = inp.offset_date
    # 59 1/2 is reached six calendar months after the 59th birthday.
    half_months = r.half_age_months
    if inp.birth_date is not None:  # one birth date: work out the day once and compare
        half_date: dt.date | None = add_months(inp.birth_date, half_months)
        half: bool | None = half_date <= offset_day
    else:
        half_date = None
        half = decide(window, lambda b: add_months(b, half_months) <= offset_day)
    exc: PenaltyException | None = None
    unknown_sep = too_early = short = False
    if inp.exception is _DEATH:
        exc = _DEATH
    elif half:
        exc = PenaltyException.AGE_59_AND_HALF
    else:
        if severance is not None:
            year = severance.year
            s55 = decide(window, lambda b: turns_age_by_year(b, r.separation_age, year))
            unknown_sep = s55 is None
            if s55:
                exc = PenaltyException.SEPARATION_AT_55
            elif inp.public_safety:
                s50 = decide(window, lambda b: turns_age_by_year(b, r.public_safety_age, year))
                unknown_sep = unknown_sep or s50 is None
                by_service = (
                    inp.service_years is not None
                    and inp.service_years >= r.public_safety_service_years
                    and offset_day >= r.public_safety_service_from
                )
                if s50 or by_service:
                    exc = PenaltyException.PUBLIC_SAFETY
                else:
                    short = True
                    too_early = s50 is False
            else:
                too_early = s55 is False
        if exc is None and inp.exception is not None:
            exc = inp.exception
    return ExceptionDecision(
        exception=exc,
        birthday_would_change=(half is None and exc is not _DEATH) or unknown_sep,
        half_date=half_date,
        separation_too_early=too_early,
        age_59_unknown=half is None and exc is not _DEATH,
        separation_unknown=unknown_sep,
        public_safety_short=short,
    )
