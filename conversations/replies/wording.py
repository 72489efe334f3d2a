"""Values and the calculator's notes in the person's language: amounts through babel for their locale, the
rule notes translated from their templates with params formatted here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from calculator.models import Breakdown
from conversations.i18n import N_, Texts
from conversations.reading.errors import ParseError
from conversations.reading.places import STATES

__all__ = ["format_note", "format_param", "note_texts", "parse_error_text"]

# Words the calculator puts into its notes as plain English text params
# (calculator.engine: filing statuses, weekday or holiday, asserted exceptions).
# Marked here so a note's params are translated along with its template.
_NOTE_WORDS = frozenset(
    {
        N_("single"),
        N_("jointly"),
        N_("separately"),
        N_("as head of household"),
        N_("as a qualifying surviving spouse"),
        N_("Saturday"),
        N_("Sunday"),
        N_("a Washington, D.C. holiday"),
        N_("the District of Columbia"),
        N_("death"),
        N_("total and permanent disability"),
        N_("terminal illness"),
        N_("IRS levy"),
        N_("qualified reservist"),
        N_("birth or adoption"),
        N_("emergency personal expense"),
        N_("domestic abuse victim"),
        N_("qualified disaster"),
        N_("medical expenses"),
    }
)

# The calculator names states in English ("{state} has no income tax..."): translated like the rest.
_STATE_NAMES = frozenset(STATES.values())


def format_param(texts: Texts, name: str, value: Any) -> str:
    """A note or error param for the locale: Decimals are dollars unless the name ends in _pct."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return texts.percent(value) if name.endswith("_pct") else texts.money(value)
    if isinstance(value, dt.date):
        return texts.month(value) if name.endswith("_month") else texts.date(value)
    return str(value)


def format_note(texts: Texts, note: Any) -> str:
    """A calculator Note in the person's language; its English text if the translation doesn't fit."""
    try:
        params = {
            k: texts.gettext(v) if isinstance(v, str) and (v in _NOTE_WORDS or v in _STATE_NAMES) else format_param(texts, k, v)
            for k, v in note.params.items()
        }
        return texts.gettext(note.template).format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return getattr(note, "text", str(note))


def note_texts(texts: Texts, breakdown: Breakdown) -> list[str]:
    """Every rule note of a breakdown, translated, in the calculator's order."""
    details = getattr(breakdown, "note_details", None)
    if details:
        return [format_note(texts, n) for n in details]
    return list(breakdown.notes)


def parse_error_text(texts: Texts, err: ParseError) -> str:
    """A reader's complaint about typed text, in the person's language; its English text if the
    translation doesn't fit."""
    # Text params are N_-marked phrases ("an amount such as 15000"): translate them too.
    params = {
        k: texts.gettext(v) if isinstance(v, str) else format_param(texts, k, v) for k, v in err.params.items()
    }
    try:
        return texts.gettext(err.template).format(**params)
    except (KeyError, IndexError, ValueError):
        return str(err)
