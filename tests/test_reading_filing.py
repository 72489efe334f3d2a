"""Filing statuses."""

from __future__ import annotations

import pytest

from calculator.models import FilingStatus
from conversations.reading.errors import ParseError
from conversations.reading.filing import WIDOWED, parse_filing_status
from conversations.reading.text import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [("single", FilingStatus.SINGLE), ("Married filing jointly", FilingStatus.MARRIED_JOINT), ("mfj", FilingStatus.MARRIED_JOINT),
     ("separately", FilingStatus.MARRIED_SEPARATE), ("head of household", FilingStatus.HEAD_OF_HOUSEHOLD), ("HOH", FilingStatus.HEAD_OF_HOUSEHOLD),
     ("soltera", FilingStatus.SINGLE)],
)
def test_filing_status(text: str, expected: FilingStatus) -> None:
    assert parse_filing_status(text) == expected


def test_filing_status_married_alone_is_ambiguous() -> None:
    with pytest.raises(ParseError, match="jointly or separately"):
        parse_filing_status("married")


@pytest.mark.parametrize(("text", "widowed"), [("widowed", True), ("I'm a widow", True), ("viuda", True),
                                               ("qualifying widow", False), ("single", False)])
def test_widowed_is_told_apart_from_the_qualifying_surviving_spouse(text: str, widowed: bool) -> None:
    assert bool(WIDOWED.search(fold(text))) is widowed


@pytest.mark.parametrize(("text", "expected"), [("married filing separately, not jointly", FilingStatus.MARRIED_SEPARATE),
                                                ("cónyuge sobreviviente", FilingStatus.QUALIFYING_SURVIVING_SPOUSE),
                                                ("casada por separado", FilingStatus.MARRIED_SEPARATE),
                                                ("jefe de familia", FilingStatus.HEAD_OF_HOUSEHOLD)])
def test_the_first_filing_phrase_found_decides(text: str, expected: FilingStatus) -> None:
    assert parse_filing_status(text) == expected
