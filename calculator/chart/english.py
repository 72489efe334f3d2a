"""The chart's words in English, for the command line (the chat passes the person's `Texts` instead)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from calculator.english import english_date, english_pct

__all__ = ["ENGLISH"]


class _English:
    """The wording methods a chart uses (see `calculator.chart.Wording`), untranslated."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def money_whole(self, amount: Decimal) -> str:
        value = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return f"-${-value:,}" if value < 0 else f"${value:,}"

    def long_date(self, value: dt.date) -> str:
        return english_date(value)

    def percent(self, pct: Decimal) -> str:
        return english_pct(Decimal(pct))


ENGLISH = _English()
