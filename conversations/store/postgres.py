"""`PostgresStore`: an asyncpg pool; each call is one autocommitted statement.

asyncpg is optional (the ``postgres`` extra); it is imported when a store is made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from conversations.api import NewReminder

from .base import Migrations, ReminderRow, Store, migrate
from .url import redact_url

if TYPE_CHECKING:
    import asyncpg

# As `conversations.store.sqlite.MIGRATIONS`; "{s}" is replaced by the schema prefix ('"name".' or nothing).
MIGRATIONS: Migrations = (
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
# One statement: all stored or none. See the protocol for what a repeat does.
_UPSERT_REMINDERS = (
    "INSERT INTO {prefix}reminders AS r (chat_id, user_id, deadline, remind_at, kind, locale, payload, created_at)"
    " VALUES {rows}"
    " ON CONFLICT (chat_id, user_id, deadline, kind) DO UPDATE SET"
    " remind_at = CASE WHEN r.sent_at IS NULL THEN EXCLUDED.remind_at ELSE r.remind_at END,"
    " locale = CASE WHEN r.sent_at IS NULL THEN EXCLUDED.locale ELSE r.locale END,"
    " payload = CASE WHEN r.sent_at IS NULL THEN EXCLUDED.payload ELSE r.payload END,"
    " cancelled = CASE WHEN r.sent_at IS NULL THEN FALSE ELSE r.cancelled END"
    " RETURNING id, chat_id, user_id, deadline, kind"
)

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


class _Schema:
    """`base.SchemaVersion` on one pooled connection, the schema created if missing. A transaction-scoped
    advisory lock lets one instance migrate at a time (issue #5: two bots, one database)."""

    def __init__(self, conn: asyncpg.Connection, schema: str | None, prefix: str) -> None:
        self._conn, self._schema, self._s = conn, schema, prefix

    @asynccontextmanager
    async def locked(self) -> AsyncIterator[None]:
        async with self._conn.transaction():
            await self._conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext($1))", f"loan-offset-bot schema {self._schema or ''}"
            )
            yield

    async def current(self) -> int:
        conn, s = self._conn, self._s
        if self._schema and not await conn.fetchval("SELECT 1 FROM pg_namespace WHERE nspname = $1", self._schema):
            await conn.execute(f"CREATE SCHEMA {s.rstrip('.')}")
        await conn.execute(
            f"CREATE TABLE IF NOT EXISTS {s}schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        return await conn.fetchval(f"SELECT COALESCE(MAX(version), 0) FROM {s}schema_version")

    async def apply(self, version: int, statements: tuple[str, ...]) -> None:
        for statement in statements:
            await self._conn.execute(statement.format(s=self._s))
        await self._conn.execute(f"INSERT INTO {self._s}schema_version (version) VALUES ($1)", version)


class PostgresStore(Store):
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

    # --- lifecycle -------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._pool is not None

    async def _open(self) -> None:
        pool = await self._asyncpg.create_pool(
            self._dsn,
            server_settings={"synchronous_commit": "on", "application_name": "loan-offset-bot"},
            **self._pool_args,
        )
        try:
            async with pool.acquire() as conn:
                await migrate(self, MIGRATIONS, _Schema(conn, self.schema, self._prefix))
        except BaseException:
            pool.terminate()
            raise
        self._pool = pool

    async def _close(self) -> None:
        pool, self._pool = self._pool, None
        try:
            await asyncio.wait_for(pool.close(), timeout=10)
        except TimeoutError:  # asyncio.TimeoutError is the same class since 3.11
            pool.terminate()

    async def _changed(self, sql: str, *args: object) -> int:
        return _count(await self._pool.execute(sql, *args))

    # --- conversations ---------------------------------------------------------

    async def _select_state(self, chat_id: int, user_id: int) -> tuple[str, dt.datetime] | None:
        row = await self._pool.fetchrow(
            f"SELECT data, updated_at FROM {self._prefix}conversations WHERE chat_id = $1 AND user_id = $2",
            chat_id,
            user_id,
        )
        return None if row is None else (row["data"], row["updated_at"])

    async def _upsert_state(self, chat_id: int, user_id: int, data: str, updated_at: dt.datetime) -> None:
        await self._pool.execute(
            f"INSERT INTO {self._prefix}conversations (chat_id, user_id, data, updated_at)"
            " VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (chat_id, user_id)"
            " DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at",
            chat_id,
            user_id,
            data,
            updated_at,
        )

    async def _delete_state(self, chat_id: int, user_id: int) -> None:
        await self._changed(
            f"DELETE FROM {self._prefix}conversations WHERE chat_id = $1 AND user_id = $2", chat_id, user_id
        )

    async def _delete_user(self, user_id: int) -> int:
        removed = 0
        async with self._pool.acquire() as conn, conn.transaction():  # both tables or neither
            for table in ("reminders", "conversations"):
                status = await conn.execute(f"DELETE FROM {self._prefix}{table} WHERE user_id = $1", user_id)
                removed += _count(status)
        return removed

    async def _delete_states_before(self, cutoff: dt.datetime) -> int:
        return await self._changed(f"DELETE FROM {self._prefix}conversations WHERE updated_at < $1", cutoff)

    # --- reminders -------------------------------------------------------------

    async def _rows(self, where: str, *args: object) -> list[ReminderRow]:
        """The reminders `where` selects, by (remind_at, id): asyncpg's records are mappings already."""
        return await self._pool.fetch(f"SELECT {_REMINDER_COLUMNS} FROM {self._prefix}reminders WHERE {where}", *args)

    async def _upsert_reminders(
        self, rows: list[NewReminder], payloads: list[str], created: dt.datetime
    ) -> list[tuple[int, int, int, dt.date, str]]:
        args: list[object] = []
        values = []
        for n, (r, payload) in enumerate(zip(rows, payloads, strict=True)):
            values.append("(" + ", ".join(f"${n * 8 + i}" for i in range(1, 9)) + ")")
            args += [r.chat_id, r.user_id, r.deadline, r.remind_at, r.kind, r.locale, payload, created]
        sql = _UPSERT_REMINDERS.format(prefix=self._prefix, rows=", ".join(values))
        return [tuple(row) for row in await self._pool.fetch(sql, *args)]

    async def _select_due(self, now: dt.datetime, limit: int) -> list[ReminderRow]:
        return await self._rows(f"{_PENDING} AND remind_at <= $1 ORDER BY remind_at, id LIMIT $2", now, limit)

    async def _set_sent(self, reminder_id: int, now: dt.datetime) -> int:
        return await self._changed(
            f"UPDATE {self._prefix}reminders SET sent_at = $1 WHERE id = $2 AND {_PENDING}", now, reminder_id
        )

    async def _unset_sent(self, reminder_id: int, claimed_at: dt.datetime) -> int:
        return await self._changed(
            f"UPDATE {self._prefix}reminders SET sent_at = NULL WHERE id = $1 AND sent_at = $2", reminder_id, claimed_at
        )

    async def _select_pending(self, user_id: int, chat_id: int | None) -> list[ReminderRow]:
        return await self._rows(
            f"user_id = $1 AND ($2::bigint IS NULL OR chat_id = $2) AND {_PENDING} ORDER BY remind_at, id",
            user_id,
            chat_id,
        )

    async def _cancel(self, user_id: int, reminder_id: int | None) -> int:
        # A cancelled reminder keeps no amount: only the ids and dates until purged.
        return await self._changed(
            f"UPDATE {self._prefix}reminders SET cancelled = TRUE, payload = '{{}}'"
            f" WHERE user_id = $1 AND ($2::bigint IS NULL OR id = $2) AND {_PENDING}",
            user_id,
            reminder_id,
        )

    async def _delete_reminders_before(self, cutoff: dt.datetime, day: dt.date) -> int:
        return await self._changed(
            f"DELETE FROM {self._prefix}reminders"
            " WHERE sent_at < $1 OR (cancelled AND created_at < $1) OR deadline < $2",
            cutoff,
            day,
        )
