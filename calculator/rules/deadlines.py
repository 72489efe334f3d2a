"""Rollover deadlines: the extended return due date (IRC 7503) and 60 days.

Business days follow IRC 7503 / Treas. Reg. 301.7503-1: a last day on a
Saturday, Sunday or Washington, D.C. legal holiday (Emancipation Day and
Inauguration Day included) moves to the next day that is none of these.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from calculator.data.rules import rules
from calculator.rules.ages import add_months

_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def _dc_holidays(year: int) -> holidays.HolidayBase:
    # One year per object: `is_business_day` asks for the day's own year, and
    # building a year's holidays takes ~0.1 s here, so none is built in vain.
    return holidays.US(subdiv="DC", years=year)


def preload(years: range) -> None:
    """Work out the due dates of `years` now (a server warming up), not for its first person."""
    for year in years:
        return_due_date(year)
        extended_due_date(year)


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _dc_holidays(day.year)


def next_business_day(day: dt.date) -> dt.date:
    """`day` itself if it is a business day, else the next one (IRC 7503)."""
    while not is_business_day(day):
        day += _DAY
    return day


def _statutory_due(tax_year: int) -> dt.date:
    r = rules()
    return dt.date(tax_year + 1, r.due_month, r.due_day)


@lru_cache(maxsize=256)
def return_due_date(tax_year: int) -> dt.date:
    """Form 1040 due date for `tax_year`, moved per IRC 7503."""
    return next_business_day(_statutory_due(tax_year))


@lru_cache(maxsize=256)
def extended_due_date(tax_year: int) -> tuple[dt.date, dt.date]:
    """(statutory, moved) extended due date: six months after April 15, then IRC 7503.

    The extension runs from the date the law sets (April 15), not from a
    weekend-moved April date, so it is always October 15 before moving.
    """
    statutory = add_months(_statutory_due(tax_year), rules().extension_months)
    return statutory, next_business_day(statutory)


def qualified_offset_deadline(tax_year: int) -> dt.date:
    """The last day to roll over a qualified plan loan offset of `tax_year` (IRC 402(c)(3)(C))."""
    return extended_due_date(tax_year)[1]


@lru_cache(maxsize=64)
def estimated_tax_due_dates(tax_year: int) -> tuple[tuple[dt.date, dt.date], ...]:
    """(statutory, moved) due date of each required installment of `tax_year`'s estimated tax (IRC 6654(c)(2),
    IRC 7503)."""
    due = (dt.date(tax_year + years, month, day) for month, day, years in rules().estimated_tax_due)
    return tuple((d, next_business_day(d)) for d in due)


def first_installment_counting(day: dt.date) -> dt.date:
    """The due date (moved) of the first installment whose annualized income includes income received on `day`:
    that installment counts the months of the year ending before its statutory due date (IRC 6654(d)(2))."""
    for statutory, moved in estimated_tax_due_dates(day.year):
        if (day.year, day.month) < (statutory.year, statutory.month):
            return moved
    raise ValueError(f"no installment of {day.year} counts {day}")  # the last is due in the next year


def sixty_day_deadline(offset_date: dt.date) -> dt.date:
    """Day 60, counting the day after the distribution as day 1; not moved for weekends."""
    return offset_date + rules().rollover_period


@lru_cache(maxsize=512)  # worked out when the input is validated and again by estimate()
def cure_period_end(missed_payment: dt.date) -> dt.date:
    """The latest day a missed loan installment can be made up: the last day of the calendar
    quarter after the one it was due in (Treas. Reg. 1.72(p)-1 Q&A-10(a)).

    Plans may allow less, or no cure period at all. Not moved for weekends:
    this is when the deemed distribution happens, not a filing deadline.
    """
    quarter = (missed_payment.month - 1) // 3 + rules().cure_quarters  # 0-based, may pass the year
    year, quarter = missed_payment.year + quarter // 4, quarter % 4
    # The day before the next quarter starts.
    return dt.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1) - _DAY
