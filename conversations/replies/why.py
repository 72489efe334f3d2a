""""📝 Why these numbers": the calculator's rule notes, one bullet each, the long "why" kept out of the
phone-sized breakdown."""

from __future__ import annotations

from collections.abc import Sequence

from calculator.models import Breakdown
from conversations.i18n import Texts
from conversations.replies.wording import format_note

__all__ = ["MESSAGE_LIMIT", "rules_texts"]

MESSAGE_LIMIT = 4096  # Telegram's longest message text, in UTF-16 code units


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


#: The topics "Why these numbers" groups the notes by, in this order (by the notes' code prefix).
_TOPICS = ("loan", "distribution", "rollover", "federal", "penalty", "state", "withholding", "income", "growth")


def _topic(code: str) -> int:
    prefix = code.partition(".")[0]
    return _TOPICS.index(prefix) if prefix in _TOPICS else len(_TOPICS)


def rules_texts(texts: Texts, breakdown: Breakdown, first: Sequence[str] = ()) -> list[str]:
    """The calculator's rule notes, one bullet each, grouped by topic (the kind and the rollover, federal and
    the 10%, state, paying, other taxes and benefits, growth): the long "why" kept out of the phone-sized
    breakdown. `first`: the breakdown's notes that apply to few (replies.conditional_notes), said first.
    As many messages as Telegram's length limit needs, split between bullets (a Spanish "why" with many
    rules can pass 4,096 characters)."""
    details = getattr(breakdown, "note_details", None) or ()
    order = sorted(range(len(details)), key=lambda i: _topic(details[i].code))
    notes = [format_note(texts, details[i]) for i in order] if details else list(breakdown.notes)
    messages, current = [], texts.gettext("📝 Rules that applied:")
    for note in [*(line.strip() for line in first), *notes]:
        line = "• " + note
        if _utf16_len(current) + 1 + _utf16_len(line) > MESSAGE_LIMIT:
            messages.append(current)
            current = line
        else:
            current += "\n" + line
    messages.append(current)
    return messages
