"""Rates in percent, ranges and sums of them, and a fraction typed for one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations.reading.errors import ParseError
from conversations.reading.rates import fraction_as_percent, parse_percent, split_sum


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("22%", "en", "22"),
        ("22", "en", "22"),
        ("22.5 %", "en", "22.5"),
        ("12,5 %", "es", "12.5"),
        ("12.5%", "es", "12.5"),
        ("0", "en", "0"),
        ("100%", "en", "100"),
        ("9.3 percent", "en", "9.3"),
        ("I'm in the 24% bracket", "en", "24"),
        ("22% bracket", "en", "22"),
        ("about 24", "en", "24"),
        ("24ish", "en", "24"),
        ("my top rate is 32 percent", "en", "32"),
        ("estoy en el tramo del 22 %", "es", "22"),
    ],
)
def test_percent_accepted(text: str, locale: str, expected: str) -> None:
    assert parse_percent(text, locale=locale) == Decimal(expected)


@pytest.mark.parametrize(("text", "expected"), [("I think 4.5%", "4.5"), ("3.2% county", "3.2"), ("state rate 5%", "5"),
                                                ("probably 22", "22")])
def test_percent_with_words_around_it(text: str, expected: str) -> None:
    assert parse_percent(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["5-6%", "22 or 24", "5% to 6%", "5 y 6 %"])
def test_percent_range_asks_for_one_rate(text: str) -> None:
    with pytest.raises(ParseError, match="Please send one rate, not a range"):
        parse_percent(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("101%", "more than 100%"), ("-5%", "negative"), ("abc", "number from 0 to 100"), ("NaN", "number from 0 to 100")],
)
def test_percent_rejections(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_percent(text)


@pytest.mark.parametrize(
    ("rate", "text", "meant"),
    [("0.22", "0.22", "22"), ("0.05", ".05", "5"), ("0.22", "0.22%", None), ("0.5", "0.5 percent", None), ("22", "22", None), ("0", "0", None)],
)
def test_a_fraction_typed_for_a_rate(rate: str, text: str, meant: str | None) -> None:
    """A bare fraction is what a rate of 22% looks like when copied as 0.22; an explicit % is taken at its word."""
    got = fraction_as_percent(Decimal(rate), text)
    assert got == (Decimal(meant) if meant else None)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("4.75% + 3.2%", ["4.75%", "3.2%"]),
        ("4.75%+3.2%", ["4.75%", "3.2%"]),
        ("6 plus 3.876", ["6", "3.876"]),
        ("4,75 % más 3,2 %", ["4,75 %", "3,2 %"]),
        ("7.95%", ["7.95%"]),
        ("+3%", ["+3%"]),  # a sign, not a sum
        ("3% +", ["3% +"]),  # a term missing: left whole, for the rate parser to refuse
    ],
)
def test_split_sum(text: str, parts: list[str]) -> None:
    assert split_sum(text) == parts
