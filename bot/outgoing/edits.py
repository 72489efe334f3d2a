"""Replies that change a message already sent instead of sending one: "➕ More…" under a breakdown puts
every what-if in place of the few (`Reply.replaces_keyboard`), on the message whose button was pressed.

editMessageReplyMarkup works on a text message and on a photo with a caption alike. When the message
cannot be edited (deleted, too old), the reply goes out as a new message with its text and buttons.
"""

from __future__ import annotations

import logging

from telegram import Message
from telegram.error import BadRequest

from bot.outgoing.keyboards import keyboard
from bot.throttle import RetryPolicy
from conversations.api import Reply

__all__ = ["edit_keyboards"]

log = logging.getLogger("bot.conversation")


async def edit_keyboards(
    bot,  # noqa: ANN001 - telegram.Bot
    pressed: Message | None,
    replies: list[Reply],
    *,
    owner_id: int | None,
    retry: RetryPolicy,
) -> list[Reply]:
    """Apply the keyboard edits among `replies` to `pressed`; returns the replies still to send (in order)."""
    rest: list[Reply] = []
    for reply in replies:
        if not reply.replaces_keyboard or pressed is None:
            rest.append(reply)
            continue
        markup = keyboard(reply.choices, owner_id)
        try:
            await retry.call(
                "editMessageReplyMarkup",
                lambda: bot.edit_message_reply_markup(
                    chat_id=pressed.chat_id, message_id=pressed.message_id, reply_markup=markup, **retry.timeouts()
                ),
            )
        except BadRequest as err:
            if "not modified" in err.message:  # pressed twice: the keyboard is already the full one
                continue
            log.info("could not edit a keyboard (%s); sending it as a message", err.message)
            rest.append(reply)
    return rest
