"""A calendar day: "2026-03-01", "3/1/2026", "March 1, 2026", "1 de marzo de 2026", "yesterday", "last Friday";
and a birth date given where the age is asked ("born May 14, 1969")."""

from __future__ import annotations

import datetime as dt
import re

from conversations.i18n import N_, input_locale
from conversations.reading.errors import NEED_YEAR, AmbiguousDate, ParseError, YearMissing
from conversations.reading.text import check_empty, check_length, fold, one_of, slots
from conversations.reading.vocabulary import en, es

__all__ = [
    "BAD_DATE", "MONTHS", "MONTH_NAMES", "NEED_DAY", "NEED_YEAR", "WEEKDAYS", "AmbiguousDate", "day_first",
    "month_first", "month_number", "parse_birth_date", "parse_date", "reads_one_way", "unmistakable_day",
]  # fmt: skip

#: Month names, English and Spanish, folded, to their number.
MONTHS: dict[str, int] = {**en.MONTHS, **es.MONTHS}
MONTH_NAMES = frozenset(MONTHS)
WEEKDAYS: dict[str, int] = {**en.WEEKDAYS, **es.WEEKDAYS}
# Days counted from today, for the date questions that accept them.
_RELATIVE_DAYS: dict[str, int] = {**en.RELATIVE_DAYS, **es.RELATIVE_DAYS}
_DAYS_AGO = re.compile(slots(en.DAYS_AGO + es.DAYS_AGO, r"\d{1,3}"))
# "last Friday", "el viernes pasado": the latest such day before today, an exact date.
_LAST_WEEKDAY = re.compile(slots(en.LAST_WEEKDAY + es.LAST_WEEKDAY, "[a-z]+"))
# "last month", "this week", "la semana pasada": a time, not a day ("2 weeks ago" is said loosely, and a 60-day
# deadline counted from it would be too: the day is asked).
_VAGUE_SPAN = re.compile(r"\b(?:" + one_of(en.SPAN_UNITS + es.SPAN_UNITS) + r")\b")
_ORDINAL = r"(?:" + one_of(en.ORDINALS + es.ORDINALS) + r")?"  # "3rd", "1º" (folded to "1o")
_DAY_OF = r"(?:(?:" + one_of(en.DAY_OF_MONTH + es.DAY_OF_MONTH) + r") )?"  # "15th of dec", "3 de octubre"
_OF_YEAR = one_of(en.MONTH_OF_YEAR + es.MONTH_OF_YEAR)  # "March of 2025", "marzo de 2025"

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_MONTH_DAY_YEAR = re.compile(rf"([a-z]+)\.? (\d{{1,2}}){_ORDINAL} (\d{{4}})")
# "1 de marzo de 2026": Spanish says "de" before the year, English nothing ("1 March 2026").
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}}){_ORDINAL} {_DAY_OF}([a-z]+)\.? (?:(?:{one_of(es.MONTH_OF_YEAR)}) )?(\d{{4}})")
_MONTH_AND_DAY = re.compile(rf"([a-z]+)\.? (\d{{1,2}}){_ORDINAL}|(\d{{1,2}}){_ORDINAL} {_DAY_OF}([a-z]+)\.?")
_NUMERIC_NO_YEAR = re.compile(r"(\d{1,2})[/.](\d{1,2})")
_YEAR_ONLY = re.compile(r"(?:\d{1,2}[/.-])?(?:19|20)\d\d|(?:19|20)\d\d[/.-]\d{1,2}")
# "March 2025", "in march", "early June", "since 2025": a month, or a year, without the day.
_MONTH_ALONE = re.compile(
    rf"(?:(?:{one_of(en.SINCE_IN + es.SINCE_IN)}) )?(?:(?:{one_of(en.PART_OF_MONTH + es.PART_OF_MONTH)}) )?"
    rf"([a-z]+)\.?(?: (?:(?:{_OF_YEAR}) )?(?:19|20)\d\d)?"
)
# "on 3/1/2026", "it was March 1, 2026", "el 1 de marzo de 2026"
_DATE_LEAD = re.compile(r"^(?:(?:" + one_of(en.DATE_LEADS + es.DATE_LEADS) + r") )+(?=\S)")

NEED_DAY = N_("Please send the day too, e.g. 2026-03-01 or 3/1/2026.")
BAD_DATE = N_("I couldn't read that date. Please write it like 2026-03-01 or 3/1/2026.")


def month_number(word: str) -> int | None:
    """The month a word names ("march", "sept.", "dic"): its name, or an unambiguous start of one."""
    word = word.strip(".")
    if word in MONTHS:
        return MONTHS[word]
    if len(word) >= 3:
        hits = {n for name, n in MONTHS.items() if name.startswith(word)}
        if len(hits) == 1:
            return hits.pop()
    return None


def day_first(locale: str) -> bool:
    """Whether numeric dates are written day first for this language (es: "d/M/y")."""
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=input_locale(locale)).pattern.lower()
    return pattern.find("d") < pattern.find("m")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def month_first(first: int, second: int, locale: str) -> tuple[int, int]:
    """(month, day) of a numeric date's first two numbers: month first in English, day first in Spanish,
    unless the numbers say otherwise (there is no 20th month)."""
    if day_first(locale):
        return (first, second) if second > 12 >= first else (second, first)
    return (second, first) if first > 12 >= second else (first, second)


def _year_missing(raw: str, locale: str) -> YearMissing | None:
    if m := _NUMERIC_NO_YEAR.fullmatch(raw):
        month, day = month_first(int(m[1]), int(m[2]), locale)
    elif m := _MONTH_AND_DAY.fullmatch(raw):
        month, day = month_number(m[1] or m[4]), int(m[2] or m[3])
    else:
        return None
    if month is None:
        return None
    try:
        dt.date(2000, month, day)  # a leap year: February 29 is a day some years have
    except ValueError:
        return None
    return YearMissing(month, day)


def _missing_part(raw: str) -> str | None:
    """Which part a date that almost reads is missing: `NEED_DAY`, `NEED_YEAR`, or None if it is not a date."""
    if _VAGUE_SPAN.search(raw) or _YEAR_ONLY.fullmatch(raw):
        return NEED_DAY
    if m := _MONTH_ALONE.fullmatch(raw):
        return NEED_DAY if month_number(m[1]) else None
    if m := _MONTH_AND_DAY.fullmatch(raw):
        return NEED_YEAR if month_number(m[1] or m[4]) else None
    if _NUMERIC_NO_YEAR.fullmatch(raw):
        return NEED_YEAR
    return None


def _filled(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


def _from_today(raw: str, today: dt.date) -> dt.date | None:
    """"yesterday", "3 days ago", "last Friday": counted from today."""
    if raw in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[raw])
    if m := _DAYS_AGO.fullmatch(raw):
        return today - dt.timedelta(days=int(_filled(m)))
    if (m := _LAST_WEEKDAY.fullmatch(raw)) and _filled(m) in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[_filled(m)]) % 7 or 7
        return today - dt.timedelta(days=back)
    return None


def _both_orders(raw: str, locale: str) -> AmbiguousDate | None:
    """For a day-first language, a numeric date both of whose orders are days ("3/1/2026": 3 January or
    1 March): the two readings, this language's first. Month-first English reads as US forms print."""
    m = _NUMERIC.fullmatch(raw)
    if m is None or not day_first(locale):
        return None
    first, second = int(m[1]), int(m[2])
    if first == second or not (1 <= first <= 12 and 1 <= second <= 12):  # one reading only
        return None
    year = _year(m[3])
    return AmbiguousDate((dt.date(year, second, first), dt.date(year, first, second)))


def reads_one_way(day: dt.date, locale: str) -> bool:
    """Whether `day`, typed in numbers the language's way, has one reading: "10/12/1966" in Spanish is also
    12 October (`AmbiguousDate`), "13/12/1966" is not."""
    return not day_first(locale) or day.day > 12 or day.day == day.month


def unmistakable_day(day: dt.date, locale: str) -> dt.date:
    """`day`, or the 13th of its month where its numbers read two ways: an example that, typed as shown, is
    not asked about again."""
    return day if reads_one_way(day, locale) else day.replace(day=13)


def _parts(raw: str, locale: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a written date; None where it does not say."""
    if m := _ISO.fullmatch(raw):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _NUMERIC.fullmatch(raw):
        month, day = month_first(int(m[1]), int(m[2]), locale)
        return _year(m[3]), month, day
    if m := _MONTH_DAY_YEAR.fullmatch(raw):
        return int(m[3]), month_number(m[1]), int(m[2])
    if m := _DAY_MONTH_YEAR.fullmatch(raw):
        return int(m[3]), month_number(m[2]), int(m[1])
    return None, None, None


def parse_date(text: str, *, locale: str = "en", today: dt.date | None = None, ask_order: bool = False) -> dt.date:
    """A calendar date: "2026-03-01", "3/1/2026", "March 1, 2026", "1 de marzo de 2026".

    Numeric dates are month first in English (US) and day first in Spanish
    ("1/3/2026" is 1 March), unless the numbers say otherwise ("3/20/2026"
    is 20 March in Spanish, "20.3.2026" in English: there is no 20th month).
    Given `today`, "yesterday", "tomorrow", "3 days ago" and "last Friday" read too.
    A date missing its day or year ("March 2025", "Dec 15") gets a reply
    asking for that part, not "couldn't read". With `ask_order`, a day-first
    date whose two orders are both days ("3/1/2026" in Spanish) raises
    `AmbiguousDate` with both, for the question to ask which.
    """
    check_length(text)
    raw = re.sub(r"\s+", " ", fold(text).replace(",", " ")).strip(" .!")
    raw = _DATE_LEAD.sub("", raw)
    check_empty(raw, N_("a date such as 2026-03-01"))
    if today is not None and (counted := _from_today(raw, today)) is not None:
        return counted
    if ask_order and (both := _both_orders(raw, locale)) is not None:
        raise both
    try:
        year, month, day = _parts(raw, locale)
    except ValueError:
        raise ParseError(BAD_DATE) from None
    if year is None or month is None or day is None:
        if missing := _missing_part(raw):
            raise (missing == NEED_YEAR and _year_missing(raw, locale)) or ParseError(missing)
        raise ParseError(BAD_DATE)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(N_("That date doesn't exist. Please check the day and month, e.g. 2026-03-01.")) from None


# "born 5/14/1969", "my birthday is May 14, 1969", "nací el 14/5/1969": a birth date given for the age.
_BORN = re.compile(
    rf"^(?:(?:{one_of(en.BORN_LEADS + es.BORN_LEADS)}) )?(?:{one_of(en.BORN + es.BORN)})\s*:?\s*"
)
_YEAR_OF_BIRTH = re.compile(r"(?:19|20)\d\d")


def parse_birth_date(text: str, *, locale: str = "en", ask_order: bool = False) -> dt.date | None:
    """A birth date given where the age is asked ("5/14/1969", "born May 14, 1969"); None if the text is
    not a date. A year alone ("born in 1969") leaves the age open by one, so it asks for the day."""
    check_length(text)
    raw = re.sub(r"\s+", " ", fold(text).replace(",", " ")).strip(" .!")
    said_born = _BORN.match(raw)
    if said_born:
        raw = raw[said_born.end():]
        if not raw:
            return None
    if _YEAR_OF_BIRTH.fullmatch(raw):
        raise ParseError(N_("Please send your age, e.g. 45, or your whole birth date, e.g. 5/14/1980: the year alone "
                            "leaves the age open by one."))
    try:
        return parse_date(raw, locale=locale, ask_order=ask_order)
    except AmbiguousDate:
        raise
    except ParseError:
        if said_born:
            raise
        return None
