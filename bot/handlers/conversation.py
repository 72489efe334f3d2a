"""The conversation over Telegram: thin adapters between updates and `ConversationEngine`.

Updates become `Command`/`Text`/`Button` for the person's `ChatKey(chat, user)`;
the engine's `Reply` objects become messages.

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
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from telegram import (
    CallbackQuery,
    Chat,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatType, MessageLimit
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.throttle import DEFAULT_RETRY, ReplyThrottle, RetryPolicy, is_transient

from conversations.answers import CALLBACK_PREFIX as QA_PREFIX
from conversations.answers import TOPICS
from conversations.api import Button, ChatKey, Choice, Command, Incoming, Reply, Text
from conversations.commands import COMMANDS
from conversations.i18n import N_, texts_for

__all__ = [
    "KNOWN_COMMANDS",
    "ConversationHandlers",
    "decode_callback",
    "encode_callback",
    "register",
    "split_text",
]

log = logging.getLogger("bot.conversation")

#: Commands we answer in groups even without @botname: the menu's (conversations.commands) and the /faq topics.
KNOWN_COMMANDS = (*(name for name, _ in COMMANDS), *(topic.id for topic in TOPICS))
CALLBACK_LIMIT = 64  # bytes, Telegram's callback_data limit
CAPTION_LIMIT = 1024
TEXT_LIMIT = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096 UTF-16 code units
_OWNED = re.compile(r"(\d{1,20})\|(.*)", re.DOTALL)
# The engine ends a question with "\n✏️ <example>"; in groups that line becomes the ForceReply message.
_EXAMPLE_MARK = "\n✏️ "

NOT_YOURS = N_("This estimate belongs to someone else — send /start to run your own")
#: Put above the reply to the latest of several messages a person sent faster than we may answer.
COALESCED = N_("⏳ I got {count} messages in a row and read them all, in order. Here is where we are now:")


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


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units, cut at line breaks where possible."""
    if _utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if _utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while _utf16_len(line) > limit:
            cut = limit
            while _utf16_len(line[:cut]) > limit:
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()] or [text[:limit]]


@dataclass(slots=True)
class _Outgoing:
    text: str
    markup: InlineKeyboardMarkup | ForceReply | None = None
    document: tuple[str, bytes, str] | None = None


def _keyboard(choices: tuple[tuple[Choice, ...], ...], owner_id: int | None) -> InlineKeyboardMarkup | None:
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


def plan_messages(reply: Reply, *, group: bool, owner_id: int) -> list[_Outgoing]:
    """The Telegram messages one `Reply` becomes."""
    keyboard = _keyboard(reply.choices, owner_id if group else None)
    force = None
    if group and reply.expects_answer:
        placeholder = (reply.placeholder or "")[:64] or None
        force = ForceReply(selective=True, input_field_placeholder=placeholder)
    # In private chats any text reaches us, so no ForceReply: it would only turn
    # every answer into a quote. Buttons are inline keyboards there and in groups.

    if reply.attachment is not None:
        attachment = reply.attachment
        document = (attachment.filename, attachment.content, attachment.mime_type)
        if _utf16_len(reply.text) <= CAPTION_LIMIT:
            return [_Outgoing(reply.text, keyboard or force, document)]
        return [*_text_messages(reply.text, keyboard or force), _Outgoing("", None, document)]

    if keyboard is not None and force is not None:
        # One message cannot carry both an inline keyboard and ForceReply. The
        # question goes with its buttons; its last line (the engine's "✏️ For
        # example ..." hint) becomes a second message with the ForceReply, so
        # the reply box opens right under the question for that person only.
        # Both quote the person's message, which is what makes `selective` work.
        question, mark, example = reply.text.rpartition(_EXAMPLE_MARK)
        if not mark or not question.strip():
            question, example = reply.text, ""
        hint = ("✏️ " + example) if example.strip() else "✏️"
        return [*_text_messages(question, keyboard), _Outgoing(hint, force)]
    return _text_messages(reply.text, keyboard or force)


def _text_messages(text: str, markup: InlineKeyboardMarkup | ForceReply | None) -> list[_Outgoing]:
    pieces = split_text(text) if text.strip() else ["…"]
    return [_Outgoing(p, markup if i == len(pieces) - 1 else None) for i, p in enumerate(pieces)]


def locale_of(user: User | None) -> str:
    return (user.language_code if user is not None else None) or "en"


@dataclass(slots=True)
class _Turn:
    """One update's replies, waiting to be sent (see `bot.throttle.ReplyThrottle`)."""

    replies: list[Reply]
    locale: str
    quote: Message | None
    mention: User | None


def _is_result(reply: Reply) -> bool:
    """An estimate (what-if buttons, "w:..." data) or a file: never dropped when replies are coalesced."""
    return reply.attachment is not None or (
        not reply.expects_answer and any(c.data.startswith("w:") for row in reply.choices for c in row)
    )


def coalesce(turns: list[_Turn]) -> _Turn:
    """What to send for several turns at once: the latest turn, with a note, after any estimate before it.

    Every turn was already applied and saved by the engine, in order; the
    latest turn's replies show where the conversation stands now.
    """
    last = turns[-1]
    if len(turns) == 1:
        return last
    earlier = [r for t in turns[:-1] for r in t.replies if _is_result(r)][-1:]
    note = texts_for(last.locale).gettext(COALESCED).format(count=len(turns))
    replies = list(last.replies) or [Reply("")]
    replies[0] = replace(replies[0], text=f"{note}\n\n{replies[0].text}".rstrip())
    return _Turn([*earlier, *replies], last.locale, last.quote, last.mention)


class ConversationHandlers:
    """The handlers, bound to one engine.

    `retry`: how failed sends are retried (bot.throttle.RetryPolicy);
    `throttle`: at most one reply a second per (chat, person), the rest
    coalesced (bot.throttle.ReplyThrottle; ``ReplyThrottle(0)`` turns it off).
    """

    def __init__(
        self,
        engine,  # noqa: ANN001 - ConversationEngine (duck-typed for tests)
        *,
        retry: RetryPolicy | None = None,
        throttle: ReplyThrottle[_Turn] | None = None,
    ) -> None:
        self.engine = engine
        self.retry = retry or DEFAULT_RETRY
        self.throttle: ReplyThrottle[_Turn] = throttle if throttle is not None else ReplyThrottle()

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
        await self._converse(update, context, Button(data), quote=quote, mention=mention)

    # --- the engine and the replies -------------------------------------------------

    async def _converse(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        incoming: Incoming,
        *,
        quote: Message | None,
        mention: User | None = None,
    ) -> None:
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
        bot, chat_id, chat_type, owner_id, what = context.bot, chat.id, chat.type, user.id, f"update {update.update_id}"

        async def send(turns: list[_Turn]) -> None:
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

        await self.throttle.submit(
            (chat_id, owner_id),
            _Turn(replies, locale, quote, mention),
            send,
            spawn=_spawner(context),
        )


async def send_replies(
    bot,  # noqa: ANN001 - telegram.Bot
    chat_id: int,
    chat_type: str,
    replies: list[Reply],
    *,
    owner_id: int,
    quote: Message | None = None,
    mention: User | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
) -> list[Message]:
    """Send the engine's replies to a chat, in order; returns the messages sent.

    Each message is retried on transient errors per `retry` (at least once
    delivery: after a timeout Telegram may have delivered it already); the
    last error is raised and the rest of the messages are not sent.
    """
    group = chat_type != ChatType.PRIVATE
    reply_parameters = (
        ReplyParameters(message_id=quote.message_id, allow_sending_without_reply=True)
        if group and quote is not None
        else None
    )
    sent: list[Message] = []
    for reply in replies:
        for out in plan_messages(reply, group=group, owner_id=owner_id):
            text, entities = out.text, None
            if group and mention is not None:
                name = mention.first_name or "🙂"
                text = f"{name}: {text}" if text else name
                entities = [MessageEntity(MessageEntity.TEXT_MENTION, 0, _utf16_len(name), user=mention)]
            if out.document is not None:
                filename, content, mime = out.document
                document = InputFile(content, filename=filename, attach=False)
                sent.append(
                    await retry.call(
                        "sendDocument",
                        lambda: bot.send_document(
                            chat_id,
                            document=document,  # noqa: B023 - awaited within this iteration
                            caption=text or None,  # noqa: B023
                            caption_entities=entities if text else None,  # noqa: B023
                            reply_markup=out.markup,  # noqa: B023
                            reply_parameters=reply_parameters,
                            **retry.timeouts(),
                        ),
                    )
                )
            else:
                sent.append(
                    await retry.call(
                        "sendMessage",
                        lambda: bot.send_message(
                            chat_id,
                            text,  # noqa: B023 - awaited within this iteration
                            entities=entities,  # noqa: B023
                            reply_markup=out.markup,  # noqa: B023
                            reply_parameters=reply_parameters,
                            **retry.timeouts(),
                        ),
                    )
                )
    return sent


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
) -> ConversationHandlers:
    """Add the conversation's handlers to `application` (`retry`/`throttle`: see `ConversationHandlers`)."""
    handlers = ConversationHandlers(engine, retry=retry, throttle=throttle)
    application.bot_data["conversation_handlers"] = handlers
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(new_messages & filters.COMMAND, handlers.on_command), group=group)
    application.add_handler(
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, handlers.on_text), group=group
    )
    application.add_handler(CallbackQueryHandler(handlers.on_button), group=group)
    return handlers
