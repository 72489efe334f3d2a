"""Form 1099-R quoted with its amount, its boxes and its code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conversations.reading.amounts import parse_amount
from conversations.reading.form_1099r import read_form_1099r
from conversations.reading.text import fold


@pytest.mark.parametrize(
    ("text", "amount", "code"),
    [
        ("my 1099-R says 12,000", "12000", ""),
        ("1099-R box 1: $12,000", "12000", ""),
        ("12,000 (1099-R)", "12000", ""),
        ("box 1 12000", "12000", ""),
        ("Form 1099-R, $12,000.00", "12000", ""),
        ("my 1099 shows $8,250.37", "8250.37", ""),
        ("the 1099r says 12k", "12000", ""),
        ("box 2a: 5,000", "5000", ""),
        ("12,000 code M1", "12000", "m"),
        ("box 1 12000 code M1", "12000", "m"),  # the example /form1099r gives
        ("casilla 1 12000 código M1", "12000", "m"),
        ("my 1099-R says 12,000 1M", "12000", "m"),  # with the form named, a code needs no "code"
        ("box 7 code L1 9000", "9000", "l"),
        ("my 1099-R box 7 says 1M and box 1 is 7,500", "7500", "m"),
    ],
)
def test_a_form_1099r_quoted_with_its_amount(text: str, amount: str, code: str) -> None:
    # Those who learn of the offset from the form quote it: its name, boxes and code are not the amount.
    form = read_form_1099r(fold(text))
    assert form is not None and form.code == (code or None)
    assert parse_amount(form.rest) == Decimal(amount)


@pytest.mark.parametrize("text", ["12000", "1099", "box 12000", "$1,099", "15k incl interest", "1m"])
def test_no_form_1099r_without_its_name_boxes_or_code(text: str) -> None:
    # "1099" alone is an amount; "1m" a million, not a code (read only after "code" or "box 7").
    assert read_form_1099r(fold(text)) is None
