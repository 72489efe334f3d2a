"""Yes or no: "yes", "sí", "nope", and a sentence that starts with one ("yes, she is", "no, office job")."""

from __future__ import annotations

from conversations.i18n import N_
from conversations.reading.errors import ParseError
from conversations.reading.text import check_length, fold, phrases
from conversations.reading.vocabulary import en, es

__all__ = ["DONT_KNOW", "NO", "YES", "parse_yes_no"]

YES = frozenset(en.YES + es.YES)
NO = frozenset(en.NO + es.NO)
# The words a sentence may start with and still be a yes or a no ("yes, she is"): not "sure" or "ok".
_LEADING_YES_NO = frozenset(en.LEADING_YES_NO + es.LEADING_YES_NO)
#: "no idea", "not sure", "no sé": not a no.
DONT_KNOW = phrases(en.DONT_KNOW + es.DONT_KNOW)


def parse_yes_no(text: str) -> bool:
    """"yes", "no", and a sentence that starts with one ("yes, she is", "no, office job"), unless it says the
    person does not know ("no idea") or carries a number (an answer of its own: "yes, about 2k a month")."""
    check_length(text)
    raw = fold(text).strip(" .!")
    if raw in YES:
        return True
    if raw in NO:
        return False
    first, _, rest = raw.replace(",", " ").partition(" ")
    if first in _LEADING_YES_NO and rest.strip() and not DONT_KNOW.search(raw) and not any(c.isdigit() for c in rest):
        return first in YES
    raise ParseError(N_("Please answer yes or no."))
