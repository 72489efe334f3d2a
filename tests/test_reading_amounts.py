"""Amounts: "$15,000", "15k", "debo unos 15 mil", and the message for what can't be one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.reading.amounts import parse_amount
from conversations.reading.errors import ParseError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15000", "15000"),
        ("$15,000", "15000"),
        ("15,000.50", "15000.50"),
        ("15k", "15000"),
        ("15K", "15000"),
        ("1.5m", "1500000"),
        ("15 000", "15000"),
        ("15\u00a0000", "15000"),
        ("15\u202f000", "15000"),
        ("15000 USD", "15000"),
        ("USD 15000", "15000"),
        ("$ 15,000", "15000"),
        ("15 mil", "15000"),
        ("+15000", "15000"),
        ("about 15000", "15000"),
        ("~$15k", "15000"),
        ("I owe about $15,000 on the loan", "15000"),
        ("2 grand", "2000"),
        ("debo unos 15 mil", "15000"),
        ("I make about 60k a year", "60000"),
        ("gano 60 mil al año", "60000"),
        ("I still owe 8,250.37 incl interest", "8250.37"),  # accrued interest is part of the balance
        ("15000 with interest", "15000"),
        ("15k-ish", "15000"),
        ("15000 or so", "15000"),
    ],
)
def test_amount_accepted_forms(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_amount_in_spanish_reads_us_style_dollars() -> None:
    # Spanish speakers in the US see "$15,000.00" on their statements (es_US).
    assert parse_amount("$15,000", locale="es") == Decimal(15000)
    assert parse_amount("debo 12,000 con intereses", locale="es") == Decimal(12000)
    assert parse_amount("15 000", locale="es") == Decimal(15000)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1,5", "15,000"),  # en: must not become 15
        ("15.000", "two digits after the decimal point"),
        ("-500", "negative"),
        ("\u2212500", "negative"),
        ("(500)", "negative"),
        ("0", "more than zero"),
        ("$0.00", "more than zero"),
        ("NaN", "no letters"),
        ("Infinity", "no letters"),
        ("1e3", "no letters"),
        ("1_000", "no letters"),
        ("fifteen thousand", "no letters"),
        ("😀", "couldn't find a number"),
        ("<b>15000</b>", "no letters"),
        ("15000 20000", "one amount"),
        ("around 12-15k", "not a range"),  # not "add them up"
        ("12,000 to 13,000", "not a range"),
        ("$12k-$13k", "not a range"),
        ("12 o 13 mil", "not a range"),
        ("between 12000 and 13000", "not a range"),
        ("", "empty"),
        ("9" * 12, "more than I can work with"),
        ("5" * 200, "too long (200 characters)"),
    ],
)
def test_amount_rejections_say_what_was_wrong(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_amount(text)
    assert fragment in str(caught.value)
    assert "5" * 200 not in str(caught.value)  # a long message is never echoed back


def test_amount_zero_allowed_for_income() -> None:
    assert parse_amount("0", allow_zero=True) == 0


def test_amount_error_is_translatable() -> None:
    with pytest.raises(ParseError) as caught:
        parse_amount("x" * 100)
    assert caught.value.template.startswith("That message is too long")
    assert caught.value.params == {"count": 100}


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999"), places=2))
def test_amount_round_trips_its_us_formatting(value: Decimal) -> None:
    assert parse_amount(f"${value:,.2f}") == value
    assert parse_amount(f"{value:.2f}") == value


@given(st.text(max_size=60))
def test_amount_never_crashes(text: str) -> None:
    try:
        value = parse_amount(text)
    except ParseError:
        return
    assert value.is_finite() and value > 0


def test_words_around_a_number_must_still_leave_one_number() -> None:
    with pytest.raises(ParseError, match=r"one amount only, e.g. 15000 \(if there are two, add them up\)"):
        parse_amount("about 15000 16000")
    with pytest.raises(ParseError, match=r"one amount, not a range"):  # either one, not their sum
        parse_amount("about 15000 or 16000")
    with pytest.raises(ParseError, match="couldn't find a number"):
        parse_amount("about")
    with pytest.raises(ParseError, match="no letters"):
        parse_amount("about fifteen thousand")
