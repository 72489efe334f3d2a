"""A dollar amount: "$15,000", "15k", "15 000", "1.5m", "15000 USD", "I owe about $15,000 on the loan"."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from conversations.i18n import N_
from conversations.reading.errors import ParseError
from conversations.reading.numbers import read_digits
from conversations.reading.text import MINUS, answer, drop_words, one_of
from conversations.reading.vocabulary import en, es

__all__ = [
    "AMOUNT_RANGE", "AMOUNT_WITH_WORDS", "CENT", "HEDGES", "FILLERS", "MAX_AMOUNT", "RANGE_SEPARATORS", "THOUSANDS",
    "parse_amount",
]  # fmt: skip

MAX_AMOUNT = Decimal("100000000")
CENT = Decimal("0.01")

# Words around a number that do not change it: "about $15k", "I owe 15000 on the loan", "I'm 45", "the 24%
# bracket". Dropped as whole words only, so what is left must still read as a number.
HEDGES = frozenset(en.HEDGES + es.HEDGES)
FILLERS = frozenset(en.FILLERS + es.FILLERS)
_AMOUNT_WORDS = HEDGES | FILLERS | frozenset(en.AMOUNT_WORDS + es.AMOUNT_WORDS)

#: "k", "mil", "thousand", "grand": a thousand, after a number.
THOUSANDS = en.THOUSANDS + es.THOUSANDS
_SUFFIXES = {
    **dict.fromkeys(THOUSANDS, Decimal(1000)),
    **dict.fromkeys(en.MILLION_ABBREVIATIONS + en.MILLIONS + es.MILLIONS, Decimal(1000000)),
}
# "15k", "1.5 m", "2 grand.": the number and its multiplier.
_SUFFIX = re.compile(r"^(.*?\d)\s*(" + one_of(sorted(_SUFFIXES, key=len, reverse=True)) + r")\.?$")
# "$", "US$", "USD", "dollars", "dólares": said of every amount, so dropped.
_CURRENCY = re.compile(r"us\$|\$|" + one_of(en.CURRENCY + es.CURRENCY))

# "12-15k", "12,000 to 13,000", "12 o 13 mil": a range, which "add them up" would get wrong.
RANGE_SEPARATORS = ("-", "–", "—", *en.RANGE_WORDS, *es.RANGE_WORDS)
_THOUSAND = r"(?:" + one_of(THOUSANDS) + r")"
_RANGE = re.compile(
    rf"(?<![\d.,])\d[\d.,]*\s*{_THOUSAND}?\s*(?:{one_of(RANGE_SEPARATORS)})\s*\d[\d.,]*\s*{_THOUSAND}?(?![\d.,/-])"
    rf"|(?<![a-z])(?:{one_of(en.BETWEEN + es.BETWEEN)}) \d[\d.,]*\s*{_THOUSAND}? (?:{one_of(en.AND + es.AND)}) \d"
)
AMOUNT_RANGE = N_("Please send one amount, not a range, e.g. 15000 (a figure in between is fine for an estimate).")
# "12,000 50": digit groups split by spaces belong together ("15 000").
_GROUPED_WITH_SPACES = re.compile(r"^\d{1,3}(?: \d{3})+(?:[.,]\d+)?$")
_DIGITS = re.compile(r"[\d.,]+")
_ISH = "-" + en.ISH  # "15k-ish"

AMOUNT_WITH_WORDS = N_("An amount should be digits only, with no letters. Please send something like 15000 or $15,000.")
_NEGATIVE = N_("The amount can't be negative. Please send it without a minus sign, e.g. 15000.")
_NO_NUMBER = N_("I couldn't find a number in that. Please send an amount such as 15000.")
_TOO_MUCH = N_("That is more than I can work with (over {maximum}). Please check the amount.")


def parse_amount(
    text: str,
    *,
    locale: str = "en",
    allow_zero: bool = False,
    maximum: Decimal = MAX_AMOUNT,
) -> Decimal:
    """A dollar amount, in cents: "$15,000", "15k", "15 000", "1.5m", "15000 USD"."""
    raw = answer(text, N_("an amount such as 15000"))
    if _RANGE.search(_CURRENCY.sub(" ", raw)):
        raise ParseError(AMOUNT_RANGE)
    raw, multiplier = _bare_number(raw)
    value = read_digits(raw, locale)
    if not value.is_finite():
        raise ParseError(_NO_NUMBER)
    try:
        value = (value * multiplier).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        # More digits than Decimal's 28-digit precision can round to cents ("9" * 40): far over any maximum.
        raise ParseError(_TOO_MUCH, maximum=maximum) from None
    if value < 0:
        raise ParseError(_NEGATIVE)
    if value == 0 and not allow_zero:
        raise ParseError(N_("The amount must be more than zero."))
    if value > maximum:
        raise ParseError(_TOO_MUCH, maximum=maximum)
    return value


def _bare_number(raw: str) -> tuple[str, Decimal]:
    """The digits of a folded amount, without the words, currency and sign around them, and the multiplier its
    suffix says ("15k": 1000)."""
    raw = drop_words(raw.replace(_ISH, " "), _AMOUNT_WORDS)
    raw = re.sub(r"\s+", " ", _CURRENCY.sub(" ", raw)).strip()
    if raw.startswith("(") and raw.endswith(")") or any(raw.startswith(m) for m in MINUS):
        raise ParseError(_NEGATIVE)
    if raw.startswith("+"):
        raw = raw[1:].strip()
    multiplier = Decimal(1)
    if match := _SUFFIX.match(raw):
        raw, multiplier = match.group(1).strip(), _SUFFIXES[match.group(2)]
    if _GROUPED_WITH_SPACES.match(raw):
        raw = raw.replace(" ", "")
    if not raw:
        raise ParseError(_NO_NUMBER)
    if any(c.isalpha() for c in raw) or "_" in raw:
        raise ParseError(AMOUNT_WITH_WORDS)
    if " " in raw:
        raise ParseError(N_("Please send one amount only, e.g. 15000 (if there are two, add them up)."))
    if not _DIGITS.fullmatch(raw) or not any(c.isdigit() for c in raw):
        raise ParseError(_NO_NUMBER)
    return raw, multiplier
