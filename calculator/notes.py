"""Plain-words explanations of the rules that applied.

Templates are English sentences wrapped in `N_()` so `pybabel extract -k N_`
finds them; they are filled with `str.format`, never f-strings, so a
translated template takes the same params. Params keep their raw values
(Decimal, date, int, str) for a front end that formats them for a locale;
`Note.text` renders them in English (see `calculator.english`) only when read.
"""

from __future__ import annotations

from functools import lru_cache

from calculator.english import english_date, english_money, english_pct  # noqa: F401  (re-exported)
from calculator.models import Note, NoteParam, trusted


def N_(s: str) -> str:
    """Mark a template for extraction; translation happens in the front end."""
    return s


def note(code: str, template: str, **params: NoteParam) -> Note:
    # No English rendering here: `Note.text` is computed on first read.
    return trusted(Note, {"code": code, "template": template, "params": params})  # type: ignore[return-value]


# Notes whose params come from a small fixed set (none, a state, a bracket
# rate, figures from the data files) are the same object every time; Note is
# frozen, so sharing them is safe, and their English text is rendered once.
fixed_note = lru_cache(maxsize=1024)(note)
