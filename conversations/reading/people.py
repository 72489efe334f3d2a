"""The words around answers about people: the spouse's age ("she's 66", "born 1960"), a public-safety job
("I was a firefighter"), years of service ("almost 25 years")."""

from __future__ import annotations

import re

from conversations.reading.text import fold, one_of, phrases
from conversations.reading.vocabulary import en, es

__all__ = ["PUBLIC_SAFETY_JOBS", "SPOUSE_BORN", "SPOUSE_WORDS", "years_of_service"]

#: Words around the spouse's age: "she's 66", "my wife is 63", "yes he is".
SPOUSE_WORDS = frozenset(en.SPOUSE + es.SPOUSE)
#: "born 1960", "nació en 1960": the spouse's year of birth, group 1.
SPOUSE_BORN = re.compile(r"(?:" + one_of(en.SPOUSE_BORN + es.SPOUSE_BORN) + r") (\d{4})")
#: The jobs the public-safety question names, said instead of yes ("I was a firefighter", "cop", "bombero").
PUBLIC_SAFETY_JOBS = phrases(en.PUBLIC_SAFETY_JOBS + es.PUBLIC_SAFETY_JOBS)
_SERVICE_YEARS = re.compile(r"\s*(?:" + one_of(en.SERVICE_YEARS + es.SERVICE_YEARS) + r")$")
_FEWER = re.compile(r"(?:" + one_of(en.FEWER + es.FEWER) + r") ")
# "25+", "over 25", "about 20": at least, or about, that many.
_ABOUT = re.compile(r"^(?:" + one_of(en.ABOUT + es.ABOUT) + r") |\+$")
_WHOLE_YEARS = re.compile(r"\d{1,3}")


def years_of_service(text: str) -> int | None:
    """The whole years of service an answer gives ("25", "25+ years", "about 20"; "almost 25" is 24), or None
    if it gives none."""
    raw = _SERVICE_YEARS.sub("", fold(text).strip(" .!"))
    fewer = _FEWER.match(raw) is not None
    raw = _ABOUT.sub("", raw).strip()
    if fewer and raw.isdigit():
        raw = str(max(int(raw) - 1, 0))
    return int(raw) if _WHOLE_YEARS.fullmatch(raw) else None
