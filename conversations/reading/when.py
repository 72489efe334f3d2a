"""The words around a time at the date questions: "I stopped paying in August", "my last payment was in July",
"more than a year ago", "2025-06-01 and 2025-09-01" (two days)."""

from __future__ import annotations

import re

from conversations.reading.dates import MONTH_NAMES
from conversations.reading.text import fold, one_of, whole
from conversations.reading.vocabulary import en, es

__all__ = [
    "LAST_PAID", "MISSED_LEAD", "OVER_A_YEAR", "TWO_DAYS", "missed_payment_time", "split_days", "times_named",
]  # fmt: skip

_PREPOSITION = r"(?: (?:" + one_of(en.TIME_PREPOSITIONS + es.TIME_PREPOSITIONS) + r"))?\s+"
#: Words before the time at "When was the first missed payment due?": "I stopped paying in August", "the payment
#: due 9/1/2026", "dejé de pagar en agosto".
MISSED_LEAD = re.compile(
    r"^(?:(?:" + one_of(en.MISSED_SUBJECTS) + r") )?(?:" + en.MISSED_LEAD_PATTERN + "|" + es.MISSED_LEAD_PATTERN + ")"
    + _PREPOSITION
)
#: "since July", "my last payment was in July": the first missed payment is the next one, in that month or after.
LAST_PAID = re.compile(
    r"^(?:(?:" + one_of(en.LAST_PAID_SUBJECTS) + r") )?(?:" + en.LAST_PAID_PATTERN + "|" + es.LAST_PAID_PATTERN + ")"
    + _PREPOSITION
)
_PAYMENTS = re.compile(r"\s+(?:" + one_of(en.PAYMENTS + es.PAYMENTS) + r")$")
#: "More than a year ago": not within the 12 months, but which month still matters (the rule of 55's year).
OVER_A_YEAR = re.compile(whole(
    f"(?:{one_of(en.MORE_THAN + es.MORE_THAN)}) (?:{one_of(en.ONE + es.ONE)}) (?:{one_of(en.LONG_UNITS + es.LONG_UNITS)})"
))
#: Between two days in one answer: "2025-06-01 and 2025-09-01", "1/6/2025 -> 1/9/2025" (as typed, not folded).
TWO_DAYS = re.compile(
    r"\s*(?:;|" + "|".join(rf"\b{re.escape(w)}\b" for w in en.BETWEEN_DATES + es.BETWEEN_DATES) + r"|->|→)\s*"
)
_NUMERIC_DAY = re.compile(r"\d{1,4}[/.-]\d{1,2}")


def missed_payment_time(folded: str) -> str:
    """The time in an answer to "When was the first missed payment due?", without the words around it:
    "missed the August payment" -> "august"."""
    return _PAYMENTS.sub("", MISSED_LEAD.sub("", folded))


def split_days(text: str) -> list[str]:
    """The days an answer gives, one or two: "2025-06-01 and 2025-09-01" -> ["2025-06-01", "2025-09-01"]."""
    return [part for part in TWO_DAYS.split(text.strip()) if part]


def times_named(text: str) -> int:
    """How many days or months a sentence names ("12/1/2026 or 1/1/2027": two); "may" is not counted (it may be
    a word)."""
    months = sum((w := fold(word).strip(".,;:")) in MONTH_NAMES and w not in en.MONTHS_THAT_ARE_WORDS
                 for word in text.split())
    return len(_NUMERIC_DAY.findall(text)) + months
