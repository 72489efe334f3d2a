"""Ages in whole years, and the age about to be turned."""

from __future__ import annotations

import pytest

from conversations.reading.ages import parse_age
from conversations.reading.errors import ParseError


@pytest.mark.parametrize(("text", "expected"), [("45", 45), ("45 years", 45), ("45 years old", 45), ("45 años", 45), (" 14 ", 14), ("120", 120),
                                               ("I'm 45", 45), ("I\u2019m 45", 45), ("age 45", 45), ("I am 45 years old", 45),
                                               ("45 y/o", 45), ("tengo 45 años", 45), ("59½", 59), ("59 1/2", 59), ("59.5", 59),
                                               ("59 and a half", 59), ("59 y medio", 59)])
def test_age_accepted(text: str, expected: int) -> None:
    assert parse_age(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("13", "between 14 and 120"), ("121", "between 14 and 120"), ("0", "between 14 and 120"), ("-45", "negative"),
     ("45.7", "whole years"), ("forty", "number of years"), ("🎂", "number of years"),
     # "almost 60" is 59: a hedge is never dropped from an age.
     ("almost 60", "age today in whole years"), ("nearly 60", "age today"), ("turning 60", "age today"),
     ("casi 60", "age today"),
     # The age to come, with when: the birthday question (asked where it matters) takes the month.
     ("I turn 55 in December", "age today"), ("I'll be 60 next month", "age today"), ("I will turn 50 soon", "age today"),
     ("cumpliré 55 en diciembre", "age today")],
)
def test_age_rejections(text: str, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        parse_age(text)
