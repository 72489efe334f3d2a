"""What people type after the breakdown: a rollover amount, a what-if, a button said in words."""

from __future__ import annotations

import pytest

from conversations.reading.whatif import TYPED_ROLLOVER, typed_button, without_what_if


@pytest.mark.parametrize(("text", "amount"), [("roll over 5000", "5000"), ("I can deposit 8k", "8k"),
                                              ("reinvertir 5.000", "5.000"), ("rolled it over $3,000", "$3,000"),
                                              ("put back 2 grand", "2 grand"), ("Rollover 4000", "4000")])
def test_a_rollover_amount_typed_after_the_breakdown(text: str, amount: str) -> None:
    assert (m := TYPED_ROLLOVER.search(text)) and m["amount"].strip() == amount


@pytest.mark.parametrize("text", ["deposit 5%", "rollover", "what if 24%"])
def test_no_rollover_amount(text: str) -> None:
    assert TYPED_ROLLOVER.search(text) is None


@pytest.mark.parametrize(("text", "rest"), [("what if 24%?", "24%"), ("¿y si 24%?", "24%"), ("try 5000", "5000"),
                                            ("If 22%", "22%"), ("24%", "24%"), ("what if it were 24%", "24%"),
                                            ("¿y si fuera 24%?", "24%"), ("¿y si fuera del 24%?", "24%"),
                                            ("y si fuera 24%", "24%")])
def test_the_words_before_a_what_if(text: str, rest: str) -> None:
    assert without_what_if(text) == rest


@pytest.mark.parametrize(("text", "button"), [("Why?", "why"), ("explain it", "why"), ("remind me.", "remind"),
                                              ("recuérdame", "remind"), ("start over", "new"), ("¡Gracias!", "thanks"),
                                              ("hello", None)])
def test_the_buttons_under_the_breakdown_said_in_words(text: str, button: str | None) -> None:
    assert typed_button(text) == button
