"""Plain-words explanations of the rules that applied.

Templates are English sentences wrapped in `N_()` so `pybabel extract -k N_`
finds them; they are filled with `str.format`, never f-strings, so a
translated template takes the same params. Params keep their raw values
(Decimal, date, int, str) for a front end that formats them for a locale;
`Note.text` renders them in English (see `calculator.english`) only when read.
"""

from __future__ import annotations

from functools import lru_cache

from calculator.models.breakdown import Note, NoteParam, trusted

# N_("...") marks a template for extraction; translation happens in the front end. At run time it is the
# identity on a str, so it is `str` itself, which hands back the very object it is given, in C: a Python
# function of our own cost a call for each of the dozen notes an explanation writes.
N_ = str


def note(code: str, template: str, **params: NoteParam) -> Note:
    # No English rendering here: `Note.text` is computed on first read.
    return trusted(Note, {"code": code, "template": template, "params": params})  # type: ignore[return-value]


# Notes whose params come from a small fixed set (none, a state, a bracket
# rate, figures from the data files) are the same object every time; Note is
# frozen, so sharing them is safe, and their English text is rendered once.
fixed_note = lru_cache(maxsize=1024)(note)
