"""The picture sent with a breakdown, worded in the chat's language: `calculator.chart` draws it.

    png = breakdown_chart(breakdown, texts, annual_return=inputs.annual_return)

The person's `Texts` words it (gettext for the labels, babel for amounts and dates); the command line
draws the same chart in English (`python -m calculator ... --chart out.png`).
"""

from __future__ import annotations

from decimal import Decimal

from calculator.chart import chart_spec, render, warm_up_chart
from calculator.models import Breakdown
from conversations.i18n import Texts

__all__ = ["breakdown_chart", "chart_spec", "warm_up_chart"]


def breakdown_chart(breakdown: Breakdown, texts: Texts, *, annual_return: Decimal | None = None) -> bytes:
    """The chart of `breakdown` as PNG bytes, in `texts`' language."""
    return render(breakdown, texts, annual_return=annual_return)
