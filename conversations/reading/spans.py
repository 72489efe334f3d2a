"""A time said without its day: a month ("September 2025", "in October", "last month"), or a recent stretch of
days ("3 weeks ago", "this year"); and the words at the end of a sentence that say when."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from conversations.reading.dates import month_number, parse_date
from conversations.reading.errors import ParseError
from conversations.reading.text import fold, one_of
from conversations.reading.vocabulary import en, es

__all__ = ["line_tails", "month_end", "month_said", "recent_span", "time_said"]

# "last month", "el mes pasado", "this year": what each means, as a stretch of days.
_SPANS: dict[str, str] = {**en.SPANS, **es.SPANS}
_FEW: dict[str, int] = {**en.FEW, **es.FEW}
_AGO_HEDGE = r"(?:(?:" + one_of(en.AGO_HEDGES + es.AGO_HEDGES) + r") )?"
_COUNT = r"(\d{1,2}|[a-z ]+?)"
# "3 weeks ago", "about a month ago", "hace unas semanas".
_AGO = re.compile(
    rf"{_AGO_HEDGE}{_COUNT} ({one_of(en.WEEK_UNITS + en.MONTH_UNITS)}) {one_of(en.AGO)}|"
    rf"{one_of(es.AGO)} {_AGO_HEDGE}{_COUNT} ({one_of(es.WEEK_UNITS + es.MONTH_UNITS)})"
)
_WEEK_UNITS = tuple(en.WEEK_UNITS + es.WEEK_UNITS)
# "I left last month": the time, without the leaving.
_LEFT_LEAD = re.compile(r"^(?:(?:" + one_of(en.LEFT_LEADS + es.LEFT_LEADS) + r") )")
_IN = r"(?:(?:" + one_of(en.IN_MONTH + es.IN_MONTH) + r") )"  # "in October", "a principios de octubre"
# "September 2025", "in sept. 2025", "en septiembre de 2025"; "9/2025".
_MONTH_YEAR = re.compile(_IN + r"?([a-z]+)\.?(?: (?:" + one_of(en.MONTH_OF_YEAR + es.MONTH_OF_YEAR) + r"))? (\d{4})")
_NUMERIC_MONTH_YEAR = re.compile(r"(\d{1,2})[/-](\d{4})")
_MONTH = re.compile(f"({_IN})?([a-z]+)")
# "on 10/15/2026", "el 15/10/2026": the word before a date at the end of a sentence.
_DATE_PREPOSITION = re.compile(r"^(?:" + one_of(en.DATE_PREPOSITIONS + es.DATE_PREPOSITIONS) + r") (?=\d)")


def _loose(text: str) -> str:
    raw = re.sub(r"\s+", " ", fold(text).replace(",", " ")).strip(" .!")
    return _LEFT_LEAD.sub("", raw)


def month_said(text: str, *, today: dt.date, latest: dt.date | None = None) -> dt.date | None:
    """The first day of the month a time names without its day: "September 2025", "9/2025", "last month",
    "in October" (the latest October up to `latest`, by default today). None if the text names no month.

    A month settles the year the rule of 55 looks at, and often "within 12 months before the offset"."""
    raw = _loose(text)
    kind = _SPANS.get(raw)
    if kind == "last_month":
        return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if kind == "this_month":
        return today.replace(day=1)
    if (m := _MONTH_YEAR.fullmatch(raw)) or (m := _NUMERIC_MONTH_YEAR.fullmatch(raw)):
        month = int(m[1]) if m[1].isdigit() else month_number(m[1]) if len(m[1]) >= 3 else None
        if month is None or not 1 <= month <= 12 or not 1900 < int(m[2]) <= today.year:
            return None
        first = dt.date(int(m[2]), month, 1)
        return first if first <= today else None
    if m := _MONTH.fullmatch(raw):
        month = month_number(m[2]) if len(m[2]) >= 3 else None
        if month is None or (m[1] is None and m[2] in en.MONTHS_THAT_ARE_WORDS):  # only "in May" is the month
            return None
        upto = min(latest or today, today)
        return dt.date(upto.year if month <= upto.month else upto.year - 1, month, 1)
    return None


def month_end(first: dt.date) -> dt.date:
    return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1) - dt.timedelta(days=1)


def recent_span(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The first and last day a vague recent time can mean: "last month", "3 weeks ago", "this year",
    "in October" (the latest October up to today), "September 2025". None if the text is not one of them.

    Enough to settle "within 12 months before the offset" without asking for the day."""
    first = month_said(text, today=today)
    if first is not None:
        return first, min(month_end(first), today)
    raw = _loose(text)
    kind = _SPANS.get(raw)
    if kind == "weeks":
        return today - dt.timedelta(days=13), today
    if kind == "this_year":
        return today.replace(month=1, day=1), today
    if m := _AGO.fullmatch(raw):
        return _ago(m, today)
    return None


def _ago(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date] | None:
    count, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
    n = int(count) if count.isdigit() else _FEW.get(count.strip())
    if n is None or n < 1:
        return None
    if unit.startswith(_WEEK_UNITS):
        # "3 weeks ago" is said loosely: a week either side.
        return today - dt.timedelta(days=7 * (n + 1)), today - dt.timedelta(days=max(0, 7 * (n - 1)))
    if n > 11:
        return None
    from calculator.rules.ages import add_months

    return add_months(today, -(n + 1)), add_months(today, -(n - 1)) if n > 1 else today


def line_tails(text: str) -> Iterator[str]:
    """The last words of a sentence, longest first (up to five, never the whole), folded, without the "on"/"in"
    before them: where "I was laid off on 3/15/2026" or "my last day was March 15" says when."""
    words = fold(text).replace(",", " ").strip(" .!").split()
    for size in range(min(5, len(words) - 1), 0, -1):
        yield _DATE_PREPOSITION.sub("", " ".join(words[-size:]))


def time_said(text: str, *, locale: str = "en", today: dt.date) -> str | None:
    """The words at the end of an answer that say when ("I got laid off last month", "retired on
    10/15/2026", "me despidieron ayer"): a day, or a recent stretch of days. None if there are none."""
    for tail in line_tails(text):
        if recent_span(tail, today) is not None:
            return tail
        try:
            parse_date(tail, locale=locale, today=today)
        except ParseError:
            continue
        return tail
    return None
