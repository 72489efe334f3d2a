"""`MemoryStore`: the store for tests and the terminal chat; nothing survives the process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from conversations.api import ChatKey, NewReminder, Reminder, StoredState

from ._common import (
    StoreClosedError,
    check_key,
    check_limit,
    decode_reminder,
    decode_row,
    encode_data,
    reminder_identity,
    to_utc,
    unique_reminders,
)


class MemoryStore:
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
        self._open = False

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._rows)} conversations, {len(self._reminders)} reminders)"

    async def __aenter__(self) -> MemoryStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _check_open(self) -> None:
        if not self._open:
            raise StoreClosedError("MemoryStore is not open: call `await store.open()` first")

    async def open(self) -> None:
        self._open = True

    async def close(self) -> None:
        self._open = False

    async def load(self, key: ChatKey) -> StoredState | None:
        self._check_open()
        row = self._rows.get(check_key(key))
        if row is None:
            return None
        return decode_row(key, row[0], row[1])

    async def save(self, key: ChatKey, state: StoredState) -> None:
        self._check_open()
        ids = check_key(key)
        text = encode_data(state.data)
        self._rows[ids] = (text, to_utc(state.updated_at))

    async def delete(self, key: ChatKey) -> None:
        self._check_open()
        self._rows.pop(check_key(key), None)

    async def forget_user(self, user_id: int) -> int:
        self._check_open()
        doomed = [ids for ids in self._rows if ids[1] == user_id]
        for ids in doomed:
            del self._rows[ids]
        reminders = [i for i, row in self._reminders.items() if row["user_id"] == user_id]
        for i in reminders:
            del self._reminders[i]
        return len(doomed) + len(reminders)

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        self._check_open()
        limit = to_utc(cutoff)
        doomed = [ids for ids, (_, when) in self._rows.items() if when < limit]
        for ids in doomed:
            del self._rows[ids]
        return len(doomed)

    # --- ReminderStore ---------------------------------------------------------

    @staticmethod
    def _pending(row: dict[str, Any]) -> bool:
        return row["sent_at"] is None and not row["cancelled"]

    def _sorted(self, rows: list[dict[str, Any]]) -> list[Reminder]:
        return [decode_reminder(row) for row in sorted(rows, key=lambda r: (r["remind_at"], r["id"]))]

    async def add_reminders(
        self, reminders: Sequence[NewReminder], now: dt.datetime | None = None
    ) -> list[int]:
        self._check_open()
        rows, order = unique_reminders(reminders)
        payloads = [encode_data(r.payload) for r in rows]  # everything checked before any write
        created = to_utc(now or dt.datetime.now(dt.UTC))
        by_identity = {
            (row["chat_id"], row["user_id"], row["deadline"], row["kind"]): row
            for row in self._reminders.values()
        }
        ids = {}
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
            ids[reminder_identity(r)] = row["id"]
        return [ids[identity] for identity in order]

    async def due_reminders(self, now: dt.datetime, limit: int = 100) -> list[Reminder]:
        self._check_open()
        limit, moment = check_limit(limit), to_utc(now)
        rows = [row for row in self._reminders.values() if self._pending(row) and row["remind_at"] <= moment]
        return self._sorted(rows)[:limit]

    async def claim_reminder(self, reminder_id: int, now: dt.datetime) -> bool:
        self._check_open()
        row = self._reminders.get(int(reminder_id))
        if row is None or not self._pending(row):
            return False
        row["sent_at"] = to_utc(now)
        return True

    async def release_reminder(self, reminder_id: int, claimed_at: dt.datetime) -> bool:
        self._check_open()
        row = self._reminders.get(int(reminder_id))
        if row is None or row["sent_at"] is None or row["sent_at"] != to_utc(claimed_at):
            return False
        row["sent_at"] = None
        return True

    async def list_reminders(self, user_id: int, chat_id: int | None = None) -> list[Reminder]:
        self._check_open()
        rows = [
            row
            for row in self._reminders.values()
            if row["user_id"] == user_id and (chat_id is None or row["chat_id"] == chat_id) and self._pending(row)
        ]
        return self._sorted(rows)

    def _cancel(self, row: dict[str, Any]) -> None:
        row["cancelled"] = True
        row["payload"] = "{}"

    async def cancel_reminder(self, user_id: int, reminder_id: int) -> bool:
        self._check_open()
        row = self._reminders.get(int(reminder_id))
        if row is None or row["user_id"] != user_id or not self._pending(row):
            return False
        self._cancel(row)
        return True

    async def cancel_all_reminders(self, user_id: int) -> int:
        self._check_open()
        rows = [row for row in self._reminders.values() if row["user_id"] == user_id and self._pending(row)]
        for row in rows:
            self._cancel(row)
        return len(rows)

    async def purge_reminders_sent_before(self, cutoff: dt.datetime) -> int:
        self._check_open()
        limit = to_utc(cutoff)
        doomed = [
            i
            for i, row in self._reminders.items()
            if (row["sent_at"] is not None and row["sent_at"] < limit)
            or (row["cancelled"] and row["created_at"] < limit)
            or row["deadline"] < limit.date()
        ]
        for i in doomed:
            del self._reminders[i]
        return len(doomed)
