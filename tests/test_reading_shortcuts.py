"""Answers said in a word instead of a value: skip, not sure, help, today or not yet, recent, still working."""

from __future__ import annotations

import pytest

from conversations.reading.shortcuts import (
    SKIP_WORDS,
    UNSURE_WORDS,
    asks_for_help,
    is_one_of,
    says_not_yet,
    says_recent,
    says_still_there,
)
from conversations.reading.text import fold


@pytest.mark.parametrize("text", ["skip", "Skip.", "n/a", "no state tax", "omitir", "Saltar pregunta", "ningún estado"])
def test_skip_words_are_the_whole_answer(text: str) -> None:
    assert is_one_of(text, SKIP_WORDS)


@pytest.mark.parametrize("text", ["skip it please", "California", "no state but..."])
def test_skip_words_inside_an_answer_are_not_a_skip(text: str) -> None:
    assert not is_one_of(text, SKIP_WORDS)


@pytest.mark.parametrize("text", ["not sure", "I don’t know", "idk!", "no sé", "No estoy segura", "ni idea"])
def test_unsure_words(text: str) -> None:
    assert is_one_of(text, UNSURE_WORDS)


@pytest.mark.parametrize("text", ["?", "¿?", "help", "what does that mean?", "where do I find that", "no entiendo",
                                  "¿qué significa?", "not sure"])
def test_asking_what_a_question_means(text: str) -> None:
    assert asks_for_help(text)


@pytest.mark.parametrize("text", ["15000", "what if 24%", "yes"])
def test_answers_are_not_asking_for_help(text: str) -> None:
    assert not asks_for_help(text)


@pytest.mark.parametrize("text", ["today", "not yet", "it hasn't happened yet", "still waiting on it", "todavía no",
                                  "aún no ha pasado", "esta semana"])
def test_today_or_not_yet(text: str) -> None:
    assert says_not_yet(fold(text).strip(" .!"))


@pytest.mark.parametrize("text", ["yesterday", "3/1/2026", "it happened last week"])
def test_a_day_is_not_today_or_not_yet(text: str) -> None:
    assert not says_not_yet(fold(text).strip(" .!"))


@pytest.mark.parametrize(("text", "recent"), [("within the last year", True), ("recently", True),
                                              ("in the last 12 months", True), ("hace poco", True),
                                              ("en los últimos meses", True), ("last year", False), ("3/1/2025", False)])
def test_within_the_last_12_months_typed(text: str, recent: bool) -> None:
    assert says_recent(fold(text)) is recent


@pytest.mark.parametrize(("text", "there"), [("I still work there", True), ("still employed", True),
                                             ("sigo trabajando ahí", True), ("I left in 2020", False)])
def test_still_working_there(text: str, there: bool) -> None:
    assert says_still_there(fold(text)) is there
