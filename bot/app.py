"""The composition root: settings + engine (+ store) -> a ready PTB `Application`.

    app = build_application(settings, engine, store=store)
    app.run_polling(allowed_updates=ALLOWED_UPDATES)

Our own state machine (`conversations`) drives the conversation, not PTB's
ConversationHandler, so updates are processed concurrently: different people
are served at the same time, while `PerConversationUpdateProcessor` keeps each
person's updates in order (the engine also locks per person; the processor adds
that a person's replies are *sent* in the order they wrote).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import BotCommand, Message, ReplyParameters, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BaseRateLimiter, BaseUpdateProcessor, ContextTypes

from bot.handlers import conversation, inline
from bot.jobs import BackgroundJobs
from bot.settings import Settings
from bot.throttle import ReplyThrottle, RetryPolicy
from conversations.commands import command_descriptions, menu_languages
from conversations.i18n import N_, texts_for
from conversations.keyed_locks import KeyedLocks
from conversations.privacy import Retention
from conversations.warmup import warm_up

__all__ = ["ALLOWED_UPDATES", "BOT_COMMANDS", "PerConversationUpdateProcessor", "build_application", "describe_update"]

log = logging.getLogger("bot")

#: Update kinds we ask Telegram for (inline mode will need "inline_query", already here).
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]

#: Seconds a Bot API call may wait for a pooled connection (PTB's default is 1).
POOL_TIMEOUT = 10.0

SOMETHING_WRONG = N_(
    "😕 Something went wrong on my side. Your answers are kept: please try again, or use /back or /cancel."
)


class PerConversationUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across people, in order within one (chat, person).

    Tasks reach `do_process_update` in the order updates arrived (nothing yields
    before the lock), and asyncio locks are FIFO, so one person's updates run
    one after another, replies included. Updates without a person (none we ask
    for today) run freely.
    """

    def __init__(self, max_concurrent_updates: int = 256, active: int | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self._locks = KeyedLocks()
        # Handlers running at once (`active`), counted after the person's lock, so one person's waiting updates
        # hold no slot and a flood from one person cannot fill them. It bounds the Bot API requests in flight:
        # httpcore rescans its whole queue of requests on each one, so 200 people at once with 8 connections
        # cost 2.8 ms of CPU per update against 2.1 ms with 32 handlers at a time (BENCHMARKS.md, session 14).
        self._active = asyncio.Semaphore(active) if active else None

    @staticmethod
    def key_of(update: object) -> tuple[Any, ...] | None:
        if not isinstance(update, Update):
            return None
        user, chat = update.effective_user, update.effective_chat
        if user is None:
            return None
        return (chat.id if chat is not None else None, user.id)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self.key_of(update)
        if key is None:
            await coroutine
            return
        async with self._locks.hold(key):
            if self._active is None:
                await coroutine
            else:
                async with self._active:
                    await coroutine

    @property
    def in_flight(self) -> int:
        """(chat, person) pairs with an update being handled or waiting its turn."""
        return len(self._locks)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


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


def build_application(
    settings: Settings,
    engine,  # noqa: ANN001 - conversations.machine.ConversationEngine
    *,
    store=None,  # noqa: ANN001 - conversations.api.StateStore: opened in post_init, closed in post_shutdown
    rate_limiter: BaseRateLimiter | None = None,
    max_concurrent_updates: int = 256,
    clock: Callable[[], dt.datetime] | None = None,
    retry: RetryPolicy | None = None,
    throttle: ReplyThrottle | None = None,
    prepare: bool = False,
) -> Application:
    """A ready Application (not started). `store`, when given, is opened at start-up and closed at shutdown.

    `clock` (default: the engine's, else the system clock) dates inline
    estimates and drives the background jobs (bot/jobs.py: due reminders every
    BOT_REMINDER_INTERVAL_SECONDS, the retention purge daily), which run over
    `store` from post_init to post_stop/post_shutdown;
    ``application.bot_data["jobs"]`` is the `BackgroundJobs` (tests call its
    ``run_once()``).

    `prepare` (what `python -m bot` does): warm the caches and freeze the
    start-up objects out of the garbage collector's sight before the first
    update (`prepare_for_traffic`). Off by default: tests start many
    Applications in one process.

    post_init/post_shutdown run under run_polling/run_webhook only; when
    driving the Application by hand (tests), await ``app.post_init(app)`` after
    ``initialize()`` and ``app.post_shutdown(app)`` after ``shutdown()``.
    """
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")

    clock = clock or _engine_clock(engine)

    async def post_init(application: Application) -> None:
        if store is not None:
            await store.open()
        await set_commands(application)
        if store is not None:
            jobs = BackgroundJobs(
                application.bot,
                store,
                clock=clock,
                interval=settings.bot_reminder_interval_seconds,
                retention=Retention.days(settings.bot_retention_days),
            )
            application.bot_data["jobs"] = jobs
            jobs.start()
        if prepare:
            await prepare_for_traffic(clock)

    async def post_stop(application: Application) -> None:
        # Before the bot's HTTP client shuts down (run_polling/run_webhook); again in post_shutdown.
        jobs = application.bot_data.get("jobs")
        if jobs is not None:
            await jobs.stop()

    async def post_shutdown(application: Application) -> None:
        await post_stop(application)
        if store is not None:
            await store.close()

    processor = PerConversationUpdateProcessor(max_concurrent_updates, settings.bot_max_active_updates)
    if store is not None and hasattr(store, "busy"):
        # SQLite commits on the loop's thread when nobody else is waiting for it,
        # and on its worker thread when another person's update is in flight.
        store.busy = lambda: processor.in_flight > 1
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_base_file_url)
        .rate_limiter(rate_limiter if rate_limiter is not None else AIORateLimiter(max_retries=3))
        .connection_pool_size(settings.bot_connection_pool_size)
        # A request waiting for a free connection in a burst is not a failure:
        # wait as long as a slow answer may take rather than fail after 1 s.
        .pool_timeout(POOL_TIMEOUT)
        .concurrent_updates(processor)
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data["engine"] = engine
    # Replies: transient send failures retried (0.5/1/2 s), at most ~1 reply a second per
    # person with the rest coalesced (bot/throttle.py); 429s are AIORateLimiter's.
    conversation.register(application, engine, retry=retry, throttle=throttle)
    inline.register(application, clock=clock)
    application.add_error_handler(on_error)
    return application


async def prepare_for_traffic(clock: Callable[[], dt.datetime] | None = None) -> None:
    """Warm the caches, then take what start-up built out of the garbage collector's sight.

    The warm-up (conversations/warmup.py) spares the first person the loading
    of locale data, catalogs, tax tables and holidays. `gc.freeze()` then moves
    the ~80,000 objects of the imported libraries to a generation the
    collector never scans: a full collection over them took ~80 ms on our
    2-vCPU test machine, a pause every person waiting at that moment would
    feel. They live as long as the process anyway.
    """
    try:
        await warm_up(clock)
    except Exception:  # noqa: BLE001 - a cold first answer is better than no bot
        log.warning("warming up failed; the first answers will be slower", exc_info=True)
    gc.collect()
    gc.freeze()


def _engine_clock(engine) -> Callable[[], dt.datetime]:  # noqa: ANN001
    """The clock the engine dates conversations with (tests inject one), else the system clock."""
    clock = getattr(engine, "clock", None) or getattr(engine, "_clock", None)
    return clock if callable(clock) else dt.datetime.now


async def set_commands(application: Application) -> None:
    """The command menu (`conversations.commands.COMMANDS`): the default (English) one, then one per language we
    have a catalog for, in the same order."""
    for language in menu_languages():
        commands = [BotCommand(name, description) for name, description in command_descriptions(language or "en")]
        await application.bot.set_my_commands(commands, language_code=language)


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
