"""Inline mode: ``@<bot> 15000 45 left 22%`` in any chat offers the breakdown to send there.

Inline queries have no chat, so this handler sits outside the per-chat
conversation (its own handler group) and keeps no state. The estimate comes
from `conversations.replies.quick_estimate` in the person's language
(``inline_query.from_user.language_code``), dated by the app's clock.

One result at a time (Telegram allows 50): the estimate (title: the total;
description: the parts; message: the breakdown), or, for an empty or
incomplete query, how to use it with an example and what is missing. Either
way the message carries a button opening a private estimate
(``https://t.me/<bot>?start=estimate``), and the results list has the same
as its button. Answers are personal (they depend on the person's language)
and cached for a few seconds only.

Telegram sends inline queries only once inline mode is switched on for the
bot: @BotFather, /setinline (the placeholder, e.g. "15000 45 left 22%").

Nothing about the query is logged: it is a person's figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import InlineQueryLimit
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes, InlineQueryHandler

from conversations.i18n import N_, texts_for
from conversations.replies.payloads import ESTIMATE_PAYLOAD, estimate_link
from conversations.replies.quick_estimate import quick_estimate
from conversations.replies.quick_texts import QuickResult, TopicAnswer

__all__ = ["CACHE_TIME", "MAX_RESULTS", "InlineHandlers", "register"]

log = logging.getLogger("bot.inline")

#: Seconds Telegram may reuse an answer (its default is 300).
CACHE_TIME = 10
MAX_RESULTS = int(InlineQueryLimit.RESULTS)  # 50
_DESCRIPTION_LIMIT = 512
_TITLE_LIMIT = 256

PRIVATE_ESTIMATE = N_("🔒 Start a private estimate")


def _result_id(*parts: str) -> str:
    """A stable id of at most 64 bytes for a result (the same content gets the same id)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


class InlineHandlers:
    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        self._clock = clock

    def today(self) -> dt.date:
        return self._clock().date()

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:
            return
        if query.offset:
            # We never send a next_offset; a client asking for more gets nothing more.
            await self._answer(query, [], None)
            return
        locale = query.from_user.language_code or "en"
        texts = texts_for(locale)
        username = context.bot.username
        result = quick_estimate(query.query, locale, self.today(), mention=f"@{username}" if username else None)
        link = _link(username)
        keyboard = (
            InlineKeyboardMarkup([[InlineKeyboardButton(texts.gettext(PRIVATE_ESTIMATE), url=link)]]) if link else None
        )
        kind = "estimate" if isinstance(result, QuickResult) else "answer" if isinstance(result, TopicAnswer) else "howto"
        article = InlineQueryResultArticle(
            id=_result_id(kind, texts.language, result.message),
            title=result.title[:_TITLE_LIMIT],
            description=result.description[:_DESCRIPTION_LIMIT],
            input_message_content=InputTextMessageContent(
                result.message, link_preview_options=LinkPreviewOptions(is_disabled=True)
            ),
            reply_markup=keyboard,
        )
        button = InlineQueryResultsButton(texts.gettext(PRIVATE_ESTIMATE), start_parameter=ESTIMATE_PAYLOAD)
        log.info("update %s: inline query answered (%s)", update.update_id, kind)
        await self._answer(query, [article][:MAX_RESULTS], button)

    @staticmethod
    async def _answer(query, results, button) -> None:  # noqa: ANN001
        try:
            await query.answer(results, cache_time=CACHE_TIME, is_personal=True, button=button)
        except BadRequest as err:
            # "query is too old": the person typed on; a newer query has been answered or will be.
            log.info("could not answer an inline query: %s", err.message)


def _link(username: str | None) -> str | None:
    try:
        return estimate_link(username or "")
    except ValueError:
        return None


def register(application: Application, *, clock: Callable[[], dt.datetime], group: int = 1) -> InlineHandlers:
    """Add the inline-query handler to `application`, in its own group (no chat, no conversation)."""
    handlers = InlineHandlers(clock)
    application.add_handler(InlineQueryHandler(handlers.on_inline_query), group=group)
    return handlers
