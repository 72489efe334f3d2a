"""The words around the year's other income and Social Security benefits."""

from __future__ import annotations

import pytest

from conversations.reading.amounts import parse_amount
from conversations.reading.income import (
    MONTHLY,
    NO_BENEFITS_WORDS,
    NO_INCOME_WORDS,
    NOT_YEARLY,
    SOCIAL_SECURITY_WORDS,
    without_monthly_words,
)
from conversations.reading.shortcuts import is_one_of
from conversations.reading.text import fold


@pytest.mark.parametrize(("text", "not_yearly"), [("4000 a month", True), ("25/hr", True), ("1500 biweekly", True),
                                                  ("3000 al mes", True), ("20 por hora", True), ("60000", False),
                                                  ("60k a year", False), ("monday", False)])
def test_a_figure_that_is_not_the_years(text: str, not_yearly: bool) -> None:
    assert bool(NOT_YEARLY.search(fold(text))) is not_yearly


@pytest.mark.parametrize(("text", "named"), [("40000 plus social security", True), ("SSA 1800", True),
                                             ("seguro social", True), ("40000 from my job", False),
                                             ("massachusetts", False)])
def test_social_security_named_in_the_income(text: str, named: bool) -> None:
    assert bool(SOCIAL_SECURITY_WORDS.search(fold(text))) is named


@pytest.mark.parametrize(("text", "amount"), [("I get about 2000 a month", "2000"), ("2,000/month", "2000"),
                                              ("recibo unos 2000 al mes", "2000"), ("1800 monthly", "1800")])
def test_benefits_quoted_by_the_month(text: str, amount: str) -> None:
    folded = fold(text)
    assert MONTHLY.search(folded)
    assert parse_amount(without_monthly_words(folded)) == parse_amount(amount)


@pytest.mark.parametrize("text", ["none", "Nothing.", "no income", "nada", "sin ingresos"])
def test_no_other_income(text: str) -> None:
    assert is_one_of(text, NO_INCOME_WORDS)


@pytest.mark.parametrize("text", ["none", "not yet", "no recibo", "0", "todavía no"])
def test_no_benefits(text: str) -> None:
    assert is_one_of(text, NO_BENEFITS_WORDS)
