"""`MemoryStore`: the store for tests and the terminal chat; nothing survives the process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from conversations.api import NewReminder

from .base import ReminderRow, Store
from .codec import reminder_identity


class MemoryStore(Store):
    """A dict with the durable stores' semantics.

    It keeps each state as the JSON text the other backends would write, so
    `load` returns exactly what they would (a fresh copy, tuples as lists...) and
    a state JSON cannot encode fails here too. Like the others it must be opened
    before use; closing keeps the data, so reopening the same object finds it.
    """

    def __init__(self) -> None:
        self._rows: dict[tuple[int, int], tuple[str, dt.datetime]] = {}
        # Reminders as the row dicts the SQL stores return (payload as JSON text).
        # No method awaits between reading and writing them, so each is atomic.
        self._reminders: dict[int, dict[str, Any]] = {}
        self._next_reminder_id = 1
        self._opened = False

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._rows)} conversations, {len(self._reminders)} reminders)"

    @property
    def is_open(self) -> bool:
        return self._opened

    async def _open(self) -> None:
        self._opened = True

    async def _close(self) -> None:
        self._opened = False

    # --- conversations ---------------------------------------------------------

    async def _select_state(self, chat_id: int, user_id: int) -> tuple[str, dt.datetime] | None:
        return self._rows.get((chat_id, user_id))

    async def _upsert_state(self, chat_id: int, user_id: int, data: str, updated_at: dt.datetime) -> None:
        self._rows[chat_id, user_id] = (data, updated_at)

    async def _delete_state(self, chat_id: int, user_id: int) -> None:
        self._rows.pop((chat_id, user_id), None)

    async def _delete_user(self, user_id: int) -> int:
        doomed = [ids for ids in self._rows if ids[1] == user_id]
        for ids in doomed:
            del self._rows[ids]
        reminders = [i for i, row in self._reminders.items() if row["user_id"] == user_id]
        for i in reminders:
            del self._reminders[i]
        return len(doomed) + len(reminders)

    async def _delete_states_before(self, cutoff: dt.datetime) -> int:
        doomed = [ids for ids, (_, when) in self._rows.items() if when < cutoff]
        for ids in doomed:
            del self._rows[ids]
        return len(doomed)

    # --- reminders -------------------------------------------------------------

    @staticmethod
    def _pending(row: dict[str, Any]) -> bool:
        return row["sent_at"] is None and not row["cancelled"]

    @staticmethod
    def _by_time(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (r["remind_at"], r["id"]))

    async def _upsert_reminders(
        self, rows: list[NewReminder], payloads: list[str], created: dt.datetime
    ) -> list[tuple[int, int, int, dt.date, str]]:
        by_identity = {
            (row["chat_id"], row["user_id"], row["deadline"], row["kind"]): row for row in self._reminders.values()
        }
        returned = []
        for r, payload in zip(rows, payloads, strict=True):
            row = by_identity.get(reminder_identity(r))
            if row is None:
                row = {
                    "id": self._next_reminder_id,
                    "chat_id": r.chat_id,
                    "user_id": r.user_id,
                    "deadline": r.deadline,
                    "kind": r.kind,
                    "created_at": created,
                    "sent_at": None,
                    "cancelled": False,
                }
                self._next_reminder_id += 1
                self._reminders[row["id"]] = row
            if row["sent_at"] is None:
                row.update(remind_at=r.remind_at, locale=r.locale, payload=payload, cancelled=False)
            returned.append((row["id"], *reminder_identity(r)))
        return returned

    async def _select_due(self, now: dt.datetime, limit: int) -> list[ReminderRow]:
        rows = (row for row in self._reminders.values() if self._pending(row) and row["remind_at"] <= now)
        return self._by_time(rows)[:limit]

    async def _set_sent(self, reminder_id: int, now: dt.datetime) -> int:
        row = self._reminders.get(reminder_id)
        if row is None or not self._pending(row):
            return 0
        row["sent_at"] = now
        return 1

    async def _unset_sent(self, reminder_id: int, claimed_at: dt.datetime) -> int:
        row = self._reminders.get(reminder_id)
        if row is None or row["sent_at"] is None or row["sent_at"] != claimed_at:
            return 0
        row["sent_at"] = None
        return 1

    async def _select_pending(self, user_id: int, chat_id: int | None) -> list[ReminderRow]:
        return self._by_time(
            row
            for row in self._reminders.values()
            if row["user_id"] == user_id and chat_id in (None, row["chat_id"]) and self._pending(row)
        )

    async def _cancel(self, user_id: int, reminder_id: int | None) -> int:
        rows = [
            row
            for row in self._reminders.values()
            if row["user_id"] == user_id and reminder_id in (None, row["id"]) and self._pending(row)
        ]
        for row in rows:
            row.update(cancelled=True, payload="{}")  # a cancelled reminder keeps no amount
        return len(rows)

    async def _delete_reminders_before(self, cutoff: dt.datetime, day: dt.date) -> int:
        doomed = [
            i
            for i, row in self._reminders.items()
            if (row["sent_at"] is not None and row["sent_at"] < cutoff)
            or (row["cancelled"] and row["created_at"] < cutoff)
            or row["deadline"] < day
        ]
        for i in doomed:
            del self._reminders[i]
        return len(doomed)
