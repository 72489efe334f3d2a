"""Text as the readers compare it: folded (lower case, no accents, one kind of space and apostrophe), of a
length a short answer can have, and matched on whole words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from conversations.i18n import N_
from conversations.reading.errors import ParseError

__all__ = [
    "MAX_ANSWER_CHARS", "MINUS", "answer", "check_empty", "check_length", "drop_words", "find_whole", "fold", "normalise", "one_of",
    "phrases", "slots", "whole", "without_whole",
]  # fmt: skip

#: Anything longer is not an answer to a short question; checked before any work.
MAX_ANSWER_CHARS = 80
TOO_LONG = N_("That message is too long ({count} characters). Please send just the answer.")

# Space-like characters people (and phones, and French locales) use between digit groups.
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u3000"
# Phones type a curly apostrophe ("I’m", "don’t"); the words are written with a straight one.
_SPACE_TABLE = str.maketrans({**{c: " " for c in _SPACES}, "\u2018": "'", "\u2019": "'"})
_RUNS_OF_SPACE = re.compile(r"\s+")
#: The minus signs people type (and paste) before a number.
MINUS = "-\u2212\u2012\u2013\u2014\ufe63\uff0d"


def normalise(text: str) -> str:
    """NFKC, one kind of space and apostrophe, single spaces, trimmed."""
    text = unicodedata.normalize("NFKC", text).translate(_SPACE_TABLE)
    return _RUNS_OF_SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower case without accents, so "sí", "Sí" and "si" compare equal."""
    decomposed = unicodedata.normalize("NFKD", normalise(text).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def check_length(text: str, limit: int = MAX_ANSWER_CHARS) -> None:
    if len(text) > limit:
        raise ParseError(TOO_LONG, count=len(text))


def check_empty(text: str, what: str) -> None:
    if not text:
        raise ParseError(N_("That was empty. Please send {what}."), what=what)


def answer(text: str, what: str) -> str:
    """A short answer, folded; refused when too long, or empty ("That was empty. Please send {what}.")."""
    check_length(text)
    raw = fold(text)
    check_empty(raw, what)
    return raw


def drop_words(raw: str, words: frozenset[str]) -> str:
    """`raw` without the whole words in `words` (punctuation around a word ignored) and a leading ~ or ≈."""
    kept = [t for t in raw.split(" ") if t.strip(",.!?;:()") not in words]
    return " ".join(kept).lstrip("~≈ ")


def _letter(c: str) -> bool:
    return "a" <= c <= "z"


def find_whole(text: str, phrase: str, start: int = 0) -> int:
    """Where `phrase` first stands in folded `text` as whole words (no letter right before or after it), from
    `start`; -1 if nowhere. What `re.search(whole(re.escape(phrase)), text)` finds, without a regex to compile
    for each of hundreds of phrases."""
    i = text.find(phrase, start)
    while i != -1:
        end = i + len(phrase)
        if (i == 0 or not _letter(text[i - 1])) and (end == len(text) or not _letter(text[end])):
            return i
        i = text.find(phrase, i + 1)
    return -1


def without_whole(text: str, phrase: str, count: int = 0) -> str:
    """`text` with `phrase`, where it stands as whole words, replaced by a space (the first `count`, or all)."""
    parts, done, pos = [], 0, 0
    while (i := find_whole(text, phrase, pos)) != -1 and (count == 0 or done < count):
        parts += [text[pos:i], " "]
        pos, done = i + len(phrase), done + 1
    return "".join(parts) + text[pos:]


def one_of(words: Iterable[str]) -> str:
    """A regex alternation of `words`, taken literally, in the order given."""
    return "|".join(re.escape(w) for w in words)


def slots(phrases: Iterable[str], slot: str) -> str:
    """A regex alternation of `phrases` with a "{}" where something else goes ("{} days ago", "hace {} dias"),
    each "{}" a capturing group of `slot`: the first group that is not None is what filled it."""
    return "|".join(f"({slot})".join(re.escape(part) for part in p.split("{}")) for p in phrases)


def whole(pattern: str) -> str:
    """`pattern` as whole words of folded text: no letter right before or after it."""
    return r"(?<![a-z])(?:" + pattern + r")(?![a-z])"


def phrases(words: Iterable[str]) -> re.Pattern[str]:
    """Any of `words` as whole words of folded text."""
    return re.compile(whole(one_of(words)))
