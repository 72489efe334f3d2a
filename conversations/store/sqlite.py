"""`SQLiteStore`: WAL journal, a durable commit per write, the hot path on the event loop's thread when it is free.

Every statement is tens of microseconds (a primary-key read, or a one-row
upsert) plus, for a write, the fsync of the WAL (~0.3-1 ms on our test disk),
while handing it to aiosqlite's worker thread and back costs two thread
wake-ups. So `load` runs on a second, plain `sqlite3` connection on the loop's
thread, and so does `save` unless `busy()` says other work is waiting for the
loop: at light load that took 0.2-2.9 ms off the median reply
(bench/bench_bot.py). When busy (the bot sets `busy` to "another person's
update is in flight"), `save` goes through aiosqlite so the fsync overlaps
that work instead of stalling it (with 200 people at once, every save in
place gave 71-76 updates/s, this rule 81-83). Either way the commit is done
before `save` returns. BENCHMARKS.md has the runs.

The loop-thread connection never waits for a lock (busy_timeout 0): if the
file is locked (another instance writing, or our own worker thread mid-write)
the statement falls back to aiosqlite, which waits without blocking the loop.
Everything else - migrations, reminders, purges, /forget - goes through
aiosqlite. A disk whose fsync takes many milliseconds would stall the loop
that long per quiet-time save; PostgreSQL is the store for such deployments.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from conversations.api import NewReminder

from .base import Migrations, ReminderRow, Store, migrate
from .codec import timestamp_text

log = logging.getLogger("conversations.store")

# aiosqlite logs every statement *with its parameters* at DEBUG: that would put
# what people tell the bot (and their reminders' amounts) into the logs of
# anyone who turns on DEBUG. Keep it at INFO unless it was configured explicitly.
_aiosqlite_log = logging.getLogger("aiosqlite")
if _aiosqlite_log.level == logging.NOTSET:
    _aiosqlite_log.setLevel(logging.INFO)

MEMORY = ":memory:"

# The schema, as `base.migrate` applies it (read at each `open`, so a test can stop it at a version).
MIGRATIONS: Migrations = (
    (
        1,
        (
            """
            CREATE TABLE conversations (
                chat_id    INTEGER NOT NULL,
                user_id    INTEGER NOT NULL,
                data       TEXT    NOT NULL,  -- the state as JSON text
                updated_at TEXT    NOT NULL,  -- UTC ISO 8601, fixed width: sorts as it compares
                PRIMARY KEY (chat_id, user_id)
            )
            """,
            "CREATE INDEX conversations_user_id ON conversations (user_id)",
            "CREATE INDEX conversations_updated_at ON conversations (updated_at)",
        ),
    ),
    (
        2,
        (
            # AUTOINCREMENT: an id is never reused, so a stale "cancel #12" button
            # can never hit a later reminder.
            """
            CREATE TABLE reminders (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                chat_id    INTEGER NOT NULL,
                user_id    INTEGER NOT NULL,
                deadline   TEXT    NOT NULL,  -- ISO date, YYYY-MM-DD
                remind_at  TEXT    NOT NULL,  -- UTC ISO 8601, fixed width like updated_at
                kind       TEXT    NOT NULL,  -- "30d", "7d"...
                locale     TEXT    NOT NULL,
                payload    TEXT    NOT NULL,  -- small JSON object: what the message needs
                created_at TEXT    NOT NULL,
                sent_at    TEXT,              -- NULL until claimed for sending
                cancelled  INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
                UNIQUE (chat_id, user_id, deadline, kind)
            )
            """,
            "CREATE INDEX reminders_due ON reminders (remind_at) WHERE sent_at IS NULL AND cancelled = 0",
            "CREATE INDEX reminders_user_id ON reminders (user_id)",
            "CREATE INDEX reminders_sent_at ON reminders (sent_at)",
        ),
    ),
)

_REMINDER_COLUMNS = (
    "id", "chat_id", "user_id", "deadline", "remind_at", "kind", "locale", "payload",
    "created_at", "sent_at", "cancelled",
)  # fmt: skip
_SELECT_REMINDERS = f"SELECT {', '.join(_REMINDER_COLUMNS)} FROM reminders"
_PENDING = "sent_at IS NULL AND cancelled = 0"
# One statement, so all of them are stored or none. On a repeat: an unsent reminder takes the new
# time/locale/payload and is armed again; a sent one stays as it is.
_UPSERT_REMINDERS = (
    "INSERT INTO reminders (chat_id, user_id, deadline, remind_at, kind, locale, payload, created_at) VALUES {rows}"
    " ON CONFLICT (chat_id, user_id, deadline, kind) DO UPDATE SET"
    " remind_at = CASE WHEN reminders.sent_at IS NULL THEN excluded.remind_at ELSE reminders.remind_at END,"
    " locale = CASE WHEN reminders.sent_at IS NULL THEN excluded.locale ELSE reminders.locale END,"
    " payload = CASE WHEN reminders.sent_at IS NULL THEN excluded.payload ELSE reminders.payload END,"
    " cancelled = CASE WHEN reminders.sent_at IS NULL THEN 0 ELSE reminders.cancelled END"
    " RETURNING id, chat_id, user_id, deadline, kind"
)

_LOAD = "SELECT data, updated_at FROM conversations WHERE chat_id = ? AND user_id = ?"
_SAVE = (
    "INSERT INTO conversations (chat_id, user_id, data, updated_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (chat_id, user_id)"
    " DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at"
)


def _never() -> bool:
    return False


def _owned(user_id: int, column: str, value: int | None) -> tuple[str, tuple[int, ...]]:
    """``user_id = ?``, narrowed to one chat or one reminder unless `value` is None; and its parameters."""
    if value is None:
        return "user_id = ?", (user_id,)
    return f"user_id = ? AND {column} = ?", (user_id, value)


class _Schema:
    """`base.SchemaVersion` on one connection. BEGIN IMMEDIATE takes the write lock: two processes
    opening the same file at once apply each migration once."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @asynccontextmanager
    async def locked(self) -> AsyncIterator[None]:
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    async def current(self) -> int:
        await self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        async with self._db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cur:
            return (await cur.fetchone())[0]

    async def apply(self, version: int, statements: tuple[str, ...]) -> None:
        for statement in statements:
            await self._db.execute(statement)
        await self._db.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            (version, timestamp_text(dt.datetime.now(dt.UTC))),
        )


class SQLiteStore(Store):
    """State in one SQLite file (or ``:memory:``).

    The connections are in autocommit mode and every method is one statement,
    so each call is its own transaction; with ``journal_mode=WAL`` and
    ``synchronous=FULL`` the WAL is fsynced before a write returns. `load`
    and `save` run on the loop's thread when the file is free (see the module).
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout_ms: int = 5000) -> None:
        self.path = MEMORY if str(path) == MEMORY else Path(path)
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._db: aiosqlite.Connection | None = None
        # The loop-thread connection for load/save (see the module's docstring);
        # None for ":memory:", where a second connection would be another database.
        self._fast: sqlite3.Connection | None = None
        #: Whether other work is waiting for the event loop, so a save's fsync
        #: should go to the worker thread (see the module's docstring).
        self.busy: Callable[[], bool] = _never

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    # --- lifecycle -------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._db is not None

    async def _open(self) -> None:
        if isinstance(self.path, Path):
            self._prepare_file(self.path)
        db = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            await self._configure(db)
            await migrate(self, MIGRATIONS, _Schema(db))
            fast = None if self.path == MEMORY else self._open_fast(self.path)
        except BaseException:
            await db.close()
            raise
        self._db, self._fast = db, fast

    async def _configure(self, db: aiosqlite.Connection) -> None:
        await db.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        mode = await self._enable_wal(db)
        if self.path != MEMORY and str(mode).lower() != "wal":
            log.warning("SQLite refused WAL mode for %s (journal_mode=%s)", self.path, mode)
        await db.execute("PRAGMA synchronous = FULL")
        await db.execute("PRAGMA foreign_keys = ON")

    @staticmethod
    def _open_fast(path: Path) -> sqlite3.Connection:
        # Used from the event loop's thread only; never waits for a lock (busy_timeout 0).
        fast = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        fast.execute("PRAGMA busy_timeout = 0")
        fast.execute("PRAGMA synchronous = FULL")
        return fast

    async def _enable_wal(self, db: aiosqlite.Connection) -> str:
        # Switching a new file to WAL needs an exclusive lock and SQLite does not
        # run the busy handler for it: two instances opening the same new file at
        # once would see "database is locked". Retry within the busy timeout.
        delay, waited = 0.005, 0.0
        while True:
            try:
                async with db.execute("PRAGMA journal_mode = WAL") as cur:
                    return str((await cur.fetchone())[0])
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or waited * 1000 >= self._busy_timeout_ms:
                    raise
            await asyncio.sleep(delay)
            waited += delay
            delay = min(delay * 2, 0.1)

    @staticmethod
    def _prepare_file(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # What people tell the bot is personal: create the file readable by us only
        # (SQLite gives the -wal and -shm files the same permissions).
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        os.close(fd)

    async def _close(self) -> None:
        fast, self._fast = self._fast, None
        if fast is not None:
            fast.close()
        db, self._db = self._db, None
        await db.close()

    def _in_place(self, sql: str, params: tuple, *, fetch: bool = False) -> list | None:
        """Run one statement on the loop-thread connection; None when it is locked (use aiosqlite)."""
        fast = self._fast
        if fast is None:
            return None
        try:
            cursor = fast.execute(sql, params)
            return cursor.fetchall() if fetch else []
        except sqlite3.OperationalError as err:
            primary = err.sqlite_errorcode & 0xFF  # extended codes (SQLITE_BUSY_SNAPSHOT...) keep it in the low byte
            if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return None  # nothing was written: the statement's implicit transaction rolled back
            raise

    async def _changed(self, sql: str, params: Sequence[object]) -> int:
        async with self._db.execute(sql, params) as cur:
            return cur.rowcount

    # --- conversations ---------------------------------------------------------

    async def _select_state(self, chat_id: int, user_id: int) -> tuple[str, str] | None:
        ids = (chat_id, user_id)
        rows = self._in_place(_LOAD, ids, fetch=True)
        if rows is None:
            # One trip to aiosqlite's thread (execute + fetch), not three (execute, fetchone, close).
            rows = await self._db.execute_fetchall(_LOAD, ids)
        return rows[0] if rows else None

    async def _upsert_state(self, chat_id: int, user_id: int, data: str, updated_at: dt.datetime) -> None:
        params = (chat_id, user_id, data, timestamp_text(updated_at))
        if self.busy() or self._in_place(_SAVE, params) is None:
            await self._db.execute(_SAVE, params)

    async def _delete_state(self, chat_id: int, user_id: int) -> None:
        await self._db.execute("DELETE FROM conversations WHERE chat_id = ? AND user_id = ?", (chat_id, user_id))

    async def _delete_user(self, user_id: int) -> int:
        # Two autocommitted statements (one connection is shared by every task, so
        # a BEGIN here would sweep other tasks' writes into this transaction).
        # Reminders go first: if the process dies in between, what is left is a
        # conversation, which the next /forget (or the purge) removes.
        removed = 0
        for table in ("reminders", "conversations"):
            removed += await self._changed(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
        return removed

    async def _delete_states_before(self, cutoff: dt.datetime) -> int:
        return await self._changed("DELETE FROM conversations WHERE updated_at < ?", (timestamp_text(cutoff),))

    # --- reminders -------------------------------------------------------------

    async def _rows(self, sql: str, params: Sequence[object]) -> list[ReminderRow]:
        async with self._db.execute(sql, params) as cur:
            rows = await cur.fetchall()
        return [dict(zip(_REMINDER_COLUMNS, row, strict=True)) for row in rows]

    async def _upsert_reminders(
        self, rows: list[NewReminder], payloads: list[str], created: dt.datetime
    ) -> list[tuple[int, int, int, str, str]]:
        params: list[object] = []
        for r, payload in zip(rows, payloads, strict=True):
            params += [
                r.chat_id, r.user_id, r.deadline.isoformat(), timestamp_text(r.remind_at),
                r.kind, r.locale, payload, timestamp_text(created),
            ]  # fmt: skip
        sql = _UPSERT_REMINDERS.format(rows=", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows)))
        async with self._db.execute(sql, params) as cur:
            return list(await cur.fetchall())

    async def _select_due(self, now: dt.datetime, limit: int) -> list[ReminderRow]:
        return await self._rows(
            f"{_SELECT_REMINDERS} WHERE {_PENDING} AND remind_at <= ? ORDER BY remind_at, id LIMIT ?",
            (timestamp_text(now), limit),
        )

    async def _set_sent(self, reminder_id: int, now: dt.datetime) -> int:
        return await self._changed(
            f"UPDATE reminders SET sent_at = ? WHERE id = ? AND {_PENDING}", (timestamp_text(now), reminder_id)
        )

    async def _unset_sent(self, reminder_id: int, claimed_at: dt.datetime) -> int:
        return await self._changed(
            "UPDATE reminders SET sent_at = NULL WHERE id = ? AND sent_at = ?", (reminder_id, timestamp_text(claimed_at))
        )

    async def _select_pending(self, user_id: int, chat_id: int | None) -> list[ReminderRow]:
        where, params = _owned(user_id, "chat_id", chat_id)
        return await self._rows(f"{_SELECT_REMINDERS} WHERE {where} AND {_PENDING} ORDER BY remind_at, id", params)

    async def _cancel(self, user_id: int, reminder_id: int | None) -> int:
        where, params = _owned(user_id, "id", reminder_id)
        return await self._changed(
            f"UPDATE reminders SET cancelled = 1, payload = '{{}}' WHERE {where} AND {_PENDING}", params
        )

    async def _delete_reminders_before(self, cutoff: dt.datetime, day: dt.date) -> int:
        when = timestamp_text(cutoff)
        return await self._changed(
            "DELETE FROM reminders WHERE sent_at < ? OR (cancelled = 1 AND created_at < ?) OR deadline < ?",
            (when, when, day.isoformat()),
        )
