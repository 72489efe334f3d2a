"""`SQLiteStore`: one aiosqlite connection, WAL journal, a durable commit per write."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import aiosqlite

from conversations.api import ChatKey, StoredState

from ._common import StoreClosedError, check_key, decode_row, encode_data, timestamp_text

log = logging.getLogger("conversations.store")

MEMORY = ":memory:"

# (version, statements). Append new versions, never edit applied ones: `open`
# applies every version above the database's, each in its own transaction.
# The reminders table (issue to come) will be version 2 here.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
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
)


class SQLiteStore:
    """State in one SQLite file (or ``:memory:``).

    The connection is in autocommit mode and every method is one statement, so
    each call is its own transaction; with ``journal_mode=WAL`` and
    ``synchronous=FULL`` the WAL is fsynced before a write returns.
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout_ms: int = 5000) -> None:
        self.path = MEMORY if str(path) == MEMORY else Path(path)
        self._busy_timeout_ms = int(busy_timeout_ms)
        self._db: aiosqlite.Connection | None = None

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    async def __aenter__(self) -> SQLiteStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- lifecycle -------------------------------------------------------------

    async def open(self) -> None:
        if self._db is not None:
            return
        if isinstance(self.path, Path):
            self._prepare_file(self.path)
        db = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            await db.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            async with db.execute("PRAGMA journal_mode = WAL") as cur:
                mode = (await cur.fetchone())[0]
            if self.path != MEMORY and str(mode).lower() != "wal":
                log.warning("SQLite refused WAL mode for %s (journal_mode=%s)", self.path, mode)
            await db.execute("PRAGMA synchronous = FULL")
            await db.execute("PRAGMA foreign_keys = ON")
            await self._migrate(db)
        except BaseException:
            await db.close()
            raise
        self._db = db

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

    async def _migrate(self, db: aiosqlite.Connection) -> None:
        await db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        known = MIGRATIONS[-1][0]
        while True:
            # BEGIN IMMEDIATE takes the write lock: two processes opening the same
            # file at once apply each migration once.
            await db.execute("BEGIN IMMEDIATE")
            try:
                async with db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cur:
                    current = (await cur.fetchone())[0]
                pending = [m for m in MIGRATIONS if m[0] > current]
                if not pending:
                    await db.execute("COMMIT")
                    break
                version, statements = pending[0]
                for statement in statements:
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                    (version, timestamp_text(dt.datetime.now(dt.UTC))),
                )
                await db.execute("COMMIT")
                log.info("SQLite store %s: schema migrated to version %d", self.path, version)
            except BaseException:
                await db.execute("ROLLBACK")
                raise
        if current > known:
            log.warning(
                "SQLite store %s has schema version %d; this code knows up to %d",
                self.path,
                current,
                known,
            )

    async def close(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            await db.close()

    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StoreClosedError(f"{self!r} is not open: call `await store.open()` first")
        return self._db

    # --- StateStore ------------------------------------------------------------

    async def load(self, key: ChatKey) -> StoredState | None:
        ids = check_key(key)
        async with self._conn().execute(
            "SELECT data, updated_at FROM conversations WHERE chat_id = ? AND user_id = ?", ids
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else decode_row(key, row[0], row[1])

    async def save(self, key: ChatKey, state: StoredState) -> None:
        ids = check_key(key)
        text = encode_data(state.data)
        when = timestamp_text(state.updated_at)
        await self._conn().execute(
            "INSERT INTO conversations (chat_id, user_id, data, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (chat_id, user_id)"
            " DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (*ids, text, when),
        )

    async def delete(self, key: ChatKey) -> None:
        await self._conn().execute(
            "DELETE FROM conversations WHERE chat_id = ? AND user_id = ?", check_key(key)
        )

    async def forget_user(self, user_id: int) -> int:
        async with self._conn().execute(
            "DELETE FROM conversations WHERE user_id = ?", (int(user_id),)
        ) as cur:
            return cur.rowcount

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        async with self._conn().execute(
            "DELETE FROM conversations WHERE updated_at < ?", (timestamp_text(cutoff),)
        ) as cur:
            return cur.rowcount
