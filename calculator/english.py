"""English wording of note params: dollars, percentages, dates.

Kept apart from `notes` so `models.Note` can render its own text lazily
without an import cycle. Decimals are US dollars unless the param name ends in
`_pct` (a percentage); dates are written out ("June 1, 2025"), or as their month
("June 2025") when the param name ends in `_month`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def english_date(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def english_money(amount: Decimal) -> str:
    if amount < 0:
        return f"-${-amount:,.2f}"
    return f"${amount:,.2f}"


def english_pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def english_param(name: str, value: object) -> str:
    kind = type(value)
    if kind is Decimal:
        return english_pct(value) if name.endswith("_pct") else english_money(value)  # type: ignore[arg-type]
    if kind is dt.date:
        if name.endswith("_month"):  # a month said without its day
            return f"{_MONTHS[value.month - 1]} {value.year}"  # type: ignore[attr-defined]
        return english_date(value)  # type: ignore[arg-type]
    return str(value)


def render(template: str, params: dict[str, object]) -> str:
    """`template` filled with `params` written for an English reader."""
    if not params:
        return template
    return template.format_map({k: english_param(k, v) for k, v in params.items()})
