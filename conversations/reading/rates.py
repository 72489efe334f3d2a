"""A tax rate in percent: "22%", "22.5 %", "12,5 %", "the 24% bracket", and a sum of rates "4.75% + 3.2%"."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal

from conversations.i18n import N_, input_locale
from conversations.reading.amounts import FILLERS, HEDGES
from conversations.reading.errors import ParseError
from conversations.reading.text import MINUS, answer, check_length, drop_words, fold, one_of
from conversations.reading.vocabulary import en, es

__all__ = ["PERCENT_WORDS", "PLUS", "RATE_RANGE", "fraction_as_percent", "parse_percent", "split_sum"]

_RATE_WORDS = HEDGES | FILLERS | frozenset(en.RATE_WORDS + es.RATE_WORDS)
#: "percent", "por ciento": the % sign said in words.
PERCENT_WORDS = en.PERCENT + es.PERCENT
_ISH = re.compile(r"(\d)-?" + en.ISH + r"\b")  # "24ish"
_PERCENT_SIGN = re.compile(r"(\d)\s*(%|" + one_of(PERCENT_WORDS) + r")(?=\s|$)")
_SAYS_PERCENT = re.compile(one_of(PERCENT_WORDS))
_RATE_DIGITS = re.compile(r"[\d.,]+")
# A rate is at most 100, so "12,5" can only mean twelve and a half, whichever decimal sign the locale prefers.
_EITHER_DECIMAL_SIGN = re.compile(r"\d{1,3}[.,]\d{1,3}")

# "5-6%", "22 or 24": a range (a sum, "4.75 + 3.2", is a state's and a county's rate, read elsewhere).
RATE_RANGE = re.compile(r"(?<![\d.,])\d{1,2}(?:[.,]\d+)?\s*%?\s*(?:-|–|—|/|" + one_of(en.RATE_RANGE_WORDS + es.RATE_RANGE_WORDS)
                        + r")\s*\d{1,2}(?:[.,]\d+)?\s*%?(?![\d.,])")
#: Between the terms of a sum of rates: "+", "plus", "más" (folded to "mas").
PLUS = r"(?:\+|" + "|".join(rf"\b{re.escape(w)}\b" for w in en.PLUS + es.PLUS) + r")"
_SUM = re.compile(r"\s*" + PLUS + r"\s*")

_NOT_A_RATE = N_("A rate should be a number from 0 to 100, such as 22% or 22.5%.")


def parse_percent(text: str, *, locale: str = "en") -> Decimal:
    """A rate in percent, 0-100: "22%", "22", "22.5 %", and "12,5 %" with a decimal comma."""
    raw = answer(text, N_("a rate such as 22%"))
    raw = _ISH.sub(r"\1", raw)
    if RATE_RANGE.search(raw):
        raise ParseError(N_("Please send one rate, not a range, e.g. 5.5% (a figure in between is fine for an "
                            "estimate)."))
    raw = _PERCENT_SIGN.sub(r"\1", drop_words(raw, _RATE_WORDS)).strip()
    if any(raw.startswith(m) for m in MINUS):
        raise ParseError(N_("A tax rate can't be negative. Please send a rate such as 22%."))
    if any(c.isalpha() for c in raw) or "_" in raw or not _RATE_DIGITS.fullmatch(raw):
        raise ParseError(_NOT_A_RATE)
    try:
        value = parse_decimal(raw, locale=input_locale(locale), strict=True)
    except (NumberFormatError, InvalidOperation):
        if not _EITHER_DECIMAL_SIGN.fullmatch(raw):
            raise ParseError(_NOT_A_RATE) from None
        value = Decimal(raw.replace(",", "."))
    if not value.is_finite():
        raise ParseError(_NOT_A_RATE)
    if value > 100:
        raise ParseError(N_("A rate can't be more than 100%. Please send a rate such as 22%."))
    return value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize() + 0


def split_sum(text: str) -> list[str]:
    """The rates in a sum such as "4.75% + 3.2%" (a state's and a county's), each to parse on its own;
    [text] when it is no sum. A leading "+" is a sign ("+3%"); a sum with a missing term ("3% +") is
    left whole, for the rate parser to name what is wrong."""
    check_length(text)
    parts = _SUM.split(fold(text).strip())
    if parts and parts[0] == "":
        parts = parts[1:]
    if len(parts) < 2 or any(not part for part in parts):
        return [text]
    return parts


def fraction_as_percent(rate: Decimal, text: str) -> Decimal | None:
    """For "0.22" typed with no percent sign: 22, the rate it most likely meant. None otherwise.

    People copy rates from places that write them as fractions; read as percent,
    0.22 would tax at a hundredth of the rate they have.
    """
    if 0 < rate < 1 and "%" not in text and not _SAYS_PERCENT.search(fold(text)):
        return (rate * 100).normalize() + 0
    return None
