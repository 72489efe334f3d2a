"""The picture of a breakdown: where the offset goes, and what it could have grown to.

    png = render(breakdown, wording, annual_return=inputs.annual_return)

Two panels, one above the other so that each reads across a phone's screen:

1. "Where your $15,000 goes": a bar of the offset split into federal tax, the
   10%, state tax and what is left after tax, and under it the same amount
   rolled over in time (or, for a deemed distribution, the missed payments
   made up), all of it kept; a table of the parts with their amounts.
2. What the money taken out could grow to by retirement at the assumed
   return (the breakdown's `retirement_value_lost`), when there is growth.

`chart_spec` words the breakdown into a `ChartSpec` of plain numbers and
strings; `drawing.draw_chart` draws it (Pillow, thread-safe, imported on the
first chart). The wording is duck-typed (gettext, ngettext, money_whole,
long_date, percent): the chat passes the person's `Texts`, so labels and
amounts come in their language; the command line passes `ENGLISH`. The
labels are N_-marked here and translated by the conversation layer, like the
calculator's notes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from calculator.chart.drawing import (
    BACKGROUND,
    BLUE,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
    WIDTH,
    ChartBar,
    ChartSpec,
    Segment,
    draw_chart,
    warm_up_chart,
)
from calculator.chart.english import ENGLISH
from calculator.explain.notes import N_
from calculator.models import Breakdown, DistributionType

__all__ = [
    "ENGLISH", "WIDTH", "ChartBar", "ChartSpec", "Segment", "Wording", "chart_spec", "draw_chart", "render",
    "warm_up_chart",
]  # fmt: skip


class Wording(Protocol):
    """What words a chart: a conversation's `Texts`, or `ENGLISH`."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def money_whole(self, amount: Decimal) -> str: ...
    def long_date(self, value) -> str: ...  # noqa: ANN001 - a date
    def percent(self, pct: Decimal) -> str: ...


TITLE = N_("Where your {amount} goes")
AS_IS = N_("If you do nothing")
ROLLING_SOME = N_("Rolling over {amount}")
ROLLED_IN_TIME = N_("If you roll it all over by {date}")
CURED_IN_TIME = N_("If you make up the missed payments by {date}")
FEDERAL = N_("Federal tax")
PENALTY = N_("10% additional tax")
STATE = N_("State tax")
LEFT = N_("Left after tax")
GROWTH_TITLE = N_("If it stayed invested until retirement")
TODAY = N_("Today")
AT_RETIREMENT = N_("At retirement")

def render(breakdown: Breakdown, texts: Wording = ENGLISH, *, annual_return: Decimal | None = None) -> bytes:
    """The chart for one breakdown as PNG bytes, worded by `texts` (English unless given).

    `annual_return` (percent, the input's) names the assumed growth; without it
    the rate is read back from the breakdown's growth figure.
    """
    return draw_chart(chart_spec(breakdown, texts, annual_return=annual_return))


def chart_spec(breakdown: Breakdown, texts: Wording, *, annual_return: Decimal | None = None) -> ChartSpec:
    """What the chart of `breakdown` shows, worded in `texts`' language (see the module's docstring)."""
    b, _ = breakdown, texts.gettext
    money = texts.money_whole
    parts = [
        Segment(float(b.federal_income_tax), ORANGE, _(FEDERAL), money(b.federal_income_tax)),
        Segment(float(b.early_withdrawal_penalty), VERMILLION, _(PENALTY), money(b.early_withdrawal_penalty)),
        Segment(float(b.state_income_tax + b.state_additional_tax), REDDISH_PURPLE, _(STATE),
                money(b.state_income_tax + b.state_additional_tax)),
    ]
    left = max(Decimal(0), b.offset_amount - b.total_tax)
    parts.append(Segment(float(left), BLUISH_GREEN, _(LEFT), money(left)))
    shown = tuple(p for p in parts if p.value > 0)
    safe = _safe_label(b, texts) if b.rolled_over < b.offset_amount else ""
    if b.rolled_over > 0:
        as_is = _(ROLLING_SOME).format(amount=money(b.rolled_over))
    else:  # "If you do nothing" only beside something to do
        as_is = _(AS_IS) if safe else ""
    bars = [ChartBar(as_is, shown)]
    if safe:
        whole = money(b.offset_amount)
        bars.append(ChartBar(safe, (Segment(float(b.offset_amount), BLUISH_GREEN, _(LEFT), whole),), inside=whole))
    return ChartSpec(_(TITLE).format(amount=money(b.offset_amount)), tuple(bars), shown,
                     *_growth(b, texts, annual_return))


def _safe_label(b: Breakdown, texts: Wording) -> str:
    """What keeps all of it: rolling over by the deadline, or making up missed payments; "" when neither is left."""
    if b.rollover_eligible and b.rollover_deadline is not None:
        return texts.gettext(ROLLED_IN_TIME).format(date=texts.long_date(b.rollover_deadline))
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION and b.cure_possible and b.cure_deadline:
        return texts.gettext(CURED_IN_TIME).format(date=texts.long_date(b.cure_deadline))
    return ""


def _growth(b: Breakdown, texts: Wording, annual_return: Decimal | None) -> tuple[str, str, tuple[ChartBar, ...]]:
    """The growth panel's title, note and bars; empty when nothing is taken out or there is no time to grow."""
    taken = b.offset_amount - b.rolled_over
    years, value = b.years_to_retirement, b.retirement_value_lost
    if taken <= 0 or years <= 0 or value <= taken:
        return "", "", ()
    if annual_return is None:  # value = taken * (1 + r) ** years, to the cent
        annual_return = Decimal(100 * ((float(value) / float(taken)) ** (1 / years) - 1)).quantize(Decimal("0.01"))
    note = texts.ngettext(
        "{years} year at {rate} a year, an assumption, not a forecast",
        "{years} years at {rate} a year, an assumption, not a forecast",
        years,
    ).format(years=str(years), rate=texts.percent(annual_return))
    _, money = texts.gettext, texts.money_whole
    bars = (
        ChartBar(_(TODAY), (Segment(float(taken), SKY_BLUE, _(TODAY), money(taken)),)),
        ChartBar(_(AT_RETIREMENT), (Segment(float(value), BLUE, _(AT_RETIREMENT), money(value), ink=BACKGROUND),)),
    )
    return _(GROWTH_TITLE), note, bars
