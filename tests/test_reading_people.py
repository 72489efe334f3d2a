"""The words around answers about people: the spouse's age, a public-safety job, years of service."""

from __future__ import annotations

import pytest

from conversations.reading.people import PUBLIC_SAFETY_JOBS, SPOUSE_BORN, SPOUSE_WORDS, years_of_service
from conversations.reading.text import fold


@pytest.mark.parametrize(("text", "rest"), [("she's 66", "66"), ("my wife is 63", "63"), ("yes he is", "yes"),
                                            ("mi esposa tiene 64 años", "64")])
def test_the_words_around_the_spouses_age(text: str, rest: str) -> None:
    assert " ".join(w for w in fold(text).split() if w not in SPOUSE_WORDS) == rest


@pytest.mark.parametrize(("text", "year"), [("born 1960", "1960"), ("born in 1960", "1960"), ("nació en 1960", "1960"),
                                            ("nacida en 1961", "1961")])
def test_the_spouses_year_of_birth(text: str, year: str) -> None:
    assert (m := SPOUSE_BORN.fullmatch(fold(text))) and m[1] == year


@pytest.mark.parametrize(("text", "named"), [("I was a firefighter", True), ("cop", True), ("corrections officer", True),
                                             ("bombero", True), ("loan officer", False), ("office job", False)])
def test_a_public_safety_job_said_instead_of_yes(text: str, named: bool) -> None:
    assert bool(PUBLIC_SAFETY_JOBS.search(fold(text))) is named


@pytest.mark.parametrize(("text", "years"), [("25", 25), ("25+", 25), ("over 25 years", 25), ("about 20", 20),
                                             ("almost 25", 24), ("casi 25 años", 24), ("25 years of service", 25),
                                             ("unos 30 años de servicio", 30), ("twenty", None), ("25.5", None)])
def test_years_of_service(text: str, years: int | None) -> None:
    assert years_of_service(text) == years
