"""The bot's command menu, in each language we speak (Telegram's setMyCommands).

    for language_code in menu_languages():          # None (the default menu), then "es", ...
        await bot.set_my_commands(
            [BotCommand(c, d) for c, d in command_descriptions(language_code or "en")],
            language_code=language_code,
        )

Descriptions are English strings marked `N_` and translated through the
person's catalog, so a new language needs only its catalog.
"""

from __future__ import annotations

import re

from conversations.i18n import N_, available_languages, texts_for
from conversations.replies.faq_topics import TOPICS

__all__ = ["COMMANDS", "command_descriptions", "menu_languages"]

#: (command, description) in the menu's order. Telegram: 1-32 of a-z0-9_, descriptions 1-256 characters.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("Start a new estimate")),
    ("help", N_("How this works")),
    ("back", N_("Go back one question")),
    ("cancel", N_("Stop the current estimate")),
    ("estimate", N_("Quick estimate in one line: /estimate 15000 45 left 22%")),
    ("faq", N_("Short answers about loan offsets, with sources")),
    ("reminders", N_("Your deadline and tax payment reminders")),
    ("privacy", N_("What I keep about you, and for how long")),
    ("forget", N_("Delete everything I keep about you")),
)

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


def command_descriptions(locale: str | None, *, include_topics: bool = False) -> list[tuple[str, str]]:
    """(command, description) pairs for `locale` (a Telegram language code; English if we don't speak it).

    With `include_topics`, the /faq topics (/offset, /deadline, ...) follow,
    described by their button labels.
    """
    texts = texts_for(locale)
    pairs = [(command, texts.gettext(description)) for command, description in COMMANDS]
    if include_topics:
        pairs += [(topic.id, texts.gettext(topic.label)) for topic in TOPICS]
    for command, description in pairs:
        if not _COMMAND_RE.fullmatch(command) or not 1 <= len(description) <= 256:
            raise ValueError(f"Telegram would reject the command /{command}: {description!r}")
    return pairs


def menu_languages() -> list[str | None]:
    """None for the default (English) menu, then every other language with a catalog, e.g. ["es"]."""
    return [None, *sorted(language for language in available_languages() if language != "en")]
