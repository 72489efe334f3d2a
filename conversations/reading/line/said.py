"""The parts of a one-line message said in words, taken out before its numbers are read: the plan's name, Form
1099-R, a birth date, when they left, the age said as such, what happened, the year's income, the filing status."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from calculator.models import Event, FilingStatus
from conversations.reading.amounts import THOUSANDS, parse_amount
from conversations.reading.dates import parse_date
from conversations.reading.events import find_event
from conversations.reading.filing import FILING_PHRASES, MARRIED, parse_filing_status
from conversations.reading.form_1099r import read_form_1099r
from conversations.reading.rates import PERCENT_WORDS
from conversations.reading.text import fold, one_of, whole, without_whole
from conversations.reading.vocabulary import en, es

__all__ = ["STATUS_MARK", "Line"]

#: Left where the filing status was taken out of a line: no token reads as anything.
STATUS_MARK = "\u2063"
# Digit groups split by spaces belong together ("15 000").
_SPACED_GROUPS = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d%])")
# A loan from a 457(b) plan (only governmental ones lend): no 10% tax. A bare "457" could be an amount.
_PLAN_457B = re.compile(r"(?<![\w$])457\s*\(?b\)?(?![\w])|(?<![\w$])457 plan(?![a-z])", re.IGNORECASE)
_PLAN_NAMES = re.compile(r"(?<![\w$])40[13]\s*\(?[kb]\)?(?![\w])")  # "my 401k loan": a plan's name, not an amount
_PERCENT_WORD = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s*(?:" + one_of(en.PERCENT_IN_LINE + PERCENT_WORDS)
                           + r")(?![a-z])")  # "22 percent", "22pct"
_RATE_WORD = re.compile(r"(?<![a-z])((?:" + one_of(en.RATE_LABELS + es.RATE_LABELS)
                        + r")\s*:?\s*\d{1,2}(?:[.,]\d{1,3})?)(?![\d.,%])")  # "rate 22", "bracket: 24"

_DE = one_of(es.DAY_OF_MONTH)
_DATE = (r"(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|[a-z]+\.? \d{1,2} \d{4}|"
         rf"\d{{1,2}} (?:{_DE} )?[a-z]+ (?:{_DE} )?\d{{4}})")
_BORN = re.compile(r"(?<![a-z])(?:" + one_of(en.BORN_IN_LINE + es.BORN_IN_LINE) + r"):?\s+" + _DATE)

_MONTH = r"(?:" + one_of([*en.MONTHS, *en.MONTH_ABBREVIATIONS, *es.MONTHS, *es.MONTH_ABBREVIATIONS]) + r")\.?"
_WHEN_IN = one_of(en.WHEN_IN + es.WHEN_IN)
_AGO_HEDGE = r"(?:(?:" + one_of(en.AGO_HEDGES + es.AGO_HEDGES) + r") )?"
_TIME = re.compile(
    rf"(?<![a-z\d])(?:(?:(?:{_WHEN_IN}) )?{_MONTH}(?: (?:{one_of(en.MONTH_OF_YEAR + es.MONTH_OF_YEAR)}))? (?:19|20)\d\d(?!\d)|"
    rf"(?:{_WHEN_IN}) {_MONTH}(?![a-z])|"
    rf"{one_of(en.SPANS_IN_LINE + es.SPANS_IN_LINE)}|"
    rf"{_AGO_HEDGE}(?:\d{{1,2}}|{one_of(en.FEW)}) (?:{one_of(en.WEEK_UNITS + en.MONTH_UNITS)}) {one_of(en.AGO)}|"
    rf"{one_of(es.AGO)} {_AGO_HEDGE}(?:\d{{1,2}}|{one_of(es.FEW)}) (?:{one_of(es.WEEK_UNITS + es.MONTH_UNITS)})"
    r")(?![a-z])"
)
_AGE = re.compile(
    "".join(rf"(?<!{re.escape(ago)} )" for ago in es.AGO)  # "hace 2 años" is a time, not an age
    + r"(?<![\d.,$])(?P<a>\d{1,3})\s*(?:" + one_of(en.AGE_SUFFIXES_IN_LINE + es.AGE_SUFFIXES_IN_LINE) + r")(?![a-z])"
    r"|(?<![a-z])(?:" + one_of(en.AGE_LABELS + es.AGE_LABELS) + r")\s*:?\s*(?P<b>\d{1,3})(?![\d.,%])"
)
_THOUSAND = r"(?:" + one_of(THOUSANDS) + r")"
# "12k left on the loan", "8,000 left to pay": what remains of the loan, not leaving (a bare "15000 left" is the
# one-liner's "left the job", as in "15000 45 left 22%").
_AMOUNT_LEFT = re.compile(rf"(\d[\d.,]*\s*{_THOUSAND}?)\s+{en.LEFT}\s+(?=(?:{one_of(en.LEFT_ON)})\b)")
# "15 mil", "15 k": one amount, not a bare 15 that could be the age.
_SPACED_SUFFIX = re.compile(r"(\d)\s+(" + one_of(THOUSANDS + en.MILLIONS + es.MILLIONS) + r")(?![a-z])")

# An amount that reads as money, not an age: "$45", "45k", "45,000", "45000".
_MONEY = rf"(?:\$\d[\d,.]*{_THOUSAND}?|\d[\d,.]*{_THOUSAND}|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d{{4,}}(?:\.\d+)?)"
_INCOME_NOUNS = one_of(en.INCOME_NOUNS + es.INCOME_NOUNS)
# The year's other income, said as such ("60k income", "salary $60,000", "I make 60k"): not the loan.
_INCOME = re.compile(
    rf"(?<![a-z])(?:{_INCOME_NOUNS}|{one_of(en.INCOME_VERBS + es.INCOME_VERBS)})"
    rf"(?: (?:{one_of(en.INCOME_GLUE + es.INCOME_GLUE)}))?:?\s*(?P<after>{_MONEY})(?![\d%])"
    rf"|(?<![\w$.,])(?P<before>{_MONEY})\s*(?:(?:{one_of(en.PER_YEAR + es.PER_YEAR)}) )?"
    rf"(?:(?:{one_of(en.INCOME_OF + es.INCOME_OF)}) )?(?:{_INCOME_NOUNS})(?![a-z])"
)
# The filing statuses' phrases that a free line cannot mean otherwise: not "household income", "a separate
# account", "jointly owned", "not married to the idea"...
_NOT_FILING = frozenset(en.NOT_FILING_IN_A_LINE + es.NOT_FILING_IN_A_LINE)
_FILING = re.compile(whole(one_of(
    [*en.FILING_IN_LINE, *(p for p, _ in sorted(FILING_PHRASES, key=lambda w: -len(w[0])) if p not in _NOT_FILING)]
)))
_NOT_MARRIED = re.compile(whole(r"(?:" + one_of(en.NOT + es.NOT) + r") ?(?:" + one_of(en.MARRIED + es.MARRIED) + ")"))


class Line:
    """A one-line message as its parts are taken out: `raw`, folded, loses each part read from it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.raw = _SPACED_GROUPS.sub(lambda m: m[1] + m[2].replace(" ", ""), fold(text))

    def _cut(self, m: re.Match[str], mark: str = " ") -> None:
        self.raw = self.raw[: m.start()] + mark + self.raw[m.end() :]

    def take_plans(self) -> bool:
        """Takes out the plan's name ("401k", "457(b)"); whether it is a governmental 457(b)."""
        self.raw, plan_457b = _PLAN_457B.subn(" ", self.raw)
        self.raw = _PLAN_NAMES.sub(" ", self.raw)
        return bool(plan_457b)

    def take_form(self) -> str | None:
        """Takes out Form 1099-R's name and boxes ("1099-R box 1 12000 code L1"): None if none, else its code's loan
        letter or ""."""
        if form := read_form_1099r(self.raw):
            self.raw = form.rest
            return form.code or ""
        return None

    def mark_rates(self) -> None:
        """"22 percent", "rate 22": written as "22%"."""
        self.raw = _RATE_WORD.sub(r"\1%", _PERCENT_WORD.sub(r"\1%", self.raw))

    def take_born(self, locale: str) -> dt.date | None:
        """"born 5/14/1969": the birth date, not the day of the offset."""
        if m := _BORN.search(self.raw):
            born = parse_date(m[1], locale=locale)
            self._cut(m)
            return born
        return None

    def take_left_time(self) -> str | None:
        """"laid off in September 2025", "last month": when they left, as said, not an amount."""
        if m := _TIME.search(self.raw):
            self._cut(m)
            return m[0].strip()
        return None

    def take_said_age(self) -> int | None:
        """"45yo", "age 45", "45 years old": the age, whatever other bare numbers there are."""
        if m := _AGE.search(self.raw):
            self._cut(m)
            return int(m["a"] or m["b"])
        return None

    def take_event(self, form_code: str | None) -> Event | None:
        """What happened ("left", "missed payments"); code L on the form is a deemed distribution."""
        self.raw = _AMOUNT_LEFT.sub(r"\1 ", self.raw)
        found = find_event(self.raw)
        if found is None:
            return Event.DEFAULT if form_code == "l" else None  # loans treated as deemed distributions
        self.raw = without_whole(self.raw, found[1], count=1)
        return found[0]

    def join_suffixes(self) -> None:
        self.raw = _SPACED_SUFFIX.sub(r"\1\2", self.raw)

    def take_income(self, locale: str) -> Decimal | None:
        """The year's other income said as such ("60k income", "I make 60k")."""
        if m := _INCOME.search(self.raw):
            income = parse_amount(m["before"] or m["after"], locale=locale, allow_zero=True)
            self._cut(m)
            return income
        return None

    def take_filing(self) -> tuple[FilingStatus | None, bool]:
        """(the filing status, and whether "married" was said without it: jointly or separately changes the
        brackets, and a line cannot be asked which). Where the status was, `STATUS_MARK` is left."""
        if m := _FILING.search(self.raw):
            status = parse_filing_status(m[0])
            self._cut(m, f" {STATUS_MARK} ")
            return status, False
        return None, not _NOT_MARRIED.search(self.raw) and MARRIED.search(self.raw) is not None
