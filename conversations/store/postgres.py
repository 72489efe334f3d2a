"""`PostgresStore`: an asyncpg pool; each call is one autocommitted statement.

asyncpg is optional (the ``postgres`` extra); it is imported when a store is made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Any

from collections.abc import Sequence

from conversations.api import ChatKey, NewReminder, Reminder, StoredState

from ._common import (
    StoreClosedError,
    check_key,
    check_limit,
    decode_reminder,
    decode_row,
    encode_data,
    redact_url,
    to_utc,
    unique_reminders,
)

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger("conversations.store")

# (version, statements), as in `conversations.store.sqlite.MIGRATIONS`; "{s}" is
# replaced by the schema prefix ('"name".' or nothing).
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """
            CREATE TABLE {s}conversations (
                chat_id    BIGINT      NOT NULL,
                user_id    BIGINT      NOT NULL,
                data       TEXT        NOT NULL,  -- the state as JSON text (same bytes as SQLite)
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (chat_id, user_id)
            )
            """,
            "CREATE INDEX conversations_user_id ON {s}conversations (user_id)",
            "CREATE INDEX conversations_updated_at ON {s}conversations (updated_at)",
        ),
    ),
    (
        2,
        (
            """
            CREATE TABLE {s}reminders (
                id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                chat_id    BIGINT      NOT NULL,
                user_id    BIGINT      NOT NULL,
                deadline   DATE        NOT NULL,
                remind_at  TIMESTAMPTZ NOT NULL,
                kind       TEXT        NOT NULL,  -- "30d", "7d"...
                locale     TEXT        NOT NULL,
                payload    TEXT        NOT NULL,  -- small JSON object (same text as SQLite)
                created_at TIMESTAMPTZ NOT NULL,
                sent_at    TIMESTAMPTZ,           -- NULL until claimed for sending
                cancelled  BOOLEAN     NOT NULL DEFAULT FALSE,
                UNIQUE (chat_id, user_id, deadline, kind)
            )
            """,
            "CREATE INDEX reminders_due ON {s}reminders (remind_at) WHERE sent_at IS NULL AND NOT cancelled",
            "CREATE INDEX reminders_user_id ON {s}reminders (user_id)",
            "CREATE INDEX reminders_sent_at ON {s}reminders (sent_at)",
        ),
    ),
)

_REMINDER_COLUMNS = (
    "id, chat_id, user_id, deadline, remind_at, kind, locale, payload, created_at, sent_at, cancelled"
)
_PENDING = "sent_at IS NULL AND NOT cancelled"

_SCHEMA_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _import_asyncpg() -> Any:
    try:
        import asyncpg
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "A postgresql:// store needs asyncpg, which is not installed: "
            "pip install 'loan-offset-bot[postgres]' (or pip install asyncpg)"
        ) from exc
    return asyncpg


def _count(status: str) -> int:
    """Rows affected, from a command tag such as ``DELETE 3``."""
    try:
        return int(status.rsplit(" ", 1)[-1])
    except (ValueError, IndexError):
        return 0


class PostgresStore:
    """State in PostgreSQL, optionally in its own schema (created if missing).

    Writes autocommit with ``synchronous_commit=on`` (forced for our sessions),
    so `save` returns only once the commit is flushed to the server's WAL.
    """

    def __init__(
        self,
        dsn: str,
        *,
        schema: str | None = None,
        min_size: int = 1,
        max_size: int = 4,
        command_timeout: float | None = 30.0,
    ) -> None:
        self._asyncpg = _import_asyncpg()
        if schema is not None and not _SCHEMA_NAME.fullmatch(schema):
            raise ValueError(f"invalid PostgreSQL schema name {schema!r} (letters, digits, _)")
        self._dsn = dsn
        self.schema = schema
        self._prefix = f'"{schema}".' if schema else ""
        self._pool_args = {
            "min_size": min_size,
            "max_size": max_size,
            "command_timeout": command_timeout,
        }
        self._pool: asyncpg.Pool | None = None

    def __repr__(self) -> str:
        where = f", schema={self.schema!r}" if self.schema else ""
        return f"PostgresStore({redact_url(self._dsn)!r}{where})"

    async def __aenter__(self) -> PostgresStore:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- lifecycle -------------------------------------------------------------

    async def open(self) -> None:
        if self._pool is not None:
            return
        pool = await self._asyncpg.create_pool(
            self._dsn,
            server_settings={"synchronous_commit": "on", "application_name": "loan-offset-bot"},
            **self._pool_args,
        )
        try:
            await self._migrate(pool)
        except BaseException:
            pool.terminate()
            raise
        self._pool = pool

    async def _migrate(self, pool: asyncpg.Pool) -> None:
        s = self._prefix
        known = MIGRATIONS[-1][0]
        async with pool.acquire() as conn:
            while True:
                async with conn.transaction():
                    # One instance migrates at a time (issue #5: two bots, one database).
                    await conn.execute(
                        "SELECT pg_advisory_xact_lock(hashtext($1))",
                        f"loan-offset-bot schema {self.schema or ''}",
                    )
                    if self.schema and not await conn.fetchval(
                        "SELECT 1 FROM pg_namespace WHERE nspname = $1", self.schema
                    ):
                        await conn.execute(f"CREATE SCHEMA {s.rstrip('.')}")
                    await conn.execute(
                        f"CREATE TABLE IF NOT EXISTS {s}schema_version ("
                        " version INTEGER PRIMARY KEY,"
                        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                    )
                    current = await conn.fetchval(
                        f"SELECT COALESCE(MAX(version), 0) FROM {s}schema_version"
                    )
                    pending = [m for m in MIGRATIONS if m[0] > current]
                    if not pending:
                        break
                    version, statements = pending[0]
                    for statement in statements:
                        await conn.execute(statement.format(s=s))
                    await conn.execute(
                        f"INSERT INTO {s}schema_version (version) VALUES ($1)", version
                    )
                log.info("PostgreSQL store %r: schema migrated to version %d", self, version)
        if current > known:
            log.warning(
                "PostgreSQL store %r has schema version %d; this code knows up to %d",
                self,
                current,
                known,
            )

    async def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), timeout=10)
        except TimeoutError:  # asyncio.TimeoutError is the same class since 3.11
            pool.terminate()

    def _p(self) -> asyncpg.Pool:
        if self._pool is None:
            raise StoreClosedError(f"{self!r} is not open: call `await store.open()` first")
        return self._pool

    # --- StateStore ------------------------------------------------------------

    async def load(self, key: ChatKey) -> StoredState | None:
        chat_id, user_id = check_key(key)
        row = await self._p().fetchrow(
            f"SELECT data, updated_at FROM {self._prefix}conversations"
            " WHERE chat_id = $1 AND user_id = $2",
            chat_id,
            user_id,
        )
        return None if row is None else decode_row(key, row["data"], row["updated_at"])

    async def save(self, key: ChatKey, state: StoredState) -> None:
        chat_id, user_id = check_key(key)
        text = encode_data(state.data)
        await self._p().execute(
            f"INSERT INTO {self._prefix}conversations (chat_id, user_id, data, updated_at)"
            " VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (chat_id, user_id)"
            " DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at",
            chat_id,
            user_id,
            text,
            to_utc(state.updated_at),
        )

    async def delete(self, key: ChatKey) -> None:
        chat_id, user_id = check_key(key)
        await self._p().execute(
            f"DELETE FROM {self._prefix}conversations WHERE chat_id = $1 AND user_id = $2",
            chat_id,
            user_id,
        )

    async def forget_user(self, user_id: int) -> int:
        removed = 0
        async with self._p().acquire() as conn, conn.transaction():  # both tables or neither
            for table in ("reminders", "conversations"):
                status = await conn.execute(
                    f"DELETE FROM {self._prefix}{table} WHERE user_id = $1", int(user_id)
                )
                removed += _count(status)
        return removed

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        status = await self._p().execute(
            f"DELETE FROM {self._prefix}conversations WHERE updated_at < $1", to_utc(cutoff)
        )
        return _count(status)

    # --- ReminderStore ---------------------------------------------------------

    async def _reminders(self, sql: str, *args: object) -> list[Reminder]:
        rows = await self._p().fetch(sql, *args)
        return [decode_reminder(row) for row in rows]

    async def add_reminders(
        self, reminders: Sequence[NewReminder], now: dt.datetime | None = None
    ) -> list[int]:
        rows, order = unique_reminders(reminders)
        if not rows:
            return []
        created = to_utc(now or dt.datetime.now(dt.UTC))
        args: list[object] = []
        values = []
        for n, r in enumerate(rows):
            b = n * 8
            values.append(f"(${b + 1}, ${b + 2}, ${b + 3}, ${b + 4}, ${b + 5}, ${b + 6}, ${b + 7}, ${b + 8})")
            args += [
                r.chat_id, r.user_id, r.deadline, r.remind_at, r.kind, r.locale,
                encode_data(r.payload), created,
            ]  # fmt: skip
        # One statement: all stored or none. See the protocol for what a repeat does.
        sql = (
            f"INSERT INTO {self._prefix}reminders AS r"
            " (chat_id, user_id, deadline, remind_at, kind, locale, payload, created_at) VALUES "
            + ", ".join(values)
            + " ON CONFLICT (chat_id, user_id, deadline, kind) DO UPDATE SET"
            " remind_at = CASE WHEN r.sent_at IS NULL THEN EXCLUDED.remind_at ELSE r.remind_at END,"
            " locale = CASE WHEN r.sent_at IS NULL THEN EXCLUDED.locale ELSE r.locale END,"
            " payload = CASE WHEN r.sent_at IS NULL THEN EXCLUDED.payload ELSE r.payload END,"
            " cancelled = CASE WHEN r.sent_at IS NULL THEN FALSE ELSE r.cancelled END"
            " RETURNING id, chat_id, user_id, deadline, kind"
        )
        returned = await self._p().fetch(sql, *args)
        ids = {(x["chat_id"], x["user_id"], x["deadline"], x["kind"]): x["id"] for x in returned}
        return [ids[identity] for identity in order]

    async def due_reminders(self, now: dt.datetime, limit: int = 100) -> list[Reminder]:
        return await self._reminders(
            f"SELECT {_REMINDER_COLUMNS} FROM {self._prefix}reminders"
            f" WHERE {_PENDING} AND remind_at <= $1 ORDER BY remind_at, id LIMIT $2",
            to_utc(now),
            check_limit(limit),
        )

    async def claim_reminder(self, reminder_id: int, now: dt.datetime) -> bool:
        status = await self._p().execute(
            f"UPDATE {self._prefix}reminders SET sent_at = $1 WHERE id = $2 AND {_PENDING}",
            to_utc(now),
            int(reminder_id),
        )
        return _count(status) == 1

    async def release_reminder(self, reminder_id: int, claimed_at: dt.datetime) -> bool:
        status = await self._p().execute(
            f"UPDATE {self._prefix}reminders SET sent_at = NULL WHERE id = $1 AND sent_at = $2",
            int(reminder_id),
            to_utc(claimed_at),
        )
        return _count(status) == 1

    async def list_reminders(self, user_id: int, chat_id: int | None = None) -> list[Reminder]:
        return await self._reminders(
            f"SELECT {_REMINDER_COLUMNS} FROM {self._prefix}reminders"
            f" WHERE user_id = $1 AND ($2::bigint IS NULL OR chat_id = $2) AND {_PENDING}"
            " ORDER BY remind_at, id",
            int(user_id),
            None if chat_id is None else int(chat_id),
        )

    async def cancel_reminder(self, user_id: int, reminder_id: int) -> bool:
        status = await self._p().execute(
            f"UPDATE {self._prefix}reminders SET cancelled = TRUE, payload = '{{}}'"
            f" WHERE id = $1 AND user_id = $2 AND {_PENDING}",
            int(reminder_id),
            int(user_id),
        )
        return _count(status) == 1

    async def cancel_all_reminders(self, user_id: int) -> int:
        status = await self._p().execute(
            f"UPDATE {self._prefix}reminders SET cancelled = TRUE, payload = '{{}}'"
            f" WHERE user_id = $1 AND {_PENDING}",
            int(user_id),
        )
        return _count(status)

    async def purge_reminders_sent_before(self, cutoff: dt.datetime) -> int:
        when = to_utc(cutoff)
        status = await self._p().execute(
            f"DELETE FROM {self._prefix}reminders"
            " WHERE sent_at < $1 OR (cancelled AND created_at < $1) OR deadline < $2",
            when,
            when.date(),
        )
        return _count(status)
