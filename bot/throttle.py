"""Outgoing-message policy: bounded retries of failed Bot API calls, and a per-person reply throttle.

Retries (`RetryPolicy`)
    A call that fails with a *transient* error - a 5xx (PTB: `NetworkError`,
    "Bad Gateway"...), a timeout (`TimedOut`) or a dropped connection (httpx's
    protocol errors, wrapped in `NetworkError`) - is tried again after 0.5, 1
    and 2 s: four attempts, at most ~3.5 s of waiting plus the attempts' own
    timeouts. `BadRequest` (a `NetworkError` subclass in PTB, but our bug) and
    `Forbidden` (blocked) are never retried. 429 is `RetryAfter`, which
    `AIORateLimiter(max_retries=3)` already waits out and retries (pausing
    every request meanwhile); if it still escapes, it is not retried here.
    Delivery is *at least once*: after a timeout Telegram may well have
    delivered the message, and the retry then sends it a second time. A
    duplicate question is harmless; a lost one would leave the person waiting.

Throttle (`ReplyThrottle`)
    Each (chat, person) gets at most one reply every `interval` seconds (1 s,
    Telegram's own per-chat pace). Every update is still processed at once and
    in order by the engine, so every answer is applied and saved; only the
    *sending* is throttled. Replies produced while a person's window is closed
    are coalesced: when it opens, one flush sends what the handler makes of
    all the pending turns (the conversation handler sends the latest turn,
    prefixed with "I got N messages in a row and read them all, in order", plus
    an estimate an earlier turn produced). Nothing waits while holding the
    person's place in the update processor, so a flood never delays anyone
    else, and never holds more than one timer task per person.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from telegram.error import BadRequest, NetworkError

__all__ = ["DEFAULT_RETRY", "ReplyThrottle", "RetryPolicy", "is_transient"]

log = logging.getLogger("bot.delivery")

T = TypeVar("T")
Item = TypeVar("Item")


def is_transient(error: BaseException) -> bool:
    """A failure worth another try: 5xx, timeout, dropped or refused connection (not BadRequest)."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a failed Bot API call is tried again."""

    #: Waits before the 2nd, 3rd, 4th... attempt; () means no retries.
    delays: tuple[float, ...] = (0.5, 1.0, 2.0)
    #: Per-attempt read timeout in seconds; None keeps the Application's (PTB: 5 s).
    read_timeout: float | None = None
    #: Injectable for tests.
    sleep: Callable[[float], Awaitable[Any]] = field(default=asyncio.sleep, compare=False)

    @property
    def attempts(self) -> int:
        return len(self.delays) + 1

    def timeouts(self) -> dict[str, float]:
        """Keyword arguments for a PTB call (``bot.send_message(..., **policy.timeouts())``)."""
        return {} if self.read_timeout is None else {"read_timeout": self.read_timeout}

    async def call(self, what: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """``await attempt()`` until it succeeds, a non-transient error, or the attempts run out.

        `what` names the call in logs ("sendMessage"); never put what people wrote in it.
        The last error is re-raised.
        """
        for number, delay in enumerate((*self.delays, None), start=1):
            try:
                return await attempt()
            except Exception as err:
                if not is_transient(err):
                    raise
                if delay is None:
                    log.warning("%s failed %d times (%s); giving up", what, number, type(err).__name__)
                    raise
                log.warning(
                    "%s failed (%s, attempt %d of %d); retrying in %.1f s",
                    what,
                    type(err).__name__,
                    number,
                    self.attempts,
                    delay,
                )
                await self.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover


DEFAULT_RETRY = RetryPolicy()


@dataclass(slots=True, eq=False)
class _Lane(Generic[Item]):
    next_free: float = 0.0
    pending: list[Item] = field(default_factory=list)
    send: Callable[[list[Item]], Awaitable[None]] | None = None
    flusher: asyncio.Task[None] | asyncio.Future[None] | None = None


Spawn = Callable[[Coroutine[Any, Any, None]], "asyncio.Future[None] | asyncio.Task[None]"]


class ReplyThrottle(Generic[Item]):
    """At most one send per `interval` seconds per key; what comes in between is batched.

        throttle = ReplyThrottle(interval=1.0)
        await throttle.submit(key, turn, send)   # send(list_of_turns) -> awaitable

    `submit` sends at once (awaiting `send([turn])`) when the key's window is
    open; otherwise it queues the turn and returns at once, and a single
    timer task per key calls `send(all_queued_turns)` when the window opens.
    The `send` given last for a key is the one used. `interval=0` turns
    throttling off. `clock`/`sleep` are injectable (tests use a fake clock).
    """

    def __init__(
        self,
        interval: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if interval < 0:
            raise ValueError("interval must be >= 0")
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        # Insertion order = order of last use, so idle lanes are swept from the front.
        self._lanes: dict[Hashable, _Lane[Item]] = {}
        self._tasks: set[asyncio.Future[None] | asyncio.Task[None]] = set()
        #: Turns that were batched into a later send (for tests and metrics).
        self.coalesced = 0

    def __len__(self) -> int:
        return len(self._lanes)

    def busy(self, key: Hashable) -> bool:
        """Whether replies for `key` are waiting for its window."""
        lane = self._lanes.get(key)
        return lane is not None and (bool(lane.pending) or lane.flusher is not None)

    async def submit(
        self,
        key: Hashable,
        item: Item,
        send: Callable[[list[Item]], Awaitable[None]],
        *,
        spawn: Spawn | None = None,
    ) -> bool:
        """Send `item` now (True, after sending) or queue it for its key's next window (False, at once)."""
        if self.interval <= 0:
            await send([item])
            return True
        now = self._clock()
        self._sweep(now)
        lane = self._lanes.pop(key, None) or _Lane()
        self._lanes[key] = lane  # most recently used last
        if lane.flusher is None and not lane.pending and now >= lane.next_free:
            lane.next_free = now + self.interval
            await send([item])
            return True
        lane.pending.append(item)
        lane.send = send
        if lane.flusher is None:
            coroutine = self._flush(key, lane)
            task = spawn(coroutine) if spawn is not None else asyncio.ensure_future(coroutine)
            lane.flusher = task
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return False

    async def _flush(self, key: Hashable, lane: _Lane[Item]) -> None:
        try:
            while lane.pending:
                wait = lane.next_free - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                batch, lane.pending = lane.pending, []
                send = lane.send
                lane.next_free = self._clock() + self.interval
                self.coalesced += len(batch) - 1
                assert send is not None
                try:
                    await send(batch)
                except Exception:  # noqa: BLE001 - a timer task has nobody to raise to
                    log.exception("sending a throttled reply failed")
        finally:
            lane.flusher = None

    def _sweep(self, now: float) -> None:
        """Forget lanes whose window is open and that have nothing queued (oldest first)."""
        while self._lanes:
            key = next(iter(self._lanes))
            lane = self._lanes[key]
            if lane.pending or lane.flusher is not None or lane.next_free > now:
                return
            del self._lanes[key]

    async def drain(self) -> None:
        """Wait for every queued flush (at shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
