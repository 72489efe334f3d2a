"""The Application's error handler: log what failed (no token, no text people typed), apologise to the person."""

from __future__ import annotations

import contextlib
import logging

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from conversations.i18n import N_, texts_for

__all__ = ["SOMETHING_WRONG", "describe_update", "on_error"]

log = logging.getLogger("bot")

SOMETHING_WRONG = N_(
    "😕 Something went wrong on my side. Your answers are kept: please try again, or use /back or /cancel."
)


def describe_update(update: object) -> str:
    """"update 123 (message)": what to log about an update; never its text, never who sent it."""
    if isinstance(update, Update):
        kinds = [
            name
            for name in ("message", "edited_message", "callback_query", "inline_query", "my_chat_member", "channel_post")
            if getattr(update, name, None) is not None
        ]
        return f"update {update.update_id} ({kinds[0] if kinds else 'other'})"
    return "no update" if update is None else f"a {type(update).__name__}"


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error (no token, no text people typed) and tell the person, if there is one."""
    error = context.error
    what = describe_update(update)
    if isinstance(error, RetryAfter) or (isinstance(error, NetworkError) and not isinstance(error, BadRequest)):
        # Telegram unreachable, slow or flooded (PTB retries polling by itself): no traceback needed.
        # BadRequest is a NetworkError subclass in PTB but means a bug of ours: logged in full below.
        log.warning("Telegram API problem while handling %s: %s: %s", what, type(error).__name__, error)
    elif isinstance(error, Forbidden):
        log.info("cannot write to a chat (blocked or removed) while handling %s", what)
        return
    else:
        log.error("error while handling %s", what, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    chat = update.effective_chat
    texts = texts_for(update.effective_user.language_code if update.effective_user else None)
    message = update.effective_message if isinstance(update.effective_message, Message) else None
    reply_parameters = (
        ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
        if chat.type != ChatType.PRIVATE and message is not None and update.callback_query is None
        else None
    )
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(chat.id, texts.gettext(SOMETHING_WRONG), reply_parameters=reply_parameters)
