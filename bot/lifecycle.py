"""What runs around the Application's life: start-up (store, command menu, background jobs, warm-up) and shutdown.

post_init/post_stop/post_shutdown run under run_polling/run_webhook only; when
driving the Application by hand (tests), await ``app.post_init(app)`` after
``initialize()`` and ``app.post_shutdown(app)`` after ``shutdown()``.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Callable

from telegram import BotCommand
from telegram.ext import Application

from bot.jobs import BackgroundJobs
from bot.settings import Settings
from conversations.commands import command_descriptions, menu_languages
from conversations.privacy import Retention
from conversations.warmup import warm_up

__all__ = ["Lifecycle", "prepare_for_traffic", "set_commands"]

log = logging.getLogger("bot")


class Lifecycle:
    """The Application's post_init/post_stop/post_shutdown hooks over one store (None: no store, no jobs).

    Background jobs (bot/jobs.py: due reminders every BOT_REMINDER_INTERVAL_SECONDS,
    the retention purge daily) run over the store from post_init to post_stop;
    ``application.bot_data["jobs"]`` is the `BackgroundJobs` (tests call its ``run_once()``).
    """

    def __init__(
        self,
        settings: Settings,
        store,  # noqa: ANN001 - conversations.api.StateStore or None
        *,
        clock: Callable[[], dt.datetime],
        prepare: bool,
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.prepare = prepare

    async def post_init(self, application: Application) -> None:
        if self.store is not None:
            await self.store.open()
        await set_commands(application)
        if self.store is not None:
            jobs = BackgroundJobs(
                application.bot,
                self.store,
                clock=self.clock,
                interval=self.settings.bot_reminder_interval_seconds,
                retention=Retention.days(self.settings.bot_retention_days),
            )
            application.bot_data["jobs"] = jobs
            jobs.start()
        if self.prepare:
            await prepare_for_traffic(self.clock, charts=self.settings.bot_charts)

    async def post_stop(self, application: Application) -> None:
        # Before the bot's HTTP client shuts down (run_polling/run_webhook); again in post_shutdown.
        jobs = application.bot_data.get("jobs")
        if jobs is not None:
            await jobs.stop()

    async def post_shutdown(self, application: Application) -> None:
        await self.post_stop(application)
        if self.store is not None:
            await self.store.close()


async def prepare_for_traffic(clock: Callable[[], dt.datetime] | None = None, *, charts: bool = False) -> None:
    """Warm the caches, then take what start-up built out of the garbage collector's sight.

    The warm-up (conversations/warmup.py) spares the first person the loading
    of locale data, catalogs, tax tables and holidays; with `charts`, also
    Pillow and the chart's fonts (~50-90 ms, ~11 MB), loaded in the thread
    that draws charts (bot.outgoing.pictures). `gc.freeze()` then moves the
    ~80,000 objects of the imported libraries to a generation the collector
    never scans: a full collection over them took ~80 ms on our 2-vCPU test
    machine, a pause every person waiting at that moment would feel. They
    live as long as the process anyway.
    """
    try:
        await warm_up(clock)
    except Exception:  # noqa: BLE001 - a cold first answer is better than no bot
        log.warning("warming up failed; the first answers will be slower", exc_info=True)
    if charts:
        from bot.outgoing.pictures import in_chart_thread
        from conversations.replies.chart import warm_up_chart

        try:
            await in_chart_thread(warm_up_chart)
        except Exception:  # noqa: BLE001 - each chart that fails is logged, and its text still goes out
            log.warning("loading the chart library failed; charts may fail to draw", exc_info=True)
    gc.collect()
    gc.freeze()


async def set_commands(application: Application) -> None:
    """The command menu (`conversations.commands.COMMANDS`): the default (English) one, then one per language we
    have a catalog for, in the same order."""
    for language in menu_languages():
        commands = [BotCommand(name, description) for name, description in command_descriptions(language or "en")]
        await application.bot.set_my_commands(commands, language_code=language)
