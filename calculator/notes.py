"""Plain-words explanations of the rules that applied.

Templates are English sentences wrapped in `N_()` so `pybabel extract -k N_`
finds them; they are filled with `str.format`, never f-strings, so a
translated template takes the same params. Params keep their raw values
(Decimal, date, int, str) for a front end that formats them for a locale; the
English `text` formats them here: Decimals are US dollars unless the param
name ends in `_pct` (a percentage), dates are written out.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from calculator.models import Note, NoteParam, trusted


def N_(s: str) -> str:
    """Mark a template for extraction; translation happens in the front end."""
    return s


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


def _english(name: str, value: NoteParam) -> str:
    kind = type(value)
    if kind is Decimal:
        return english_pct(value) if name.endswith("_pct") else english_money(value)  # type: ignore[arg-type]
    if kind is dt.date:
        return english_date(value)  # type: ignore[arg-type]
    return str(value)


def note(code: str, template: str, **params: NoteParam) -> Note:
    if params:
        text = template.format_map({k: _english(k, v) for k, v in params.items()})
    else:
        text = template
    return trusted(Note, {"code": code, "template": template, "params": params, "text": text})  # type: ignore[return-value]


# Notes whose params come from a small fixed set (none, a state, a bracket
# rate, figures from the data files) are the same object every time; Note is
# frozen, so sharing them is safe.
fixed_note = lru_cache(maxsize=1024)(note)
