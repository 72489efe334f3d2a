"""Where someone lives: a state ("CA", "California", "nueva york"), a city that names one ("NYC", "Baltimore"),
and a near miss of a state's name ("califronia")."""

from __future__ import annotations

import difflib
import re

from conversations.i18n import N_, Texts
from conversations.reading.errors import ParseError
from conversations.reading.text import check_empty, check_length, find_whole, fold, one_of, without_whole
from conversations.reading.vocabulary import en, es

__all__ = [
    "CITIES", "CITY_NYC", "CITY_YONKERS", "STATES", "STATE_BY_NAME", "TERRITORY", "TWO_STATES", "UNKNOWN_STATE",
    "closest_state", "parse_place", "parse_state", "places_in", "state_name",
]  # fmt: skip

# Names are English, marked for translation ("New York" -> "Nueva York"): see `state_name`.
STATES: dict[str, str] = {
    "AL": N_("Alabama"), "AK": N_("Alaska"), "AZ": N_("Arizona"), "AR": N_("Arkansas"), "CA": N_("California"),
    "CO": N_("Colorado"), "CT": N_("Connecticut"), "DE": N_("Delaware"), "DC": N_("District of Columbia"),
    "FL": N_("Florida"), "GA": N_("Georgia"), "HI": N_("Hawaii"), "ID": N_("Idaho"), "IL": N_("Illinois"),
    "IN": N_("Indiana"), "IA": N_("Iowa"), "KS": N_("Kansas"), "KY": N_("Kentucky"), "LA": N_("Louisiana"),
    "ME": N_("Maine"), "MD": N_("Maryland"), "MA": N_("Massachusetts"), "MI": N_("Michigan"), "MN": N_("Minnesota"),
    "MS": N_("Mississippi"), "MO": N_("Missouri"), "MT": N_("Montana"), "NE": N_("Nebraska"), "NV": N_("Nevada"),
    "NH": N_("New Hampshire"), "NJ": N_("New Jersey"), "NM": N_("New Mexico"), "NY": N_("New York"),
    "NC": N_("North Carolina"), "ND": N_("North Dakota"), "OH": N_("Ohio"), "OK": N_("Oklahoma"), "OR": N_("Oregon"),
    "PA": N_("Pennsylvania"), "RI": N_("Rhode Island"), "SC": N_("South Carolina"), "SD": N_("South Dakota"),
    "TN": N_("Tennessee"), "TX": N_("Texas"), "UT": N_("Utah"), "VT": N_("Vermont"), "VA": N_("Virginia"),
    "WA": N_("Washington"), "WV": N_("West Virginia"), "WI": N_("Wisconsin"), "WY": N_("Wyoming"),
}  # fmt: skip
#: A state's names as typed, folded, to its code: the English names, and the short and Spanish ones.
STATE_BY_NAME: dict[str, str] = {fold(name): code for code, name in STATES.items()} | en.STATE_NAMES | es.STATE_NAMES

# Cities people answer "Which state?" with. New York City and Yonkers tax their residents' income too, so the
# state's rate question asks for theirs; Baltimore is Maryland, whose counties all do.
CITY_NYC, CITY_YONKERS = "nyc", "yonkers"
CITIES: dict[str, tuple[str, str | None]] = {
    **{name: ("NY", CITY_NYC) for name in en.NYC + es.NYC},
    **{name: ("NY", CITY_YONKERS) for name in en.YONKERS},
    **{name: (code, None) for name, code in (en.CITY_STATES | es.CITY_STATES).items()},
}
# Territories tax their residents under their own codes, which this estimate does not cover.
_TERRITORIES = frozenset(en.TERRITORIES + es.TERRITORIES)
TERRITORY = N_(
    "The territories tax their residents under their own tax codes, which this estimate doesn't cover: tap Skip "
    "to leave that out, and ask a tax professional there how the federal figures apply to you (IRC 931-935)."
)
# The state that taxes a distribution is the one of residence: another cannot tax a nonresident's retirement
# income, a 401(k)'s distributions included (4 U.S.C. 114(a), (b)(1)(A)).
TWO_STATES = N_(
    "I found two states in that. The offset is taxed by the state you lived in on the day of the offset: a state "
    "you moved away from can't tax a nonresident's retirement income (4 U.S.C. 114). Please send that one state."
)
_LEAD = re.compile(r"^(" + one_of(en.PLACE_LEADS + es.PLACE_LEADS) + r")\s+")  # "I live in", "vivo en"
_DOTTED_CODE = re.compile(r"([a-z])\.\s?([a-z])\.?")  # "N.Y.", "n. j."
_IN_TWO_STATES = re.compile(r"(?<![a-z])(?:" + one_of(en.CITIES_IN_TWO_STATES) + r")(?![a-z])")
_CODE_IN_CAPITALS = re.compile(r"(?<![A-Za-z])[A-Z]{2}(?![A-Za-z])")


def state_name(texts: Texts, code: str) -> str:
    """A state's name in the person's language ("NY" -> "Nueva York" in Spanish); the code if unknown."""
    return texts.gettext(STATES[code]) if code in STATES else code


def _named(attempt: str) -> tuple[str, str | None] | None:
    """The place a whole answer names ("N.Y.", "ca", "california", "brooklyn"); None if it is none of them."""
    dotted = _DOTTED_CODE.fullmatch(attempt)
    if dotted and (code := (dotted[1] + dotted[2]).upper()) in STATES:
        return code, None
    if attempt.upper() in STATES:
        return attempt.upper(), None
    if attempt in STATE_BY_NAME:
        return STATE_BY_NAME[attempt], None
    if attempt in CITIES:
        return CITIES[attempt]
    if attempt.removeprefix(en.THE + " ") in _TERRITORIES:
        raise ParseError(TERRITORY)
    return None


def parse_place(text: str) -> tuple[str, str | None]:
    """(the state's two-letter code, and CITY_NYC or CITY_YONKERS for a city that taxes income too) from "CA",
    "California", "new york", "NYC", "Brooklyn", "Yonkers"..."""
    check_length(text)
    raw = re.sub(r"\s+", " ", fold(text).replace(",", " ")).strip(" .!")
    check_empty(raw, N_("a state such as CA or California"))
    for attempt in (raw, _LEAD.sub("", raw)):
        if (place := _named(attempt)) is not None:
            return place
    if _IN_TWO_STATES.search(raw):
        raise ParseError(N_("Kansas City is in two states. Please send yours: MO (Missouri) or KS (Kansas)."))
    found = places_in(raw, text)
    if len({code for code, _city in found}) > 1:
        raise ParseError(TWO_STATES)
    if found:  # "I'm in Baltimore", "Texas, no income tax", "Georgia (the state)"
        return found[0]
    raise ParseError(UNKNOWN_STATE)


UNKNOWN_STATE = N_("I don't know that state. Please send its two-letter code or its name, e.g. CA or California.")


def parse_state(text: str) -> str:
    """A two-letter state code from "CA", "ca", "California", "new york", "NYC"..."""
    return parse_place(text)[0]


# Every name of a state (but two-letter ones) and of a city, longest first.
_NAMED_PLACES = tuple(
    sorted(
        [*((name, (code, None)) for name, code in STATE_BY_NAME.items() if len(name) > 2), *CITIES.items()],
        key=lambda p: len(p[0]), reverse=True,
    )
)


def places_in(raw: str, text: str) -> list[tuple[str, str | None]]:
    """The states (and taxing cities) a sentence names, longest names first so "West Virginia" is not also
    Virginia: names and cities as words, and two-letter codes only as typed in capitals ("moved from CA to TX")."""
    found: list[tuple[str, str | None]] = []
    for name, place in _NAMED_PLACES:
        if find_whole(raw, name) != -1:
            found.append(place)
            raw = without_whole(raw, name)
    if found and text.isupper():  # "I LIVE IN TEXAS": capitals say nothing, and "IN" is a word
        return found
    found.extend((token, None) for token in _CODE_IN_CAPITALS.findall(text) if token in STATES)
    return found


# Near misses are looked for among names long enough to be misspelt ("califronia", "pensylvania"), not codes.
_SPELT_NAMES = {name: code for name, code in STATE_BY_NAME.items() if len(name) > 4}
_NEAR_MISS = 0.8


def closest_state(text: str) -> str | None:
    """The state whose name `text` most likely misspells ("califronia" -> "CA", "Tennesee" -> "TN"), for a
    question to offer as a button; None when no name is close. An exact name or code gives its state."""
    raw = re.sub(r"\s+", " ", fold(text).replace(",", " ")).strip(" .!")
    if not raw or len(raw) > 40:
        return None
    if raw.upper() in STATES:
        return raw.upper()
    if raw in STATE_BY_NAME:
        return STATE_BY_NAME[raw]
    close = difflib.get_close_matches(_LEAD.sub("", raw), _SPELT_NAMES, n=1, cutoff=_NEAR_MISS)
    return _SPELT_NAMES[close[0]] if close else None
