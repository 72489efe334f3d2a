"""What people type after the breakdown: a rollover amount ("roll over 5000", "reinvertir 5.000"), a what-if
("what if 24%?", "¿y si 24%?"), or one of the buttons said in words ("why", "remind me", "gracias")."""

from __future__ import annotations

import re

from conversations.reading.amounts import THOUSANDS
from conversations.reading.text import fold, one_of
from conversations.reading.vocabulary import en, es

__all__ = ["ROLLOVER_VERBS", "TYPED_BUTTONS", "TYPED_ROLLOVER", "WHAT_IF", "typed_button", "without_what_if"]


def _spaced(phrases: tuple[str, ...], space: str) -> str:
    return "|".join(space.join(re.escape(word) for word in p.split(" ")) for p in phrases)


#: Words for rolling an amount over ("rolled over", "deposit", "put back", "reinvertir"), as a regex to build on:
#: the chat reads the amount after them as a what-if, and a one-line estimate says where it goes.
ROLLOVER_VERBS = (
    r"(?<![a-z])(?:" + _spaced(en.ROLL_OVER, r"\s*") + "|" + _spaced(en.PUT_BACK, r"\s+") + "|"
    + "|".join(re.escape(stem) + r"\w*" for stem in en.ROLLOVER_STEMS + es.ROLLOVER_STEMS)
    + "|" + one_of(es.ROLLOVER_WORDS) + ")"
)
#: After the breakdown, a rollover amount typed as a what-if: "roll over 5000", "I can deposit 8k",
#: "reinvertir 5.000"; the amount is the group "amount" (a rate, "deposit 5%", is not one).
TYPED_ROLLOVER = re.compile(
    ROLLOVER_VERBS + r"[^\d$%]*?(?P<amount>\$?\s*\d(?:[\d.,]*\d)?(?:\s*(?:" + one_of(THOUSANDS) + r")(?![a-z]))?)"
    r"(?![\d.,]*\s*%)",
    re.IGNORECASE,
)
#: After the breakdown, the buttons under it said in words: the folded words to the button ("why", "remind",
#: "new", "thanks").
TYPED_BUTTONS: dict[str, str] = {
    phrase: button for vocabulary in (en, es) for button, phrases in vocabulary.TYPED_BUTTONS.items() for phrase in phrases
}
#: The words before a what-if: "what if 24%", "try 5000", "¿y si 24%?".
WHAT_IF = re.compile(r"^[\s¿]*(?:" + _spaced(en.WHAT_IF + es.WHAT_IF, r"\s+") + r")\s+", re.IGNORECASE)


def typed_button(text: str) -> str | None:
    """The button under the breakdown that `text` says in words ("why", "remind me", "gracias"), or None."""
    return TYPED_BUTTONS.get(fold(text).strip(" .!?¡¿,"))


def without_what_if(text: str) -> str:
    """`text` without the words before a what-if and its question marks: "what if 24%?" -> "24%"."""
    return WHAT_IF.sub("", text).strip().strip("?¿")
