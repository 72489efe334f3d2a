"""States, the cities that name one, territories."""

from __future__ import annotations

import pytest

from conversations.reading.errors import ParseError
from conversations.reading.places import closest_state, parse_place, parse_state


@pytest.mark.parametrize(("text", "expected"), [("CA", "CA"), ("ca", "CA"), ("California", "CA"), ("new york", "NY"), ("I live in Texas", "TX"), ("DC", "DC"),
                                                ("N.Y.", "NY"), ("n. j.", "NJ"), ("D.C.", "DC"), ("Jersey", "NJ")])
def test_state(text: str, expected: str) -> None:
    assert parse_state(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Texas, no income tax", "TX"), ("Georgia (the state)", "GA"), ("we live in west virginia", "WV"),
    ("I'm in IL", "IL"), ("I'm in Baltimore", "MD"), ("vivimos en Nueva York", "NY"), ("Washington DC", "DC"),
    ("I LIVE IN TEXAS", "TX"),  # not Indiana too
])
def test_state_named_in_a_sentence(text: str, expected: str) -> None:
    assert parse_state(text) == expected


@pytest.mark.parametrize("text", ["I moved from CA to TX", "moved from New York to Florida", "NJ but I work in NY"])
def test_two_states_say_which_one_taxes_the_offset(text: str) -> None:
    # The state of residence on the day of the offset: another cannot tax a nonresident's 401(k) money (4 U.S.C. 114).
    with pytest.raises(ParseError, match=r"I found two states in that\. The offset is taxed by the state you lived in"):
        parse_state(text)


def test_state_unknown() -> None:
    with pytest.raises(ParseError, match="Kansas City is in two states"):
        parse_state("I live in Kansas City")
    with pytest.raises(ParseError, match="two-letter code"):
        parse_state("I'm in the US")
    with pytest.raises(ParseError, match="two-letter code"):
        parse_state("Narnia")
    with pytest.raises(ParseError, match="two-letter code"):
        parse_state("X.Y.")


@pytest.mark.parametrize("text", ["Puerto Rico", "PR", "Guam", "I live in the US Virgin Islands", "American Samoa"])
def test_a_territory_is_named_as_outside_the_estimate(text: str) -> None:
    # Their residents are taxed under their own codes (IRC 931-935): named as such, not "I don't know that state".
    with pytest.raises(ParseError, match="The territories tax their residents under their own tax codes"):
        parse_state(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("NYC", ("NY", "nyc")), ("New York City", ("NY", "nyc")), ("Brooklyn", ("NY", "nyc")), ("in NYC", ("NY", "nyc")),
        ("Yonkers", ("NY", "yonkers")), ("new york", ("NY", None)), ("Baltimore", ("MD", None)),
        ("washington, d.c.", ("DC", None)), ("Washington State", ("WA", None)), ("Washington", ("WA", None)),
    ],
)
def test_a_city_answers_which_state_and_says_whether_it_taxes_income_too(text: str, place) -> None:
    assert parse_place(text) == place


@pytest.mark.parametrize(("text", "code"), [
    ("califronia", "CA"), ("Californa", "CA"), ("pensylvania", "PA"), ("Masachusetts", "MA"), ("tennesee", "TN"),
    ("missisippi", "MS"), ("conneticut", "CT"), ("illinios", "IL"), ("new jersy", "NJ"), ("west virgina", "WV"),
    ("nueva yorck", "NY"), ("I live in califronia", "CA"),
    ("California", "CA"), ("tx", "TX"), ("pensilvania", "PA"),  # no typo: the state itself
])
def test_a_misspelt_state_is_a_near_miss_to_offer(text: str, code: str) -> None:
    assert closest_state(text) == code


@pytest.mark.parametrize("text", ["Narnia", "Canada", "mexico", "yes", "skip", "not sure", "London", "", "x" * 100])
def test_a_word_that_is_no_state_is_not_a_near_miss(text: str) -> None:
    assert closest_state(text) is None


def test_a_misspelt_state_is_still_refused_by_the_reader() -> None:
    with pytest.raises(ParseError, match="two-letter code"):
        parse_state("califronia")
