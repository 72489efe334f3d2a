"""An age in whole years: "45", "45 years old", "I'm 45", "tengo 45 años", "59½"."""

from __future__ import annotations

import re

from conversations.i18n import N_
from conversations.reading.amounts import FILLERS, THOUSANDS
from conversations.reading.errors import ParseError
from conversations.reading.text import MINUS, answer, drop_words, one_of
from conversations.reading.vocabulary import en, es

__all__ = ["ABOUT_TO_TURN", "AGE_NOW", "MAX_AGE", "MIN_AGE", "parse_age"]

MIN_AGE, MAX_AGE = 14, 120
# Hedges are not dropped from an age: "almost 60" is 59.
_AGE_WORDS = FILLERS | frozenset(en.AGE_LABELS + es.AGE_LABELS + es.AGE_VERBS)
_YEARS_SUFFIX = re.compile(r"\s*(?:" + one_of(en.AGE_SUFFIXES + es.AGE_SUFFIXES) + r")$")
# "almost 60" is 59, and at 59 the birthday decides the 10%: ask for the age now. "almost 15k" is an amount.
ABOUT_TO_TURN = re.compile(
    r"(?<![a-z])(?:" + one_of(en.ABOUT_TO_TURN + es.ABOUT_TO_TURN) + r")\s+\d{1,3}"
    r"(?![\d%]|[.,]\d|\s*(?:" + one_of(THOUSANDS + en.CURRENCY + es.CURRENCY) + r")(?![a-z]))"
)
# Where the age is asked: "I turn 55 in December", "I'll be 60 next month" (not in a free line, where "will be 30"
# can be anything). ("be" is a filler word, dropped before this is matched.)
_TURN_LATER = re.compile(
    r"(?:" + one_of(en.TURN_LATER) + r")\s+(?:(?:" + one_of(en.TURN_LATER_VERBS) + r")\s+)?\d{1,3}(?!\d)"
    r"|(?:" + one_of(es.TURN_LATER) + r")\s+\d"
)
# 59½ is 59 in whole years; the birthday question decides the half at 59.
_AND_A_HALF = re.compile(r"(\d{1,3})(?:\s*(?:1/2|1\u20442)|[.,]5| (?:" + one_of(en.AND_A_HALF + es.AND_A_HALF) + r"))")
_FRACTION = re.compile(r"\d+[.,]\d+")
_WHOLE_YEARS = re.compile(r"\d{1,3}")
AGE_NOW = N_("Please send your age today in whole years, e.g. 59, not the age you are about to turn.")


def parse_age(text: str) -> int:
    """Whole years, 14-120: "45", "45 years", "45 años"."""
    raw = answer(text, N_("your age such as 45"))
    raw = _YEARS_SUFFIX.sub("", drop_words(raw, _AGE_WORDS)).strip()
    if ABOUT_TO_TURN.match(raw) or _TURN_LATER.match(raw):
        raise ParseError(AGE_NOW)
    if half := _AND_A_HALF.fullmatch(raw):
        raw = half[1]
    if any(raw.startswith(m) for m in MINUS):
        raise ParseError(N_("An age can't be negative. Please send your age in years, e.g. 45."))
    if _FRACTION.fullmatch(raw):
        raise ParseError(N_("Please send your age in whole years, e.g. 45."))
    if not _WHOLE_YEARS.fullmatch(raw):
        raise ParseError(N_("Please send your age as a number of years, e.g. 45."))
    age = int(raw)
    if age < MIN_AGE or age > MAX_AGE:
        raise ParseError(N_("Please send an age between {low} and {high}."), low=MIN_AGE, high=MAX_AGE)
    return age
