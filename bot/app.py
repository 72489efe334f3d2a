"""The composition root: settings + engine (+ store) -> a ready PTB `Application`.

    app = build_application(settings, engine, store=store)
    app.run_polling(allowed_updates=ALLOWED_UPDATES)

Updates are handled concurrently across people and in order within one
(bot/update_processor.py); start-up and shutdown are bot/lifecycle.py's; the
error handler is bot/errors.py's; the handlers are bot/handlers/.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, BaseRateLimiter

from bot.errors import on_error
from bot.handlers import conversation, inline
from bot.lifecycle import Lifecycle
from bot.settings import Settings
from bot.throttle import ReplyThrottle, RetryPolicy
from bot.update_processor import PerConversationUpdateProcessor

__all__ = ["ALLOWED_UPDATES", "build_application"]

#: Update kinds we ask Telegram for.
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]

#: Seconds a Bot API call may wait for a pooled connection (PTB's default is 1).
POOL_TIMEOUT = 10.0


def build_application(
    settings: Settings,
    engine,  # noqa: ANN001 - conversations.engine.ConversationEngine
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
    estimates and drives the background jobs (see `bot.lifecycle.Lifecycle`).
    `prepare` (what `python -m bot` does): warm the caches and freeze the
    start-up objects out of the garbage collector's sight before the first
    update (`bot.lifecycle.prepare_for_traffic`). Off by default: tests start
    many Applications in one process.
    """
    token = settings.token
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    clock = clock or _engine_clock(engine)
    lifecycle = Lifecycle(settings, store, clock=clock, prepare=prepare)
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
        .post_init(lifecycle.post_init)
        .post_stop(lifecycle.post_stop)
        .post_shutdown(lifecycle.post_shutdown)
        .build()
    )
    application.bot_data["engine"] = engine
    # Replies: transient send failures retried (0.5/1/2 s), at most ~1 reply a second per
    # person with the rest coalesced (bot/throttle.py); 429s are AIORateLimiter's.
    conversation.register(application, engine, retry=retry, throttle=throttle, charts=settings.bot_charts)
    inline.register(application, clock=clock)
    application.add_error_handler(on_error)
    return application


def _engine_clock(engine) -> Callable[[], dt.datetime]:  # noqa: ANN001
    """The clock the engine dates conversations with (tests inject one), else the system clock."""
    clock = getattr(engine, "clock", None) or getattr(engine, "_clock", None)
    return clock if callable(clock) else dt.datetime.now

