"""The order updates are handled in: concurrent across people, one at a time within one (chat, person).

Our own state machine (`conversations`) drives the conversation, not PTB's
ConversationHandler, so updates are processed concurrently: different people
are served at the same time, while `PerConversationUpdateProcessor` keeps each
person's updates in order (the engine also locks per person; the processor adds
that a person's replies are *sent* in the order they wrote).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from conversations.keyed_locks import KeyedLocks

__all__ = ["PerConversationUpdateProcessor"]


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
        # cost 2.8 ms of CPU per update against 2.1 ms with 32 handlers at a time
        # (BENCHMARKS.md, "Why at most 32 handlers at once").
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
