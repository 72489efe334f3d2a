"""Answers said in a word instead of a value: skip, not sure, what does that mean, today or not yet, within the
last 12 months, still working there."""

from __future__ import annotations

from collections.abc import Collection

from conversations.reading.text import fold, phrases
from conversations.reading.vocabulary import en, es

__all__ = [
    "HELP_WORDS", "NOT_YET", "RECENT_WORDS", "SKIP_WORDS", "STILL_THERE_PHRASES", "TODAY_WORDS", "UNSURE_WORDS",
    "asks_for_help", "is_one_of", "says_not_yet", "says_recent", "says_still_there",
]  # fmt: skip

SKIP_WORDS = frozenset(en.SKIP + es.SKIP)
UNSURE_WORDS = frozenset(en.UNSURE + es.UNSURE)
HELP_WORDS = UNSURE_WORDS | frozenset(en.HELP + es.HELP)
#: Said anywhere in the answer ("left within the last year").
RECENT_WORDS = en.RECENT + es.RECENT
TODAY_WORDS = frozenset(en.TODAY + es.TODAY)
#: "It hasn't happened yet", "still waiting": the estimate as of today, as the button gives.
NOT_YET = phrases(en.NOT_YET + es.NOT_YET)
#: Said anywhere in the answer ("I still work there"); "no" is among the skip words, matched whole.
STILL_THERE_PHRASES = en.STILL_THERE + es.STILL_THERE


def is_one_of(text: str, words: Collection[str]) -> bool:
    """Whether the whole answer, folded and without a closing "." or "!", is one of `words`."""
    return fold(text).strip(" .!") in words


def asks_for_help(text: str) -> bool:
    """Whether the text asks what the question means rather than answering it: "?", "help", "not sure"."""
    folded = fold(text).strip(" .!¡¿?")
    return folded in HELP_WORDS or (not folded and "?" in text)


def says_not_yet(folded: str) -> bool:
    """Whether an answer to "When was the offset?" (folded, stripped) says today, or not yet."""
    return folded in TODAY_WORDS or NOT_YET.search(folded) is not None


def says_recent(folded: str) -> bool:
    """Whether an answer to "When did you leave?" (folded) says within the last 12 months."""
    return any(words in folded for words in RECENT_WORDS)


def says_still_there(folded: str) -> bool:
    """Whether an answer (folded) says the person still works there."""
    return any(words in folded for words in STILL_THERE_PHRASES)
