"""Digits with group and decimal signs, read for a locale: "15,000.50" in English, "15.000,50" in Spanish."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from conversations.i18n import N_, input_locale
from conversations.reading.errors import ParseError

__all__ = ["BAD_AMOUNT", "TOO_MANY_DECIMALS", "read_digits"]

BAD_AMOUNT = N_("I couldn't read that amount. Please write it like 15000 or 15,000 (or 1500.50 with cents).")
TOO_MANY_DECIMALS = N_(
    "Amounts have at most two digits after the decimal point. For fifteen thousand, write 15000."
)
# Cents have two digits: "15.000" is a thousands separator from another convention.
_THREE_DECIMALS = re.compile(r"\.\d{3,}$")


def read_digits(raw: str, locale: str) -> Decimal:
    """`raw` (digits, "." and "," only) as a number: strictly en_US where the locale writes "1,000.5", else
    as the string says (`mixed_number`)."""
    reading = input_locale(locale)
    if get_decimal_symbol(reading) == "." and get_group_symbol(reading) == ",":
        return us_number(raw, reading)
    return mixed_number(raw)


def us_number(raw: str, reading: str) -> Decimal:
    """Digits with "," groups and a "." decimal point (en_US), strictly."""
    if _THREE_DECIMALS.search(raw):
        # Guessing which convention "15.000" follows would be off by a factor of a thousand.
        raise ParseError(TOO_MANY_DECIMALS)
    try:
        return parse_decimal(raw, locale=reading, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise ParseError(BAD_AMOUNT) from None


def _grouped(digits: str, group: str) -> bool:
    return re.fullmatch(r"[1-9]\d{0,2}(?:" + re.escape(group) + r"\d{3})+", digits) is not None


def mixed_number(raw: str) -> Decimal:
    """Digits with "." and "," read for a locale whose decimal sign is the comma (es: "15.000,50").

    People there also paste US-formatted amounts, so the reading follows the
    string, not only the locale: with both signs, the last one is the decimal
    point ("$15,000.50" and "15.000,50" are both 15000.50); a sign followed by
    exactly three digits separates thousands ("15.000" and "15,000" are 15000,
    since cents have two digits); one followed by one or two digits is the
    decimal point ("12,5", "1500.50").
    """
    marks = {c for c in raw if c in ".,"}
    if not marks:
        return Decimal(raw)
    if len(marks) == 2:
        return _with_both_marks(raw)
    (mark,) = marks
    if raw.count(mark) > 1:
        if not _grouped(raw, mark):
            raise ParseError(BAD_AMOUNT)
        return Decimal(raw.replace(mark, ""))
    whole, _, tail = raw.partition(mark)
    if not whole or not tail:
        raise ParseError(BAD_AMOUNT)
    if len(tail) == 3:
        if not _grouped(raw, mark):
            raise ParseError(BAD_AMOUNT)
        return Decimal(whole + tail)
    if len(tail) > 3:
        raise ParseError(TOO_MANY_DECIMALS)
    return Decimal(whole + "." + tail)


def _with_both_marks(raw: str) -> Decimal:
    point = raw[max(raw.rfind("."), raw.rfind(","))]
    group = "," if point == "." else "."
    whole, _, cents = raw.rpartition(point)
    if point in whole or not _grouped(whole, group):
        raise ParseError(BAD_AMOUNT)
    if not cents or len(cents) > 2:
        raise ParseError(TOO_MANY_DECIMALS if cents else BAD_AMOUNT)
    return Decimal(whole.replace(group, "") + "." + cents)
