"""A filing status: "single", "married filing jointly", "mfj", "head of household", "soltera", "cabeza de familia"."""

from __future__ import annotations

import contextlib
import re

from calculator.models import FilingStatus
from conversations.i18n import N_
from conversations.reading.errors import ParseError
from conversations.reading.text import answer, find_whole, one_of, whole
from conversations.reading.vocabulary import en, es

__all__ = ["FILING_PHRASES", "MARRIED", "MARRIED_WHICH", "WIDOWED", "parse_filing_status"]

# The first phrase found decides, so the order is the lists' own: a surviving spouse first (in either language),
# then the rest of the English phrases, then the Spanish ones.
_QSS = FilingStatus.QUALIFYING_SURVIVING_SPOUSE
_BOTH = en.FILING + es.FILING
FILING_PHRASES: tuple[tuple[str, FilingStatus], ...] = (
    tuple(p for p in _BOTH if p[1] is _QSS) + tuple(p for p in _BOTH if p[1] is not _QSS)
)
#: "married", "casado", "casada": married, without saying jointly or separately.
MARRIED = re.compile(whole(one_of(en.MARRIED + es.MARRIED)))
# "Widowed" alone is not a filing status: the year of death still allows a joint return, the two years after with
# a dependent child make a qualifying surviving spouse (IRC 2(a)), and otherwise single or head of household.
WIDOWED = re.compile(r"(?<![a-z])(?<!" + en.QUALIFYING + r" )(?:" + one_of(en.WIDOWED + es.WIDOWED) + r")(?![a-z])")

MARRIED_WHICH = N_("Married filing jointly or separately? Tap a button or type \"jointly\" or \"separately\".")


def parse_filing_status(text: str) -> FilingStatus:
    """"single", "married filing jointly", "mfj", "head of household"..."""
    raw = answer(text, N_("your filing status, e.g. single"))
    with contextlib.suppress(ValueError):
        return FilingStatus(raw)
    for phrase, status in FILING_PHRASES:
        if find_whole(raw, phrase) != -1:
            return status
    if MARRIED.search(raw):
        raise ParseError(MARRIED_WHICH)
    raise ParseError(
        N_("I didn't recognise that filing status. Tap a button, or type single, jointly, separately or head of household.")
    )
