"""Yes or no, alone or as the first word of a sentence."""

from __future__ import annotations

import pytest

from conversations.reading.errors import ParseError
from conversations.reading.yes_no import parse_yes_no


def test_yes_no() -> None:
    assert parse_yes_no("Yes") is True
    assert parse_yes_no("sí") is True
    assert parse_yes_no("nope") is False
    with pytest.raises(ParseError, match="yes or no"):
        parse_yes_no("maybe")


@pytest.mark.parametrize(("text", "expected"), [("yes, she is", True), ("no, office job", False), ("yep he was", True),
                                                ("si, es bombero", True)])
def test_yes_no_as_the_first_word_of_a_sentence(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize("text", ["no idea", "not sure", "no sé", "yes about 2k a month", "no clue really"])
def test_yes_no_first_word_not_taken_when_unsure_or_with_a_number(text: str) -> None:
    # "no idea" is not a no; "yes, about 2k a month" is an amount, which its question reads itself.
    with pytest.raises(ParseError, match="yes or no"):
        parse_yes_no(text)
