"""The rates of a one-line message: the federal one, and a state's written right after the state ("22% CA 9.3%",
"MD 4.75% + 3.2%")."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

from conversations.i18n import N_, input_locale
from conversations.reading.errors import ParseError
from conversations.reading.places import STATES
from conversations.reading.rates import PLUS, parse_percent, split_sum
from conversations.reading.vocabulary import en, es

__all__ = ["federal_and_state_rates", "mark_state_rates"]

_RATE_TERM = r"\d{1,2}(?:[.,]\d{1,3})?"
# "CA 9.3", "MD 4.75+3.2": a rate without its % right after a state's code. A whole number is left alone: "CA 45"
# is more likely the age.
_RATE_AFTER_CODE = re.compile(
    rf"(?<![a-z])([a-z]{{2}}):?\s+(?:\d{{1,2}}[.,]\d{{1,3}}|{_RATE_TERM}(?:\s*{PLUS}\s*{_RATE_TERM})+)"
    rf"(?![\d.,%]|\s*%|\s*{PLUS})"
)
# A sum of rates ending in % ("4.75% + 3.2%", "4.75+3.2%"): a state's rate and a local one (a county's).
_RATE_SUM = re.compile(rf"(?<![\d.,])(?:{_RATE_TERM}\s*%?\s*{PLUS}\s*)+{_RATE_TERM}\s*%")
# What may stand between a state and its rate: "CA: 9.3%", "California at 9.3%", "tasa al 9.3%".
_BETWEEN_STATE_AND_RATE = ("", *en.STATE_RATE_LEADS, *es.STATE_RATE_LEADS)


def mark_state_rates(raw: str, text: str, locale: str) -> str:
    """`raw` with a rate written after a state's code (as typed, in capitals, in `text`) given its %, and a sum
    of rates written as the one rate it adds up to."""
    raw = _RATE_AFTER_CODE.sub(lambda m: m[0] + "%" if m[1].upper() in STATES and m[1].upper() in text else m[0], raw)
    return _RATE_SUM.sub(lambda m: _summed_rate(m, locale), raw)


def _summed_rate(m: re.Match[str], locale: str) -> str:
    total = sum((parse_percent(term, locale=locale) for term in split_sum(m[0])), Decimal(0))
    return format_decimal(total, "0.###", locale=input_locale(locale)) + "%"


def federal_and_state_rates(
    rates: list[tuple[int, Decimal]], raw: str, state_end: int, brackets: bool
) -> tuple[Decimal | None, Decimal | None]:
    """(federal rate, state rate) from the rates of a line: with two, the one written right after the state
    ("22% CA 9.3%", "California: 9.3%") is the state's. With one, it is the federal rate, unless a filing
    status and income stand in for that and it follows the state ("single 60k income CA 9.3%")."""

    def after_state(where: int) -> bool:
        return 0 <= state_end <= where and raw[state_end:where].strip(" ,:;-=") in _BETWEEN_STATE_AND_RATE

    if not rates:
        return None, None
    if len(rates) == 1:
        where, value = rates[0]
        return (None, value) if brackets and after_state(where) else (value, None)
    for i, (where, value) in enumerate(rates):
        if after_state(where):
            return rates[1 - i][1], value
    raise ParseError(N_("I found two tax rates in that. Please send one, or put your state's right after the "
                        "state, e.g. 22% CA 9.3%."))
