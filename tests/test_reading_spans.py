"""Times without their day: a month, a recent stretch of days, the time at the end of a sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conversations.reading.spans import month_end, month_said, recent_span, time_said

_NOV_28 = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("last month", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("I left last month", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("el mes pasado", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("this month", dt.date(2026, 11, 1), _NOV_28),
        ("last week", dt.date(2026, 11, 15), _NOV_28),
        ("a few weeks ago", dt.date(2026, 10, 31), dt.date(2026, 11, 14)),
        ("hace unas semanas", dt.date(2026, 10, 31), dt.date(2026, 11, 14)),
        ("2 months ago", dt.date(2026, 8, 28), dt.date(2026, 10, 28)),
        ("a month ago", dt.date(2026, 9, 28), _NOV_28),
        ("hace 2 meses", dt.date(2026, 8, 28), dt.date(2026, 10, 28)),
        ("this year", dt.date(2026, 1, 1), _NOV_28),
        ("in October", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("en octubre", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("in December", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),  # the latest December
        ("in November", dt.date(2026, 11, 1), _NOV_28),
        ("in May", dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
    ],
)
def test_recent_spans(text: str, first: dt.date, last: dt.date) -> None:
    assert recent_span(text, _NOV_28) == (first, last)


@pytest.mark.parametrize("text", ["may", "mar", "yesterday", "2025", "12 months ago", "2 years ago", "3/1/2026", "soon"])
def test_not_recent_spans(text: str) -> None:
    assert recent_span(text, _NOV_28) is None


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
       st.sampled_from(["last month", "this month", "last week", "3 weeks ago", "a few weeks ago", "11 months ago",
                        "a month ago", "this year", "in January", "in December", "en febrero", "hace 5 meses"]))
def test_a_recent_span_is_a_real_stretch_of_days_up_to_today(today: dt.date, text: str) -> None:
    first, last = recent_span(text, today)
    assert first <= last <= today
    assert (today - first).days <= 366


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I got laid off last month", "last month"),
        ("laid off 3 weeks ago", "3 weeks ago"),
        ("I left my job yesterday", "yesterday"),
        ("I left on 2/20/2026", "2/20/2026"),
        ("me despidieron el mes pasado", "el mes pasado"),
        ("renuncié hace 2 meses", "hace 2 meses"),
        ("I left my job", None),
        ("I left to care for my mom", None),
        ("I resigned to marry", None),
        ("quit, it was a mess", None),
    ],
)
def test_the_time_said_at_the_end_of_an_answer(text: str, said: str | None) -> None:
    assert time_said(text, today=dt.date(2026, 3, 10)) == said


@pytest.mark.parametrize(("text", "first"), [
    ("September 2025", dt.date(2025, 9, 1)), ("9/2025", dt.date(2025, 9, 1)), ("in sept. 2025", dt.date(2025, 9, 1)),
    ("en septiembre de 2025", dt.date(2025, 9, 1)), ("in May", dt.date(2026, 5, 1)), ("last month", dt.date(2026, 10, 1)),
    ("may", None),  # a word too: only "in May" is the month
    ("December 2026", None), ("13/2025", None), ("hello", None),
])
def test_the_month_a_time_names(text: str, first: dt.date | None) -> None:
    assert month_said(text, today=_NOV_28) == first


def test_the_month_a_time_names_up_to_a_latest_day() -> None:
    assert month_said("in October", today=_NOV_28, latest=dt.date(2026, 9, 15)) == dt.date(2025, 10, 1)


@pytest.mark.parametrize(("first", "last"), [(dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
                                             (dt.date(2026, 12, 1), dt.date(2026, 12, 31))])
def test_month_end(first: dt.date, last: dt.date) -> None:
    assert month_end(first) == last
