"""`PostgresStore`: an asyncpg pool; each call is one autocommitted statement.

asyncpg is optional (the ``postgres`` extra); it is imported when a store is made.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Any

from conversations.api import ChatKey, StoredState

from ._common import StoreClosedError, check_key, decode_row, encode_data, redact_url, to_utc

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger("conversations.store")

# (version, statements), as in `conversations.store.sqlite.MIGRATIONS`; "{s}" is
# replaced by the schema prefix ('"name".' or nothing). The reminders table
# (issue to come) will be version 2 here.
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
        except (TimeoutError, asyncio.TimeoutError):
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
        status = await self._p().execute(
            f"DELETE FROM {self._prefix}conversations WHERE user_id = $1", int(user_id)
        )
        return _count(status)

    async def purge_older_than(self, cutoff: dt.datetime) -> int:
        status = await self._p().execute(
            f"DELETE FROM {self._prefix}conversations WHERE updated_at < $1", to_utc(cutoff)
        )
        return _count(status)
