"""Turning what people type into values: one reader per kind of value.

Every reader is pure and raises `ParseError` with a message written for the person who typed it (an English
template marked `N_` plus params, translated by the engine). The words people type, in English and Spanish,
are in `conversations.reading.vocabulary`.
"""

from conversations.reading.ages import parse_age
from conversations.reading.amounts import parse_amount
from conversations.reading.dates import parse_birth_date, parse_date
from conversations.reading.errors import AmbiguousDate, ParseError, Refused, YearMissing
from conversations.reading.events import names_leaving, parse_event
from conversations.reading.filing import parse_filing_status
from conversations.reading.form_1099r import read_form_1099r
from conversations.reading.line import QuickAnswers, amount_in_sentence, parse_quick
from conversations.reading.places import closest_state, parse_place, parse_state, state_name
from conversations.reading.rates import fraction_as_percent, parse_percent, split_sum
from conversations.reading.shortcuts import asks_for_help, is_one_of
from conversations.reading.spans import month_said, recent_span, time_said
from conversations.reading.text import fold
from conversations.reading.yes_no import parse_yes_no

__all__ = [
    "AmbiguousDate", "ParseError", "QuickAnswers", "Refused", "YearMissing", "amount_in_sentence", "asks_for_help", "closest_state",
    "fold", "fraction_as_percent", "is_one_of", "month_said", "names_leaving", "parse_age", "parse_amount",
    "parse_birth_date", "parse_date", "parse_event", "parse_filing_status", "parse_percent", "parse_place",
    "parse_quick", "parse_state", "parse_yes_no", "read_form_1099r", "recent_span", "split_sum", "state_name",
    "time_said",
]  # fmt: skip
