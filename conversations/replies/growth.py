"""What the money taken out would have grown to by retirement, at the assumed return."""

from __future__ import annotations

from calculator.models import DistributionType
from conversations.replies.facts import Facts

__all__ = ["growth_lines"]


def growth_lines(f: Facts) -> list[str]:
    b, texts = f.b, f.texts
    if b.retirement_value_lost <= 0:
        return []
    years = b.years_to_retirement
    if years == 0:  # at or past the retirement age: no growth to show
        return [texts.gettext(
            "📉 You're at or past retirement age ({age}), so no growth is lost: your savings are {amount} smaller."
        ).format(age=str(f.inputs.retirement_age), amount=texts.money_whole(b.retirement_value_lost))]
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION:
        # The loan is still owed: repaying it puts the money back, so the growth is lost only if it is not.
        growth = texts.ngettext(
            "📈 Unless the loan is repaid, this money would have grown to about {amount} in {years} year "
            "({rate} a year).",
            "📈 Unless the loan is repaid, this money would have grown to about {amount} in {years} years "
            "({rate} a year).",
            years,
        )
    else:
        growth = texts.ngettext(
            "📈 Left invested, this money would have grown to about {amount} in {years} year ({rate} a year).",
            "📈 Left invested, this money would have grown to about {amount} in {years} years ({rate} a year).",
            years,
        )
    return [growth.format(
        amount=texts.money_whole(b.retirement_value_lost), years=str(years), rate=texts.percent(f.inputs.annual_return)
    )]
