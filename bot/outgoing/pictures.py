"""Drawing the pictures replies carry (the breakdown's chart), off the event loop, while the text is sent.

A `Reply.picture` is drawn only when its reply is about to be sent (after the
throttle's coalescing, so a reply that is dropped costs nothing), and its text
does not wait for it unless the text is the photo's caption (bot.outgoing.send).
It is drawn in a thread of its own:

- one "chart" thread for the whole process, not the loop's default executor: a
  chart never waits behind (or holds up) the store's `asyncio.to_thread` work,
  one thread bounds how much of the GIL drawing takes from the event loop (a
  chart is ~6 ms of CPU, bench/bench_chart.py), and the chart module keeps its
  fonts per thread, so one thread keeps them once;
- a picture that fails to draw is logged and the reply goes without it: the
  text is what matters, and a silent bot is worse than one without a chart.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from conversations.api import Attachment, Picture, Reply

__all__ = ["Drawing", "in_chart_thread", "start_drawings"]

log = logging.getLogger("bot.conversation")

_executor: concurrent.futures.ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _chart_thread() -> concurrent.futures.ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart")
        return _executor


async def in_chart_thread(function: Callable[[], Any]) -> Any:
    """`function()` in the chart thread (the warm-up uses it; `Drawing` runs pictures there)."""
    return await asyncio.get_running_loop().run_in_executor(_chart_thread(), function)


class Drawing:
    """A reply's picture being drawn in the chart thread, from the moment it is made; awaited when its photo is due."""

    def __init__(self, picture: Picture, what: str) -> None:
        self.picture, self.what = picture, what
        self._future = asyncio.get_running_loop().run_in_executor(_chart_thread(), picture.render)
        # Read a failure even if nobody awaits it (the text failed to send): no "never retrieved" warning.
        self._future.add_done_callback(lambda future: future.cancelled() or future.exception())

    async def result(self) -> Attachment | None:
        """The drawn image, or None (logged) when it could not be drawn: the text goes out without it."""
        try:
            content = await self._future
        except Exception:  # noqa: BLE001 - any failure: the text goes out without the picture
            log.warning("%s: could not draw the chart; sending the text without it", self.what, exc_info=True)
            return None
        return Attachment(self.picture.filename, content, self.picture.mime_type)


def start_drawings(replies: list[Reply], *, enabled: bool, what: str) -> list[tuple[Reply, Drawing | None]]:
    """Each reply without its picture, and the picture's `Drawing` (started now) if `enabled`."""
    pairs: list[tuple[Reply, Drawing | None]] = []
    for reply in replies:
        picture = reply.picture
        if picture is None:
            pairs.append((reply, None))
        else:
            pairs.append((replace(reply, picture=None), Drawing(picture, what) if enabled else None))
    return pairs
