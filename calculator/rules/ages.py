"""Ages from a birth date, or the range of birth dates an age in years allows.

With only an age on the offset date the birth date lies in a one-year window;
a rule is certain when it gives the same answer at both ends of the window
(every rule here favours older people), and otherwise depends on the birthday.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

_DAY = dt.timedelta(days=1)
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day of the month `months` later, or the month's last day if it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    d = day.day
    if d > 28:
        last = _MONTH_DAYS[month]
        if month == 2 and (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            last = 29
        d = min(d, last)
    return dt.date(year, month, d)


def add_years(day: dt.date, years: int) -> dt.date:
    """add_months(day, 12 * years), without the month arithmetic: only 29 February can clamp."""
    if day.month == 2 and day.day == 29:
        return add_months(day, 12 * years)
    return dt.date(day.year + years, day.month, day.day)


@lru_cache(maxsize=4096)
def birth_window(age: int | None, birth_date: dt.date | None, on: dt.date) -> tuple[dt.date, dt.date]:
    """Earliest and latest birth date consistent with the input (equal with a birth date)."""
    # Kept: people give an age far more often than a birth date, the offset
    # date is usually today, and ~107 ages are allowed, so a day's estimates
    # share a few hundred windows. Building the two dates cost a tenth of an
    # estimate, and a hit costs less than the call it saves.
    if birth_date is not None:
        return birth_date, birth_date
    assert age is not None
    return add_years(on, -(age + 1)) + _DAY, add_years(on, -age)


def age_at(birth: dt.date, on: dt.date) -> int:
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


@lru_cache(maxsize=4096)
def reached_by_year_end(window: tuple[dt.date, dt.date], age: int, year: int) -> bool | None:
    """Whether every birth date in `window` reaches `age` by December 31 of `year` (True), none does
    (False), or only some: the birthday decides (None). Kept, as the windows are (see `birth_window`)."""
    oldest = age_by_year_end(window[0], age, year)
    if window[0] == window[1] or oldest == age_by_year_end(window[1], age, year):
        return oldest
    return None


def age_by_year_end(birth: dt.date, age: int, year: int) -> bool:
    # The IRS treats a person as reaching an age the day before the birthday
    # (Pub. 501), so a 1 January birthday counts for the year before. Worked
    # on the year alone (the birthday `age` years on falls in birth.year + age),
    # which runs per estimate, rather than building and shifting dates.
    reached_in = birth.year + age
    return reached_in <= year or (reached_in == year + 1 and birth.month == 1 and birth.day == 1)


def earliest_birthday(age: int | None, birth_date: dt.date | None, offset: dt.date, years: int) -> dt.date:
    """The earliest day the person can turn `years`, given the age on the offset's day or the birth date: after
    `today`, it is still to come whatever the birthday ("the year you turn 55", not "turned")."""
    return add_years(birth_window(age, birth_date, offset)[0], years)
