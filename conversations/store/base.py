"""`Store`: what every backend shares - opening and closing, the schema version, retention, and checking,
encoding and decoding what goes in and comes out. A backend adds only its storage: the `_`-methods below,
one statement each on SQLite and PostgreSQL.

Every public method checks its arguments and encodes them before the backend is called, so a bad one
raises TypeError/ValueError and nothing is written; timestamps reach the backend as aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol, Self

from conversations.api import ChatKey, NewReminder, Reminder, StoredState

from .codec import as_date, check_key, check_limit, decode_reminder, decode_state, encode_data, to_utc, unique_reminders

log = logging.getLogger("conversations.store")

#: (version, statements). Append new versions, never edit applied ones: `migrate` applies every version
#: above the database's, each in its own transaction.
Migrations = tuple[tuple[int, tuple[str, ...]], ...]

#: A reminder row as a backend returns it: a mapping with the column names (see `codec.decode_reminder`).
ReminderRow = Mapping[str, Any]


class StoreClosedError(RuntimeError):
    """The store was used before `open()` or after `close()`."""


class SchemaVersion(Protocol):
    """One backend's statements for its ``schema_version`` table, for `migrate`."""

    def locked(self) -> AbstractAsyncContextManager[object]:
        """A transaction holding the lock that lets one instance migrate at a time."""

    async def current(self) -> int:
        """The highest version applied (0 for a new database)."""

    async def apply(self, version: int, statements: tuple[str, ...]) -> None:
        """Run one migration's statements and record its version (inside `locked`)."""


async def migrate(store: object, migrations: Migrations, schema: SchemaVersion) -> None:
    """Bring the database up to the last of `migrations`, one version per transaction.

    Two instances opening one database at once apply each version once: each step re-reads the version
    under the lock. A database newer than this code is used as it is, with a warning.
    """
    known = migrations[-1][0]
    while True:
        async with schema.locked():
            current = await schema.current()
            pending = [m for m in migrations if m[0] > current]
            if not pending:
                break
            version, statements = pending[0]
            await schema.apply(version, statements)
        log.info("%r: schema migrated to version %d", store, version)
    if current > known:
        log.warning("%r has schema version %d; this code knows up to %d", store, current, known)


class Store(ABC):
    """A `conversations.api.DurableStore`: the conversations and reminders of one database."""

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- lifecycle -------------------------------------------------------------

    @property
    @abstractmethod
    def is_open(self) -> bool: ...

    async def open(self) -> None:
        """Connect and bring the schema up to date; a second `open` does nothing."""
        if not self.is_open:
            await self._open()

    async def close(self) -> None:
        """Disconnect (a second `close` does nothing); `open` again reconnects."""
        if self.is_open:
            await self._close()

    def _check_open(self) -> None:
        if not self.is_open:
            raise StoreClosedError(f"{self!r} is not open: call `await store.open()` first")

    @abstractmethod
    async def _open(self) -> None: ...

    @abstractmethod
    async def _close(self) -> None: ...

    # --- StateStore ------------------------------------------------------------

    async def load(self, key: ChatKey) -> StoredState | None:
        self._check_open()
        row = await self._select_state(*check_key(key))
        return None if row is None else decode_state(key, *row)

    async def save(self, key: ChatKey, state: StoredState) -> None:
        self._check_open()
        chat_id, user_id = check_key(key)
        await self._upsert_state(chat_id, user_id, encode_data(state.data), to_utc(state.updated_at))

    async def delete(self, key: ChatKey) -> None:
        self._check_open()
        await self._delete_state(*check_key(key))

    async def forget_user(self, user_id: int) -> int:
        """Delete the person's reminders, then their conversations; the rows removed from both."""
        self._check_open()
        return await self._delete_user(int(user_id))

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        """Delete the conversations last saved strictly before `cutoff` (reminders have their own purge)."""
        self._check_open()
        return await self._delete_states_before(to_utc(cutoff))

    @abstractmethod
    async def _select_state(self, chat_id: int, user_id: int) -> tuple[Any, Any] | None:
        """(data, updated_at) as stored, or None."""

    @abstractmethod
    async def _upsert_state(self, chat_id: int, user_id: int, data: str, updated_at: dt.datetime) -> None: ...

    @abstractmethod
    async def _delete_state(self, chat_id: int, user_id: int) -> None: ...

    @abstractmethod
    async def _delete_user(self, user_id: int) -> int: ...

    @abstractmethod
    async def _delete_states_before(self, cutoff: dt.datetime) -> int: ...

    # --- ReminderStore ---------------------------------------------------------

    async def add_reminders(self, reminders: Sequence[NewReminder], now: dt.datetime | None = None) -> list[int]:
        """Store them all or none; a repeat keeps its id (see `conversations.store` for what it re-arms)."""
        self._check_open()
        rows, order = unique_reminders(reminders)
        if not rows:
            return []
        payloads = [encode_data(r.payload) for r in rows]
        created = to_utc(now or dt.datetime.now(dt.UTC))
        returned = await self._upsert_reminders(rows, payloads, created)
        ids = {(chat_id, user_id, as_date(deadline), kind): i for i, chat_id, user_id, deadline, kind in returned}
        return [ids[identity] for identity in order]

    async def due_reminders(self, now: dt.datetime, limit: int = 100) -> list[Reminder]:
        self._check_open()
        return self._decode(await self._select_due(to_utc(now), check_limit(limit)))

    async def claim_reminder(self, reminder_id: int, now: dt.datetime) -> bool:
        self._check_open()
        return await self._set_sent(int(reminder_id), to_utc(now)) == 1

    async def release_reminder(self, reminder_id: int, claimed_at: dt.datetime) -> bool:
        self._check_open()
        return await self._unset_sent(int(reminder_id), to_utc(claimed_at)) == 1

    async def list_reminders(self, user_id: int, chat_id: int | None = None) -> list[Reminder]:
        self._check_open()
        return self._decode(await self._select_pending(int(user_id), None if chat_id is None else int(chat_id)))

    async def cancel_reminder(self, user_id: int, reminder_id: int) -> bool:
        self._check_open()
        return await self._cancel(int(user_id), int(reminder_id)) == 1

    async def cancel_all_reminders(self, user_id: int) -> int:
        self._check_open()
        return await self._cancel(int(user_id), None)

    async def purge_reminders_sent_before(self, cutoff: dt.datetime) -> int:
        """Delete reminders sent before `cutoff`, cancelled ones created before it, and any whose deadline is
        before its UTC date."""
        self._check_open()
        moment = to_utc(cutoff)
        return await self._delete_reminders_before(moment, moment.date())

    @staticmethod
    def _decode(rows: Iterable[ReminderRow]) -> list[Reminder]:
        return [decode_reminder(row) for row in rows]

    @abstractmethod
    async def _upsert_reminders(
        self, rows: list[NewReminder], payloads: list[str], created: dt.datetime
    ) -> Iterable[tuple[int, int, int, Any, str]]:
        """Insert or re-arm, in one statement; (id, chat_id, user_id, deadline, kind) of each row."""

    @abstractmethod
    async def _select_due(self, now: dt.datetime, limit: int) -> Iterable[ReminderRow]:
        """Pending reminders with ``remind_at <= now``, by (remind_at, id)."""

    @abstractmethod
    async def _set_sent(self, reminder_id: int, now: dt.datetime) -> int:
        """Mark a pending reminder sent (the claim); rows changed."""

    @abstractmethod
    async def _unset_sent(self, reminder_id: int, claimed_at: dt.datetime) -> int:
        """Undo the claim made at `claimed_at`; rows changed."""

    @abstractmethod
    async def _select_pending(self, user_id: int, chat_id: int | None) -> Iterable[ReminderRow]:
        """The person's pending reminders (in `chat_id` only, unless None), by (remind_at, id)."""

    @abstractmethod
    async def _cancel(self, user_id: int, reminder_id: int | None) -> int:
        """Cancel the person's pending reminder (all of them for None), blanking the payload; rows changed."""

    @abstractmethod
    async def _delete_reminders_before(self, cutoff: dt.datetime, day: dt.date) -> int: ...
