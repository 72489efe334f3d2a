"""The words around the year's other income and Social Security benefits: "none", "2000 a month", "social
security", "per hour"."""

from __future__ import annotations

import re

from conversations.reading.text import one_of, phrases
from conversations.reading.vocabulary import en, es

__all__ = [
    "MONTHLY", "MONTHLY_WORDS", "NOT_YEARLY", "NO_BENEFITS_WORDS", "NO_INCOME_WORDS", "SOCIAL_SECURITY_WORDS",
    "without_monthly_words",
]  # fmt: skip

#: A monthly, weekly or hourly figure: read as the year's, it would understate the bracket.
NOT_YEARLY = phrases(en.NOT_YEARLY + es.NOT_YEARLY)
#: Social Security named in the answer: benefits are taxed differently, and asked on their own.
SOCIAL_SECURITY_WORDS = re.compile(
    one_of(en.SOCIAL_SECURITY + es.SOCIAL_SECURITY) + "|" + "|".join(rf"\b{w}\b" for w in en.SOCIAL_SECURITY_ABBREVIATIONS)
)
#: No other income ("none", "nada"), said as the whole answer.
NO_INCOME_WORDS = frozenset(en.NO_INCOME + es.NO_INCOME)
#: No benefits ("none", "not yet", "no recibo"), said as the whole answer.
NO_BENEFITS_WORDS = frozenset(en.NO_BENEFITS + es.NO_BENEFITS)
_MONTH_WORDS = one_of(en.MONTHLY + es.MONTHLY)
#: Benefits quoted by the month: "2000 a month", "2000 al mes".
MONTHLY = phrases(en.MONTHLY + es.MONTHLY)
#: The words around a monthly amount: "I get about 2000 a month", "recibo unos 2000 al mes".
MONTHLY_WORDS = re.compile(
    r"(?:\b(?:" + one_of(en.MONTHLY_LEADS + es.MONTHLY_LEADS) + r")\s+)|"
    r"(?:\s*(?:" + one_of(en.PER + es.PER) + r")?\s*(?:" + _MONTH_WORDS + r")\b)"
)


def without_monthly_words(folded: str) -> str:
    """A monthly amount without the words around it: "i get about 2000 a month" -> the 2000."""
    return MONTHLY_WORDS.sub(" ", folded)
