"""Durable conversation state: one row per (chat, person), behind `StateStore`.

    store = open_store("sqlite:///data/bot.sqlite3")   # or postgresql://..., memory://
    await store.open()
    ...
    await store.close()

(or `async with open_store(url) as store: ...`).

URL forms understood by `open_store`:

- ``sqlite:///relative/path.sqlite3`` - a file relative to the working directory
- ``sqlite:////absolute/path.sqlite3`` - an absolute path
- ``sqlite://:memory:`` or ``sqlite:///:memory:`` - a private in-memory database
- ``postgresql://user:pass@host:port/db`` (or ``postgres://``) - needs asyncpg
  (the ``postgres`` extra). ``?schema=name`` puts the tables in that schema
  (created if missing); other query parameters go to asyncpg (``sslmode``...).
- ``memory://`` - `MemoryStore`, nothing kept after the process ends

Semantics, the same on every backend:

- `save` is an upsert that returns once the row is committed: SQLite runs in WAL
  mode with ``synchronous=FULL`` and autocommit, one statement per call;
  PostgreSQL autocommits each statement with ``synchronous_commit=on``. A
  ``kill -9`` right after `save` returns loses nothing.
- The state is stored as JSON text (``ensure_ascii=False``, no NaN/Infinity), so
  what `load` returns is what JSON round-trips to: tuples come back as lists and
  non-string dict keys as strings. A state that JSON cannot encode makes `save`
  raise ``TypeError``/``ValueError`` and nothing is written. `load` always returns
  a fresh copy; callers cannot change stored state by mutating it.
- ``updated_at`` is kept to the microsecond and returned as an aware UTC
  datetime; a naive datetime (in `save` or `purge_older_than`) is taken as UTC.
- A row that cannot be decoded (not JSON, not a JSON object, a bad timestamp)
  is *not* an error for the caller: `load` logs a warning (ids only, never the
  data) and returns ``None``, so the engine starts that conversation afresh and
  its next `save` overwrites the bad row.
- `purge_older_than(cutoff)` deletes rows whose ``updated_at`` is strictly
  before ``cutoff``; `forget_user` deletes a person's rows in every chat.

Several bot instances on one database (issue #5, failover): every operation is
a single atomic statement on one key (an ``INSERT ... ON CONFLICT DO UPDATE``
for `save`), so instances never see a half-written row and never need a lock.
Concurrent saves to the same key are last-writer-wins. That is enough because
Telegram hands each update to exactly one consumer (one `getUpdates` poller or
one webhook), and a person's updates are processed one after another, so two
instances do not advance the same conversation at the same moment; on failover
the standby's first `load` sees every state the old primary acknowledged,
because acknowledging came only after commit. Schema migrations take a lock
(``BEGIN IMMEDIATE`` on SQLite, a transaction-scoped advisory lock on
PostgreSQL), so two instances starting together migrate once. Use PostgreSQL for
that setup; a SQLite file is for one process (WAL tolerates a second reader or
writer on the same machine, never over a network file system).

Where things are: `base.Store` does what every backend shares (open and close,
the schema version, retention, checking arguments), `codec` how states and
reminders become rows and back; `memory`, `sqlite` and `postgres` hold only
their storage (the SQL). `url.open_store` picks one.

Schema changes are added as a new entry in ``MIGRATIONS`` in
`conversations.store.sqlite` and `conversations.store.postgres`; ``open``
applies those newer than the ``schema_version`` table's highest version, each
in its own transaction (`base.migrate`). Version 2 is the ``reminders`` table.

Reminders (`conversations.api.ReminderStore`, issue #4; every store implements
it next to `StateStore`, see `conversations.reminders` for the service on top):

- One row per (chat_id, user_id, deadline, kind), so `add_reminders` is
  idempotent: a repeat returns the existing id, re-arms it (new time, locale,
  payload; cancelled -> pending) if it is unsent, and leaves a sent one alone.
  The rows of one call go in one statement: all or none.
- `claim_reminder` is ``UPDATE ... SET sent_at = now WHERE id = ? AND sent_at
  IS NULL AND NOT cancelled`` and reports whether it changed a row: of any
  number of instances claiming at once, exactly one wins. `release_reminder`
  undoes a claim (matched on its timestamp) when sending failed.
- `cancel_reminder` only touches the owner's row; cancelling also blanks the
  payload (the amount). Ids are never reused (AUTOINCREMENT / IDENTITY).
- `forget_user` deletes the person's reminders, then their conversations (one
  transaction on PostgreSQL; two autocommitted statements on SQLite, reminders
  first) and returns the rows removed from both.
- `purge_reminders_sent_before(cutoff)` deletes reminders sent before
  ``cutoff``, cancelled ones created before it, and any whose deadline is
  before ``cutoff``'s UTC date. `purge_older_than` still only touches
  conversations.
- ``remind_at``/``sent_at``/``created_at`` are aware UTC datetimes (naive means
  UTC), ``deadline`` a date; the payload is a small JSON object (at most 4096
  characters) read back like a state; an unreadable one reads as ``{}``.
"""

from __future__ import annotations

from .base import Store, StoreClosedError
from .memory import MemoryStore
from .postgres import PostgresStore
from .sqlite import SQLiteStore
from .url import open_store, redact_url

__all__ = [
    "MemoryStore",
    "PostgresStore",
    "SQLiteStore",
    "Store",
    "StoreClosedError",
    "open_store",
    "redact_url",
]
