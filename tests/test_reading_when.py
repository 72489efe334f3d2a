"""The words around a time at the date questions."""

from __future__ import annotations

import pytest

from conversations.reading.text import fold
from conversations.reading.when import LAST_PAID, OVER_A_YEAR, missed_payment_time, split_days, times_named


@pytest.mark.parametrize(("text", "time"), [
    ("missed the August payment", "august"), ("I stopped paying in August", "august"),
    ("the first missed payment was due on 9/1/2026", "9/1/2026"), ("dejé de pagar en agosto", "agosto"),
    ("no pagué en julio", "julio"), ("August", "august"),
])
def test_the_time_of_the_first_missed_payment_without_the_words_around_it(text: str, time: str) -> None:
    assert missed_payment_time(fold(text)) == time


@pytest.mark.parametrize(("text", "after"), [
    ("since July", "july"), ("my last payment was in July", "july"), ("I last paid on 6/1/2026", "6/1/2026"),
    ("no pago desde julio", "julio"), ("mi último pago fue en junio", "junio"),
])
def test_the_last_payment_made(text: str, after: str) -> None:
    folded = fold(text)
    assert (m := LAST_PAID.match(folded)) and folded[m.end():] == after


def test_a_time_alone_is_not_the_last_payment() -> None:
    assert LAST_PAID.match("july") is None


@pytest.mark.parametrize(("text", "over"), [("more than a year ago", True), ("over 12 months", True),
                                            ("hace más de un año", True), ("last year", False),
                                            ("within a year", False)])
def test_more_than_a_year_ago(text: str, over: bool) -> None:
    assert bool(OVER_A_YEAR.search(fold(text))) is over


@pytest.mark.parametrize(("text", "days"), [
    ("2025-06-01 and 2025-09-01", ["2025-06-01", "2025-09-01"]), ("1/6/2025 y 1/9/2025", ["1/6/2025", "1/9/2025"]),
    ("6/1/2025 -> 9/1/2026", ["6/1/2025", "9/1/2026"]), ("1/6/2025 después 1/9/2025", ["1/6/2025", "1/9/2025"]),
    ("3/15/2026", ["3/15/2026"]),
])
def test_the_day_left_and_the_day_of_the_offset_in_one_answer(text: str, days: list[str]) -> None:
    assert split_days(text) == days


@pytest.mark.parametrize(("text", "count"), [("12/1/2026 or 1/1/2027", 2), ("March 3 or April 5", 2),
                                             ("it may have been in march", 1), ("3/15/2026", 1)])
def test_how_many_times_a_sentence_names(text: str, count: int) -> None:
    assert times_named(text) == count
