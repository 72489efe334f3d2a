"""The conversation over Telegram: thin adapters between updates and `ConversationEngine`.

Updates become `Command`/`Text`/`Button` for the person's `ChatKey(chat, user)`;
the engine's `Reply` objects become messages (bot/outgoing/).

Private chats: every text is an answer; replies carry inline keyboards.

Groups (privacy mode on, see /work/shared/TELEGRAM_NOTES.md):

- commands for another bot (``/start@otherbot``) are ignored, and so are unknown
  commands not addressed to us (``/weather`` is probably another bot's);
- only texts that reply to one of our messages are answers (that is all Telegram
  delivers anyway); a question that wants a typed answer goes out with
  ``ForceReply(selective=True)``, quoting the person's message so only their
  client opens the reply box;
- every message quotes the person's message it answers;
- button data is ``"<user_id>|<data>"``: only that person may press it; anyone
  else gets an alert and nothing changes. Q&A topic buttons (``q:...``) carry
  no owner: anyone may press them and gets the answer.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.outgoing.coalescing import PendingTurn, coalesce
from bot.outgoing.edits import edit_keyboards
from bot.outgoing.keyboards import decode_callback
from bot.outgoing.send import send_replies
from bot.throttle import DEFAULT_RETRY, ReplyThrottle, RetryPolicy, is_transient
from conversations.api import Button, ChatKey, Command, Incoming, Text
from conversations.commands import COMMANDS
from conversations.i18n import N_, texts_for
from conversations.replies.faq import TOPICS

__all__ = ["KNOWN_COMMANDS", "ConversationHandlers", "register"]

log = logging.getLogger("bot.conversation")

#: Commands we answer in groups even without @botname: the menu's (conversations.commands) and the /faq topics.
KNOWN_COMMANDS = (*(name for name, _ in COMMANDS), *(topic.id for topic in TOPICS))

NOT_YOURS = N_("This estimate belongs to someone else — send /start to run your own")


def locale_of(user: User | None) -> str:
    return (user.language_code if user is not None else None) or "en"


class ConversationHandlers:
    """The handlers, bound to one engine.

    `retry`: how failed sends are retried (bot.throttle.RetryPolicy);
    `throttle`: at most one reply a second per (chat, person), the rest
    coalesced (bot.throttle.ReplyThrottle; ``ReplyThrottle(0)`` turns it off);
    `charts`: draw the pictures replies carry (bot.outgoing.pictures), else send the text alone.
    """

    def __init__(
        self,
        engine,  # noqa: ANN001 - ConversationEngine (duck-typed for tests)
        *,
        retry: RetryPolicy | None = None,
        throttle: ReplyThrottle[PendingTurn] | None = None,
        charts: bool = True,
    ) -> None:
        self.engine = engine
        self.retry = retry or DEFAULT_RETRY
        self.charts = charts
        self.throttle: ReplyThrottle[PendingTurn] = throttle if throttle is not None else ReplyThrottle()

    # --- incoming -------------------------------------------------------------

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user, chat = update.effective_message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None or user.is_bot or not message.text:
            return
        entity = message.entities[0]
        head = message.parse_entity(entity)  # "/start" or "/start@SomeBot"
        name, _, target = head[1:].partition("@")
        if target and target.casefold() != (context.bot.username or "").casefold():
            return  # addressed to another bot
        name = name.lower()
        if chat.type != ChatType.PRIVATE and not target and name not in KNOWN_COMMANDS:
            return  # probably another bot's command; we only answer ours or /x@us
        args = message.text[len(head) :].strip()
        log.info("update %s: command /%s in a %s chat", update.update_id, name[:32], chat.type)
        await self._converse(update, context, Command(name=name, args=args), quote=message)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message, user, chat = update.effective_message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None or user.is_bot or message.text is None:
            return
        if chat.type != ChatType.PRIVATE:
            replied = message.reply_to_message
            if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
                return  # not an answer to us
        log.info("update %s: text in a %s chat", update.update_id, chat.type)
        await self._converse(update, context, Text(message.text), quote=message)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        chat = update.effective_chat
        user = query.from_user
        if chat is None or query.message is None or query.data is None:
            await _answer(query)  # an inline-mode message or a game: nothing of ours
            return
        owner, data = decode_callback(query.data)
        if owner is not None and owner != user.id:
            log.info("update %s: refused a button press by someone else", update.update_id)
            await _answer(query, texts_for(locale_of(user)).gettext(NOT_YOURS), show_alert=True)
            return
        # Answer at once: the person's client shows a spinner until we do. The
        # engine needs nothing from the answer, so it works meanwhile instead of
        # waiting a round trip to Telegram first.
        answering = asyncio.ensure_future(_answer(query))
        try:
            await self._on_press(update, context, query, chat, user, data)
        finally:
            await answering

    async def _on_press(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, chat: Chat, user: User, data: str
    ) -> None:
        """A press of one of our buttons by its owner: on to the engine."""
        log.info("update %s: button in a %s chat", update.update_id, chat.type)
        quote: Message | None = None
        mention = None
        if chat.type != ChatType.PRIVATE:
            # Quote the person's own message that our keyboard message answered,
            # so a ForceReply targets them; otherwise quote our message and name them.
            pressed = query.message if isinstance(query.message, Message) else None
            original = pressed.reply_to_message if pressed is not None else None
            if original is not None and original.from_user is not None and original.from_user.id == user.id:
                quote = original
            else:
                quote = pressed
                mention = user
        pressed = query.message if isinstance(query.message, Message) else None
        await self._converse(update, context, Button(data), quote=quote, mention=mention, pressed=pressed)

    # --- the engine and the replies -------------------------------------------------

    async def _converse(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        incoming: Incoming,
        *,
        quote: Message | None,
        mention: User | None = None,
        pressed: Message | None = None,
    ) -> None:
        """`pressed`: the message whose button was pressed, for a reply that edits its keyboard ("More…")."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        locale = locale_of(user)
        replies = await self.engine.handle(
            ChatKey(chat_id=chat.id, user_id=user.id), incoming,
            locale=locale,
            chat_type=str(chat.type),
            bot_username=context.bot.username,
        )
        # The state is saved: from here on, failing to send loses no answer.
        owner = None if chat.type == ChatType.PRIVATE else user.id
        replies = await edit_keyboards(context.bot, pressed, replies, owner_id=owner, retry=self.retry)
        if not replies and pressed is not None:
            return  # only a keyboard edited in place: nothing to send
        send = functools.partial(self._send, context.bot, chat.id, chat.type, user.id, f"update {update.update_id}")
        await self.throttle.submit(
            (chat.id, user.id),
            PendingTurn(replies, locale, quote, mention),
            send,
            spawn=_spawner(context),
        )

    async def _send(
        self,
        bot,  # noqa: ANN001 - telegram.Bot
        chat_id: int,
        chat_type: str,
        owner_id: int,
        what: str,
        turns: list[PendingTurn],
    ) -> None:
        """What the throttle lets out for one person: their latest turn (coalesced), with its pictures."""
        turn = coalesce(turns)
        try:
            await send_replies(
                bot,
                chat_id,
                chat_type,
                turn.replies,
                owner_id=owner_id,
                quote=turn.quote,
                mention=turn.mention,
                retry=self.retry,
                charts=self.charts,
                what=what,
            )
        except Exception as err:
            if not (is_transient(err) or isinstance(err, RetryAfter)):
                raise  # BadRequest & co.: the error handler logs it and apologises
            # Retried already; Telegram is unreachable. The state is saved, so
            # the person's next message continues from it.
            log.error(
                "%s: gave up sending the reply after %d attempts (%s); the state is saved",
                what,
                self.retry.attempts,
                type(err).__name__,
            )


def _spawner(context: ContextTypes.DEFAULT_TYPE) -> Callable[[Awaitable[None]], object] | None:
    """Start throttled flushes as Application tasks, so `Application.stop()` waits for them."""
    application = getattr(context, "application", None)
    if application is None or not getattr(application, "running", False):
        return None
    return lambda coroutine: application.create_task(coroutine, name="bot-reply-flush")


async def _answer(query: CallbackQuery, text: str | None = None, *, show_alert: bool = False) -> None:
    try:
        await query.answer(text=text, show_alert=True if show_alert else None)
    except BadRequest as err:
        # "query is too old" after a restart or a slow moment: the press still counts.
        log.info("could not answer a callback query: %s", err.message)
    except TelegramError as err:
        # Telegram unreachable or rate-limiting even after the limiter's retries:
        # the spinner stops on its own after a few seconds, and the press was
        # handled, so this is not worth an apology to the person.
        log.warning("could not answer a callback query (%s)", type(err).__name__)


def register(
    application: Application,
    engine,  # noqa: ANN001
    *,
    group: int = 0,
    retry: RetryPolicy | None = None,
    throttle: ReplyThrottle | None = None,
    charts: bool = True,
) -> ConversationHandlers:
    """Add the conversation's handlers to `application` (`retry`/`throttle`/`charts`: see `ConversationHandlers`)."""
    handlers = ConversationHandlers(engine, retry=retry, throttle=throttle, charts=charts)
    application.bot_data["conversation_handlers"] = handlers
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(new_messages & filters.COMMAND, handlers.on_command), group=group)
    application.add_handler(
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, handlers.on_text), group=group
    )
    application.add_handler(CallbackQueryHandler(handlers.on_button), group=group)
    return handlers
