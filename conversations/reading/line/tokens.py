"""The numbers of a one-line message, token by token: the day of the offset, rates (with %), bare whole numbers
that may be the age, amounts, and a state's code typed in capitals."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from conversations.i18n import N_
from conversations.reading.amounts import parse_amount
from conversations.reading.dates import parse_date
from conversations.reading.errors import ParseError
from conversations.reading.places import STATES
from conversations.reading.rates import parse_percent

__all__ = ["Tokens", "scan"]

_TOKEN = re.compile(r"[^\s;]+(?:\s*%)?")
_DATE_TOKEN = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})")
_BARE = re.compile(r"\d{1,3}")


@dataclass
class Tokens:
    """What the tokens of a line are, each with where it is in `spaced` (the line with ", " as two spaces, so
    places in it are places in the line)."""

    spaced: str
    offset: dt.date | None = None  # "2025-11-03", "11/3/2025": the day of the offset
    rates: list[tuple[int, Decimal]] = field(default_factory=list)  # (where, rate)
    bare: list[int] = field(default_factory=list)  # whole numbers up to 120: an age, or a rate without its %
    amounts: list[tuple[int, Decimal]] = field(default_factory=list)  # (where, amount)
    amount_ends: list[int] = field(default_factory=list)
    state: str | None = None  # a state's code, as typed in capitals
    state_end: int = -1  # where the state's code ends


def scan(raw: str, text: str, locale: str) -> Tokens:
    """The tokens of `raw` (the folded line, its words taken out); `text`, as typed, tells a state's code in
    capitals from a word ("CA" from "ca")."""
    found = Tokens(raw.replace(", ", "  "))
    for token_match in _TOKEN.finditer(found.spaced):
        token = token_match[0].strip(",;:?!¿¡")  # "a 20k loan?", "¿de 20 mil?"
        if token:
            _read_token(found, token, token_match, text, locale)
    return found


def _read_token(found: Tokens, token: str, where: re.Match[str], text: str, locale: str) -> None:
    if _DATE_TOKEN.fullmatch(token):
        if found.offset is not None:
            raise ParseError(N_("I found two dates in that. Please send one: the day of the offset."))
        found.offset = parse_date(token, locale=locale)
    elif token.endswith("%"):
        if len(found.rates) == 2:
            raise ParseError(N_("I found more than two tax rates in that. Please send your federal rate, and "
                                "your state's right after the state, e.g. 22% CA 9.3%."))
        found.rates.append((where.start(), parse_percent(token, locale=locale)))
    elif _BARE.fullmatch(token) and not token.startswith("0") and int(token) <= 120:
        found.bare.append(int(token))
    else:
        try:
            amount = parse_amount(token, locale=locale)
        except ParseError:
            code = token.upper()
            if code in STATES and text.find(code) >= 0 and len(token) == 2:
                found.state = code
                found.state_end = where.start() + len(where[0].rstrip(",;:"))
            return
        found.amounts.append((where.start(), amount))
        found.amount_ends.append(where.start() + len(where[0]))
