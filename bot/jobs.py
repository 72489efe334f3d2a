"""Background jobs without PTB's JobQueue: due reminders every interval, the retention purge daily.

    jobs = BackgroundJobs(application.bot, store, clock=clock, interval=60, retention=Retention.days(30))
    jobs.start()            # post_init, after the store is open: one round at once, then every `interval`
    await jobs.run_once()   # one round now (tests call this instead of waiting)
    await jobs.stop()       # post_stop / post_shutdown, before the store closes

A round sends what `ReminderService.send_due` says is due (each reminder is
claimed in the database first, so restarts and several instances never send
one twice), then runs `privacy.purge` if the last purge was a day ago or more
by the injected clock (so the first round, at start, always purges). Rounds
never overlap: `run_once` takes a lock, so a test's round and the loop's
queue up instead of interleaving.

A reminder whose chat blocked the bot or is gone (403 Forbidden, "chat not
found") is `ReminderUndeliverable`: it stays marked sent and is never retried.
Any other failure releases it and the next round tries again (no retries within a
round: a failing chat must not hold the others up).

Logging: counts and ids only (the reminder service logs which reminder), never text.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from telegram.constants import ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden

from bot.throttle import RetryPolicy
from conversations.api import Reminder, Reply
from conversations.privacy import PurgeCounts, Retention, purge
from conversations.reminders import ReminderService, ReminderUndeliverable

__all__ = ["NO_RETRY", "BackgroundJobs", "JobRound", "PURGE_EVERY", "UNDELIVERABLE_MARKERS"]

log = logging.getLogger("bot.jobs")

PURGE_EVERY = dt.timedelta(days=1)
#: A reminder that fails to send is retried by the next round, not within this one.
NO_RETRY = RetryPolicy(delays=())
#: Bad Request descriptions meaning the chat cannot be written to, now or later.
UNDELIVERABLE_MARKERS = ("chat not found", "user not found", "peer_id_invalid", "bot was kicked", "not enough rights")


@dataclass(frozen=True, slots=True)
class JobRound:
    """What one round did: reminders sent, and the purge's counts (None when no purge was due or it failed)."""

    sent: int = 0
    purged: PurgeCounts | None = None


def _utc(moment: dt.datetime) -> dt.datetime:
    # A naive time is local time, as the engine takes it when it saves (conversations.engine._aware).
    return moment.astimezone(dt.UTC)


class BackgroundJobs:
    """The reminder and purge loop for one bot (see the module docstring)."""

    def __init__(
        self,
        bot,  # noqa: ANN001 - telegram.Bot
        store,  # noqa: ANN001 - conversations.api.DurableStore (opened by the caller)
        *,
        clock: Callable[[], dt.datetime],
        interval: float = 60.0,
        retention: Retention = Retention(),
        purge_every: dt.timedelta = PURGE_EVERY,
        reminders: ReminderService | None = None,
        stop_timeout: float = 10.0,
        retry: RetryPolicy = NO_RETRY,
    ) -> None:
        if interval <= 0:
            raise ValueError("interval must be more than 0 seconds")
        self._bot = bot
        self._store = store
        self._clock = clock
        self.interval = float(interval)
        self.retention = retention
        self.purge_every = purge_every
        self.reminders = reminders or ReminderService(store, clock=self.now)
        self.stop_timeout = stop_timeout
        self.retry = retry
        self._lock = asyncio.Lock()
        self._last_purge: dt.datetime | None = None
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:  # never the bot: its repr carries the token
        return f"BackgroundJobs(interval={self.interval}, running={self.running})"

    def now(self) -> dt.datetime:
        return _utc(self._clock())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    # --- one round -------------------------------------------------------------------

    async def run_once(self) -> JobRound:
        """Send due reminders, then purge if a purge is due; never raises for a store or network error."""
        async with self._lock:
            sent = 0
            try:
                sent = await self.reminders.send_due(self.deliver)
            except Exception:
                log.exception("sending due reminders failed; will try again next round")
            if sent:
                log.info("reminders sent: %d", sent)
            purged = None
            now = self.now()
            if self._last_purge is None or now - self._last_purge >= self.purge_every:
                try:
                    purged = await purge(self._store, now, self.retention)
                except Exception:
                    log.exception("retention purge failed; will try again next round")
                else:
                    self._last_purge = now
                    log.info(
                        "retention purge: %d conversations, %d reminders removed",
                        purged.conversations,
                        purged.reminders,
                    )
            return JobRound(sent, purged)

    async def deliver(self, reminder: Reminder, reply: Reply) -> None:
        """Send one reminder to its chat; `ReminderUndeliverable` when that chat can never get it."""
        from bot.outgoing.send import send_replies

        chat_id = reminder.chat_id
        for _attempt in range(2):
            # Telegram: a private chat's id is the person's id; groups are negative.
            chat_type = ChatType.PRIVATE if chat_id == reminder.user_id else ChatType.GROUP
            try:
                await send_replies(self._bot, chat_id, chat_type, [reply], owner_id=reminder.user_id, retry=self.retry)
                return
            except Forbidden as err:
                raise ReminderUndeliverable(f"forbidden: {err.message}") from err
            except ChatMigrated as err:
                # The group became a supergroup: its new id gets the reminder.
                chat_id = err.new_chat_id
                continue
            except BadRequest as err:
                if any(marker in err.message.lower() for marker in UNDELIVERABLE_MARKERS):
                    raise ReminderUndeliverable(err.message) from err
                raise
        raise ReminderUndeliverable("the chat migrated more than once")

    # --- the loop ----------------------------------------------------------------------

    def start(self) -> None:
        """Start the loop (a round now, then one every `interval`); a no-op if it runs already."""
        if self.running:
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._loop(), name="bot-background-jobs")

    async def _loop(self) -> None:
        log.info("background jobs started: reminders every %gs, purge daily", self.interval)
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception:  # run_once logs its own failures; this is a last resort
                log.exception("background job round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)

    async def stop(self) -> None:
        """Stop the loop: a round in progress may finish (up to `stop_timeout`), then it is cancelled."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        if not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), self.stop_timeout)
            except TimeoutError:
                task.cancel()
            except Exception:  # noqa: BLE001 - already logged by the loop
                pass
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        log.info("background jobs stopped")
