"""The one-line message: several answers in any order ("15000 45 left 22%"), and the one amount in a sentence."""

from conversations.reading.line.answers import QuickAnswers
from conversations.reading.line.read import (
    AMOUNT_IN_SENTENCE,
    BORROWED_NOT_OWED,
    MARRIED_WHICH_IN_LINE,
    ROLLOVER_IN_LINE,
    amount_in_sentence,
    parse_quick,
)

__all__ = [
    "AMOUNT_IN_SENTENCE", "BORROWED_NOT_OWED", "MARRIED_WHICH_IN_LINE", "ROLLOVER_IN_LINE", "QuickAnswers",
    "amount_in_sentence", "parse_quick",
]  # fmt: skip
