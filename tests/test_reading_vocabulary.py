"""The vocabulary: every word as the readers compare it (folded), once per list, in both languages."""

from __future__ import annotations

import pytest

from conversations.reading.text import fold
from conversations.reading.vocabulary import en, es

_AS_TYPED = {"BETWEEN_DATES"}  # split from the text as typed, accents and all


def _lists(module):
    for name, value in vars(module).items():
        if name.isupper() and not name.endswith("_PATTERN") and isinstance(value, (tuple, dict, str)):
            yield name, value


def _words(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for key, v in value.items() for w in ([key] if isinstance(key, str) else list(v))]
    return [w[0] if isinstance(w, tuple) else w for w in value]


@pytest.mark.parametrize("module", [en, es], ids=["en", "es"])
def test_every_word_is_folded_and_trimmed(module) -> None:
    for name, value in _lists(module):
        for word in _words(value):
            assert word == word.strip() and "  " not in word, (name, word)
            if name not in _AS_TYPED:
                assert fold(word) == word, (name, word)


@pytest.mark.parametrize("module", [en, es], ids=["en", "es"])
def test_no_word_twice_in_a_list(module) -> None:
    for name, value in _lists(module):
        words = _words(value)
        assert len(words) == len(set(words)), (name, sorted(w for w in words if words.count(w) > 1))


def test_both_languages_name_the_same_kinds_of_words() -> None:
    # A list in one language only is one the other does not need (English grammar, Spanish "de"): named here.
    only_en = {"ISH", "MILLION_ABBREVIATIONS", "PERCENT_IN_LINE", "TURN_LATER_VERBS", "MONTHS_THAT_ARE_WORDS",
               "SHORT_STATE_NAMES", "YONKERS", "CITIES_IN_TWO_STATES", "THE", "QUALIFYING", "FILING_IN_LINE",
               "DISTRIBUTION", "LEFT", "LEFT_ON", "ROLL_OVER", "PUT_BACK", "MISSED_SUBJECTS", "LAST_PAID_SUBJECTS",
               "SOCIAL_SECURITY_ABBREVIATIONS"}
    only_es = {"AGE_VERBS", "ROLLOVER_WORDS"}
    names_en = {n for n, _ in _lists(en)} | {n for n in vars(en) if n.endswith("_PATTERN")}
    names_es = {n for n, _ in _lists(es)} | {n for n in vars(es) if n.endswith("_PATTERN")}
    assert names_en - names_es == only_en
    assert names_es - names_en == only_es
