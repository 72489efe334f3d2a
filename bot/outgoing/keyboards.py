"""Inline keyboards from the engine's choices.

In groups a button's callback data is ``"<user_id>|<data>"``, so that only the
person the message is for may press it (`decode_callback` reads it back).
Q&A topic buttons (``q:...``) carry no owner: anyone may press them.
"""

from __future__ import annotations

import functools
import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from conversations.api import Choice
from conversations.replies.faq import CALLBACK_PREFIX as QA_PREFIX

__all__ = ["CALLBACK_LIMIT", "decode_callback", "encode_callback", "keyboard"]

log = logging.getLogger("bot.conversation")

CALLBACK_LIMIT = 64  # bytes, Telegram's callback_data limit
#: The owner's user id, then the engine's data.
_OWNED = re.compile(r"(\d{1,20})\|(.*)", re.DOTALL)


def encode_callback(data: str, owner_id: int | None) -> str | None:
    """Callback data for a button; in groups prefixed with its owner. None if it would exceed 64 bytes."""
    encoded = data if owner_id is None else f"{owner_id}|{data}"
    return encoded if 0 < len(encoded.encode()) <= CALLBACK_LIMIT else None


def decode_callback(raw: str) -> tuple[int | None, str]:
    """(owner user id or None, the engine's data)."""
    match = _OWNED.fullmatch(raw)
    if match is None:
        return None, raw
    return int(match.group(1)), match.group(2)


def keyboard(choices: tuple[tuple[Choice, ...], ...], owner_id: int | None) -> InlineKeyboardMarkup | None:
    """The inline keyboard for `choices` (None when no button survives); `owner_id` in groups."""
    # Most keyboards repeat (every person gets the same rate buttons): built once.
    # Telegram objects are frozen, so one markup may go out in any number of messages.
    try:
        markup, dropped = _cached_keyboard(choices, owner_id)
    except TypeError:  # unhashable choices (lists): built as they are
        markup, dropped = _build_keyboard(choices, owner_id)
    for _ in range(dropped):
        log.warning("dropped a button whose callback data exceeds %d bytes", CALLBACK_LIMIT)
    return markup


def _build_keyboard(
    choices: tuple[tuple[Choice, ...], ...], owner_id: int | None
) -> tuple[InlineKeyboardMarkup | None, int]:
    rows = []
    dropped = 0
    for row in choices:
        buttons = []
        for choice in row:
            if choice.url:
                # A link (e.g. a deep link to a private estimate) carries no callback data.
                buttons.append(InlineKeyboardButton(choice.label, url=choice.url))
                continue
            # Q&A topic buttons ("q:...") are public answers: anyone in the group may press them.
            data = encode_callback(choice.data, None if choice.data.startswith(QA_PREFIX) else owner_id)
            if data is None:
                dropped += 1
                continue
            buttons.append(InlineKeyboardButton(choice.label, callback_data=data))
        if buttons:
            rows.append(buttons)
    return (InlineKeyboardMarkup(rows) if rows else None), dropped


_cached_keyboard = functools.lru_cache(maxsize=512)(_build_keyboard)
