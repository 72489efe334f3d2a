"""Contract tests for the conversation-state stores: memory, SQLite and PostgreSQL.

The PostgreSQL cases run when TEST_POSTGRES_URL is set (`.ci/run` sets it from
`.ci/postgres.sh`); each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.api import ChatKey, StoredState
from conversations.store import (
    MemoryStore,
    PostgresStore,
    SQLiteStore,
    StoreClosedError,
    open_store,
    redact_url,
)

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
needs_pg = pytest.mark.skipif(
    not PG_URL,
    reason="TEST_POSTGRES_URL is not set (start a server with: export TEST_POSTGRES_URL=$(bash .ci/postgres.sh))",
)

UTC = dt.UTC
T0 = dt.datetime(2025, 3, 1, 12, 30, 45, 123456, tzinfo=UTC)


@pytest.fixture
def store_url(every_store_url: str) -> str:
    return every_store_url  # `store` (conftest.py) opens each backend in turn


async def inject_raw(store, key: ChatKey, data: str, updated_at: str) -> None:
    """Write a row behind the store's back, as a bug or a hand edit might."""
    if isinstance(store, MemoryStore):
        store._rows[(key.chat_id, key.user_id)] = (data, updated_at)
    elif isinstance(store, SQLiteStore):
        await store._db.execute(
            "INSERT OR REPLACE INTO conversations VALUES (?, ?, ?, ?)",
            (key.chat_id, key.user_id, data, updated_at),
        )
    else:
        async with store._pool.acquire() as conn:
            await conn.execute(
                f"INSERT INTO {store._prefix}conversations VALUES ($1, $2, $3, $4::text::timestamptz)"
                " ON CONFLICT (chat_id, user_id) DO UPDATE SET data = EXCLUDED.data",
                key.chat_id,
                key.user_id,
                data,
                updated_at,
            )


# --- the contract, on every backend ------------------------------------------------


async def test_round_trip(store):
    key = ChatKey(chat_id=-1001234567890, user_id=42)
    assert await store.load(key) is None
    state = StoredState({"step": "balance", "answers": {"balance": "12000.50", "n": 3}}, T0)
    await store.save(key, state)
    got = await store.load(key)
    assert got == state
    assert got.updated_at.tzinfo is not None and got.updated_at.utcoffset() == dt.timedelta(0)
    assert await store.load(ChatKey(-1001234567890, 43)) is None
    assert await store.load(ChatKey(42, 42)) is None


async def test_loaded_state_is_a_copy(store):
    key = ChatKey(1, 1)
    data = {"answers": {"a": [1, 2]}}
    await store.save(key, StoredState(data, T0))
    data["answers"]["a"].append(3)  # the caller keeps mutating its dict
    first = await store.load(key)
    assert first.data == {"answers": {"a": [1, 2]}}
    first.data["answers"]["a"].clear()
    assert (await store.load(key)).data == {"answers": {"a": [1, 2]}}


async def test_json_semantics(store):
    key = ChatKey(1, 2)
    await store.save(key, StoredState({"t": (1, 2), 5: "five", "f": 0.1, "big": 2**70}, T0))
    assert (await store.load(key)).data == {"t": [1, 2], "5": "five", "f": 0.1, "big": 2**70}


@pytest.mark.parametrize(
    "bad, error",
    [({"x": {1, 2}}, TypeError), ({"x": math.nan}, ValueError), ({"x": math.inf}, ValueError)],
)
async def test_unencodable_state_writes_nothing(store, bad, error):
    key = ChatKey(1, 3)
    await store.save(key, StoredState({"ok": True}, T0))
    with pytest.raises(error):
        await store.save(key, StoredState(bad, T0 + dt.timedelta(seconds=1)))
    assert await store.load(key) == StoredState({"ok": True}, T0)


async def test_upsert(store):
    key = ChatKey(7, 8)
    await store.save(key, StoredState({"v": 1}, T0))
    later = T0 + dt.timedelta(minutes=5)
    await store.save(key, StoredState({"v": 2, "extra": "x"}, later))
    assert await store.load(key) == StoredState({"v": 2, "extra": "x"}, later)
    assert await store.forget_user(8) == 1  # one row, not two


async def test_delete(store):
    key, other = ChatKey(7, 8), ChatKey(7, 9)
    await store.save(key, StoredState({"v": 1}, T0))
    await store.save(other, StoredState({"v": 2}, T0))
    await store.delete(key)
    assert await store.load(key) is None
    assert (await store.load(other)).data == {"v": 2}
    await store.delete(key)  # deleting what is not there is fine
    await store.delete(ChatKey(999, 999))


async def test_forget_user_removes_every_chat_and_nobody_else(store):
    alice, bob = 100, 200
    for chat in (alice, -1001, -1002):  # her private chat and two groups
        await store.save(ChatKey(chat, alice), StoredState({"who": "alice"}, T0))
    await store.save(ChatKey(-1001, bob), StoredState({"who": "bob"}, T0))
    await store.save(ChatKey(alice, bob), StoredState({"who": "bob"}, T0))  # chat id == her user id

    assert await store.forget_user(alice) == 3
    for chat in (alice, -1001, -1002):
        assert await store.load(ChatKey(chat, alice)) is None
    assert (await store.load(ChatKey(-1001, bob))).data == {"who": "bob"}
    assert (await store.load(ChatKey(alice, bob))).data == {"who": "bob"}
    assert await store.forget_user(alice) == 0


async def test_purge_older_than(store):
    now = T0
    ages = {1: dt.timedelta(days=40), 2: dt.timedelta(days=31), 3: dt.timedelta(days=30), 4: dt.timedelta(0)}
    for user, age in ages.items():
        await store.save(ChatKey(1, user), StoredState({"u": user}, now - age))
    cutoff = now - dt.timedelta(days=30)
    assert await store.purge_older_than(cutoff) == 2
    assert [await store.load(ChatKey(1, u)) is None for u in ages] == [True, True, False, False]
    assert await store.purge_older_than(cutoff) == 0  # exactly at the cutoff stays


async def test_time_zones(store):
    """Aware datetimes in any zone compare by instant; naive ones are taken as UTC."""
    new_york = dt.timezone(dt.timedelta(hours=-5))
    local = dt.datetime(2025, 3, 1, 7, 30, 45, 123456, tzinfo=new_york)  # == T0
    await store.save(ChatKey(1, 1), StoredState({}, local))
    assert (await store.load(ChatKey(1, 1))).updated_at == T0
    assert (await store.load(ChatKey(1, 1))).updated_at.tzinfo == UTC
    await store.save(ChatKey(1, 2), StoredState({}, T0.replace(tzinfo=None) - dt.timedelta(hours=1)))
    assert (await store.load(ChatKey(1, 2))).updated_at == T0 - dt.timedelta(hours=1)
    assert await store.purge_older_than(local) == 1  # (1, 2) is an hour older
    assert await store.purge_older_than(T0.replace(tzinfo=None) + dt.timedelta(seconds=1)) == 1


async def test_unicode_and_large_state(store):
    key = ChatKey(-100987654321, 2**52)  # a supergroup, a large user id
    text = "Préstamo 401(k) 💸 — 貸款 — قرض — ложь\u200b\ttab\nnewline \"quotes\" \\ \x00 \x7f \ud83d"
    data = {
        "text": text,
        "émoji🔑": ["👩🏽‍💻", "🇺🇸"],
        "history": [{"i": i, "msg": f"{text} #{i}", "amount": i * 1.25} for i in range(1500)],
        "nested": {"a": {"b": {"c": {"d": [None, True, False, 0, -1, 1e-300, 1.5e300]}}}},
    }
    assert len(json.dumps(data)) > 200_000
    await store.save(key, StoredState(data, T0))
    assert (await store.load(key)).data == data


async def test_concurrent_saves_to_different_keys(store):
    keys = [ChatKey(chat, user) for chat in (-1, -2, -3, -4) for user in range(50)]
    await asyncio.gather(
        *(store.save(k, StoredState({"chat": k.chat_id, "user": k.user_id}, T0)) for k in keys)
    )
    loaded = await asyncio.gather(*(store.load(k) for k in keys))
    assert [s.data for s in loaded] == [{"chat": k.chat_id, "user": k.user_id} for k in keys]


async def test_concurrent_saves_to_one_key_leave_one_whole_state(store):
    key = ChatKey(5, 5)
    states = [StoredState({"n": n, "pad": "x" * n}, T0 + dt.timedelta(seconds=n)) for n in range(30)]
    await asyncio.gather(*(store.save(key, s) for s in states))
    assert await store.load(key) in states


async def test_corrupt_row_loads_as_none(store, caplog):
    """The documented choice: an unreadable row is logged (ids, never data) and reads as absent."""
    good = ChatKey(1, 1)
    await store.save(good, StoredState({"fine": True}, T0))
    stamp = "2025-03-01T12:30:45.123456+00:00"
    cases = {
        ChatKey(2, 1): ('{"step": "bal', stamp),  # cut short
        ChatKey(3, 1): ("[1, 2, 3]", stamp),  # JSON, but not an object
        ChatKey(4, 1): ("secret-ish not json", stamp),
    }
    for key, (data, when) in cases.items():
        await inject_raw(store, key, data, when)
    with caplog.at_level(logging.WARNING, logger="conversations.store"):
        for key in cases:
            assert await store.load(key) is None
    assert len(caplog.records) == len(cases)
    assert "chat 2 user 1" in caplog.text
    assert "secret-ish" not in caplog.text and "bal" not in caplog.text
    # The engine just starts afresh: its next save replaces the bad row.
    await store.save(ChatKey(2, 1), StoredState({"step": "start"}, T0))
    assert (await store.load(ChatKey(2, 1))).data == {"step": "start"}
    assert (await store.load(good)).data == {"fine": True}


async def test_closed_store_refuses(store_url):
    store = open_store(store_url)
    with pytest.raises(StoreClosedError):
        await store.load(ChatKey(1, 1))
    async with store:
        await store.open()  # a second open is harmless
        await store.save(ChatKey(1, 1), StoredState({}, T0))
    with pytest.raises(StoreClosedError):
        await store.save(ChatKey(1, 1), StoredState({}, T0))
    await store.close()  # and so is a second close


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(
        st.text(max_size=10),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
            max_leaves=15,
        ),
        max_size=6,
    )
)
def test_any_json_state_round_trips(data):
    async def check() -> None:
        for url in ("memory://", "sqlite://:memory:"):
            async with open_store(url) as store:
                await store.save(ChatKey(1, 1), StoredState(data, T0))
                assert (await store.load(ChatKey(1, 1))).data == data

    asyncio.run(check())


# --- durability: kill -9 right after save returns ------------------------------------

CHILD = textwrap.dedent(
    """
    import asyncio, datetime as dt, os, signal, sys
    from conversations.api import ChatKey, StoredState
    from conversations.store import open_store

    async def main():
        store = open_store(sys.argv[1])
        await store.open()
        for n in range(20):
            await store.save(ChatKey(-100, n), StoredState({"n": n, "text": "ünïcode"}))
        await store.save(ChatKey(-100, 7), StoredState({"n": "last"}))
        os.kill(os.getpid(), signal.SIGKILL)  # no close, no flush, no atexit

    asyncio.run(main())
    """
)


async def killed_after_save(url: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, url, cwd=ROOT, env=env, stderr=subprocess.PIPE
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == -signal.SIGKILL, err.decode()
    async with open_store(url) as fresh:
        assert (await fresh.load(ChatKey(-100, 7))).data == {"n": "last"}
        for n in (0, 19):
            assert (await fresh.load(ChatKey(-100, n))).data == {"n": n, "text": "ünïcode"}


async def test_sqlite_survives_sigkill(tmp_path):
    await killed_after_save(f"sqlite:///{tmp_path / 'kill.sqlite3'}")


@needs_pg
async def test_postgres_survives_sigkill(pg_url):
    await killed_after_save(pg_url)


# --- SQLite specifics ------------------------------------------------------------------


async def test_sqlite_reopen_keeps_data_and_schema(tmp_path):
    path = tmp_path / "deep" / "er" / "bot.sqlite3"  # parents are created
    url = f"sqlite:///{path}"
    async with open_store(url) as store:
        await store.save(ChatKey(1, 2), StoredState({"kept": "yes"}, T0))
    assert path.exists()
    assert path.stat().st_mode & 0o077 == 0  # personal data: owner only
    for _ in range(2):  # migrations are idempotent
        async with open_store(url) as store:
            assert await store.load(ChatKey(1, 2)) == StoredState({"kept": "yes"}, T0)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,), (2,)]
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        indexes = {row[1] for row in db.execute("PRAGMA index_list(conversations)")}
        assert {"conversations_user_id", "conversations_updated_at"} <= indexes


async def test_sqlite_pragmas(tmp_path):
    async with open_store(f"sqlite:///{tmp_path / 'p.sqlite3'}") as store:
        async with store._db.execute("PRAGMA synchronous") as cur:
            assert (await cur.fetchone())[0] == 2  # FULL
        async with store._db.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"


async def test_sqlite_loop_thread_connection_is_durable_and_never_waits(tmp_path):
    async with open_store(f"sqlite:///{tmp_path / 'f.sqlite3'}") as store:
        assert store._fast.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL, like the worker's
        assert store._fast.execute("PRAGMA busy_timeout").fetchone() == (0,)
    async with open_store("sqlite:///:memory:") as store:
        assert store._fast is None  # a second connection to :memory: would be another database


async def test_sqlite_saves_in_place_unless_busy(tmp_path, monkeypatch):
    async with open_store(f"sqlite:///{tmp_path / 'r.sqlite3'}") as store:
        in_place: list[str] = []
        real = store._in_place

        def spy(sql, params, *, fetch=False):  # noqa: ANN001, ANN202
            in_place.append("load" if fetch else "save")
            return real(sql, params, fetch=fetch)

        monkeypatch.setattr(store, "_in_place", spy)
        key = ChatKey(1, 1)
        await store.save(key, StoredState({"n": 1}, T0))  # idle: committed on the loop's thread
        store.busy = lambda: True  # others waiting: the fsync goes to the worker thread
        await store.save(key, StoredState({"n": 2}, T0))
        assert (await store.load(key)).data == {"n": 2}  # reads never wait: in place
        assert in_place == ["save", "load"]


async def test_sqlite_locked_file_waits_off_the_loop_then_writes(tmp_path):
    """While another connection holds the write lock, load and save still work:
    they wait on aiosqlite's thread (busy_timeout), and the loop stays free."""
    path = tmp_path / "locked.sqlite3"
    async with open_store(f"sqlite:///{path}") as store:
        await store.save(ChatKey(1, 1), StoredState({"n": 1}, T0))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another instance in the middle of a write
        other.execute("UPDATE conversations SET updated_at = updated_at")
        try:
            saving = asyncio.ensure_future(store.save(ChatKey(1, 1), StoredState({"n": 2}, T0)))
            ticks = 0
            while ticks < 5:  # the loop keeps running while the save waits for the lock
                await asyncio.sleep(0.01)
                ticks += 1
            assert not saving.done()
            assert (await store.load(ChatKey(1, 1))).data == {"n": 1}  # WAL: reads are not blocked
        finally:
            other.execute("COMMIT")
            other.close()
        await asyncio.wait_for(saving, 10)
        assert (await store.load(ChatKey(1, 1))).data == {"n": 2}


async def test_sqlite_two_stores_open_one_file_at_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    a, b = open_store(url), open_store(url)
    await asyncio.gather(a.open(), b.open())
    try:
        await a.save(ChatKey(1, 1), StoredState({"from": "a"}, T0))
        assert (await b.load(ChatKey(1, 1))).data == {"from": "a"}
    finally:
        await a.close()
        await b.close()


async def test_sqlite_newer_schema_is_a_warning(tmp_path, caplog):
    path = tmp_path / "future.sqlite3"
    async with open_store(f"sqlite:///{path}"):
        pass
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version VALUES (99, 'later')")
    with caplog.at_level(logging.WARNING, logger="conversations.store"):
        async with open_store(f"sqlite:///{path}") as store:
            await store.save(ChatKey(1, 1), StoredState({}, T0))
    assert "schema version 99" in caplog.text


async def test_sqlite_relative_url(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = open_store("sqlite:///data/rel.sqlite3")
    monkeypatch.chdir("/")  # resolved when the URL was read
    async with store:
        await store.save(ChatKey(1, 1), StoredState({}, T0))
    assert (tmp_path / "data" / "rel.sqlite3").exists()


# --- PostgreSQL specifics ----------------------------------------------------------------


@needs_pg
async def test_postgres_reopen_and_concurrent_migration(pg_url, caplog):
    stores = [open_store(pg_url) for _ in range(3)]
    with caplog.at_level(logging.DEBUG):
        await asyncio.gather(*(s.open() for s in stores))  # three instances start together
    try:
        await stores[0].save(ChatKey(1, 2), StoredState({"kept": "yes"}, T0))
        assert await stores[2].load(ChatKey(1, 2)) == StoredState({"kept": "yes"}, T0)
        async with stores[0]._pool.acquire() as conn:
            versions = await conn.fetch(f"SELECT version FROM {stores[0]._prefix}schema_version")
        assert [r["version"] for r in versions] == [1, 2]
    finally:
        for s in stores:
            await s.close()
    async with open_store(pg_url) as again:
        assert (await again.load(ChatKey(1, 2))).data == {"kept": "yes"}
    password = urlsplit(PG_URL).password
    if password:
        assert password not in caplog.text
        assert password not in repr(again)


# --- open_store ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, path",
    [
        ("sqlite:///relative/x.sqlite3", str(Path.cwd() / "relative/x.sqlite3")),
        ("sqlite:////abs/olute/x.sqlite3", "/abs/olute/x.sqlite3"),
        ("sqlite://:memory:", ":memory:"),
        ("sqlite:///:memory:", ":memory:"),
        ("SQLite:////x.db", "/x.db"),
    ],
)
def test_open_store_sqlite_forms(url, path):
    store = open_store(url)
    assert isinstance(store, SQLiteStore)
    assert str(store.path) == path


def test_open_store_memory_and_postgres_forms():
    assert isinstance(open_store("memory://"), MemoryStore)
    assert open_store("memory://") is not open_store("memory://")
    for url in ("postgresql://u:p@h:5432/db", "postgres://u:p@h/db", "postgresql+asyncpg://u@h/db"):
        assert isinstance(open_store(url), PostgresStore)
    store = open_store("postgresql://u:p@h/db?sslmode=disable&schema=bot_state")
    assert store.schema == "bot_state"
    assert store._dsn == "postgresql://u:p@h/db?sslmode=disable"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://root:hunter2@db/x",
        "hunter2",
        "redis://:hunter2@localhost/0",
        "sqlite://relative.db",
        "sqlite:///",
        "sqlite:///dir/",
        "sqlite:///x.db?mode=ro",
        "memory://something",
        "postgresql://u:hunter2@h/db?schema=bad-name;drop",
    ],
)
def test_open_store_rejects_unknown_urls_without_leaking(url):
    with pytest.raises(ValueError) as info:
        open_store(url)
    assert "hunter2" not in str(info.value)


def test_open_store_without_asyncpg(monkeypatch):
    monkeypatch.setitem(sys.modules, "asyncpg", None)  # makes `import asyncpg` fail
    with pytest.raises(ImportError, match="asyncpg"):
        open_store("postgresql://u:p@h/db")


def test_redact_url():
    assert redact_url("postgresql://bot:s3cr%40t@db:5432/x?sslmode=require") == (
        "postgresql://bot:***@db:5432/x?sslmode=require"
    )
    assert redact_url("postgresql://bot@db/x") == "postgresql://bot@db/x"
    assert redact_url("sqlite:///a.db") == "sqlite:///a.db"
    assert "pw" not in repr(open_store("postgresql://u:pw@h/db"))


# --- reminders (schema version 2), on every backend ----------------------------------------

from conversations.api import NewReminder  # noqa: E402
from conversations.store import postgres as pg_module  # noqa: E402
from conversations.store import sqlite as sqlite_module  # noqa: E402

DEADLINE = dt.date(2025, 5, 1)


def reminder(kind="30d", *, chat=100, user=100, deadline=DEADLINE, at=None, locale="en", payload=None):
    days = int(kind.rstrip("d"))
    at = at or dt.datetime.combine(deadline - dt.timedelta(days=days), dt.time(15), tzinfo=UTC)
    return NewReminder(chat, user, deadline, at, kind, locale, {"amount": "1234.50"} if payload is None else payload)


async def test_reminders_add_is_idempotent(store):
    pair = [reminder("30d"), reminder("7d")]
    ids = await store.add_reminders(pair, T0)
    assert len(set(ids)) == 2
    assert await store.add_reminders(pair, T0) == ids  # tapped "remind me" twice
    assert await store.add_reminders(pair[::-1], T0) == ids[::-1]
    assert await store.add_reminders([pair[0], pair[0]], T0) == [ids[0], ids[0]]  # a repeat in one call
    assert await store.add_reminders([], T0) == []
    listed = await store.list_reminders(100)
    assert [(r.id, r.kind) for r in listed] == [(ids[0], "30d"), (ids[1], "7d")]
    r = listed[0]
    assert (r.chat_id, r.user_id, r.deadline, r.locale, r.payload) == (100, 100, DEADLINE, "en", {"amount": "1234.50"})
    assert r.remind_at == dt.datetime(2025, 4, 1, 15, tzinfo=UTC) and r.remind_at.tzinfo == UTC
    assert r.created_at == T0 and r.sent_at is None and not r.cancelled
    # Another deadline, chat or person is another reminder.
    others = [reminder("30d", deadline=DEADLINE + dt.timedelta(days=1)), reminder("30d", chat=-5), reminder("30d", user=7)]
    assert not set(await store.add_reminders(others, T0)) & set(ids)


async def test_reminders_repeat_updates_unsent_and_rearms_cancelled(store):
    (rid,) = await store.add_reminders([reminder("7d")], T0)
    assert await store.cancel_reminder(100, rid)
    assert await store.list_reminders(100) == []
    later = dt.datetime(2025, 4, 25, 9, tzinfo=UTC)
    assert await store.add_reminders([reminder("7d", at=later, locale="es", payload={"amount": "10"})], T0) == [rid]
    (r,) = await store.list_reminders(100)
    assert (r.id, r.remind_at, r.locale, r.payload, r.cancelled) == (rid, later, "es", {"amount": "10"}, False)


async def test_reminders_sent_one_is_not_rearmed(store):
    (rid,) = await store.add_reminders([reminder("30d")], T0)
    assert await store.claim_reminder(rid, T0)
    assert await store.add_reminders([reminder("30d", locale="es")], T0) == [rid]
    assert await store.list_reminders(100) == []
    assert await store.due_reminders(dt.datetime(2030, 1, 1, tzinfo=UTC)) == []
    assert not await store.claim_reminder(rid, T0)


async def test_reminders_due_order_and_limit(store):
    ids = await store.add_reminders(
        [reminder("7d"), reminder("30d"), reminder("30d", user=5, chat=5), reminder("1d", user=6, chat=6)], T0
    )
    at_30d = dt.datetime(2025, 4, 1, 15, tzinfo=UTC)
    assert await store.due_reminders(at_30d - dt.timedelta(microseconds=1)) == []
    due = await store.due_reminders(at_30d)  # remind_at <= now
    assert [r.id for r in due] == [ids[1], ids[2]]  # same time: by id
    assert [r.id for r in await store.due_reminders(at_30d, limit=1)] == [ids[1]]
    everything = await store.due_reminders(dt.datetime(2026, 1, 1, tzinfo=UTC), limit=10)
    assert [r.kind for r in everything] == ["30d", "30d", "7d", "1d"]
    # A naive `now` is UTC; another zone compares by instant.
    assert len(await store.due_reminders(at_30d.replace(tzinfo=None))) == 2
    assert len(await store.due_reminders(at_30d.astimezone(dt.timezone(dt.timedelta(hours=-4))))) == 2
    with pytest.raises(ValueError):
        await store.due_reminders(at_30d, limit=0)


async def test_reminders_claim_exactly_once(store):
    (rid,) = await store.add_reminders([reminder("30d")], T0)
    now = dt.datetime(2025, 4, 1, 15, 0, 1, tzinfo=UTC)
    results = await asyncio.gather(*(store.claim_reminder(rid, now) for _ in range(20)))
    assert results.count(True) == 1
    assert await store.due_reminders(now) == []
    assert await store.list_reminders(100) == []
    assert not await store.claim_reminder(rid, now)
    assert not await store.claim_reminder(999_999, now)  # no such reminder


async def test_reminders_release(store):
    (rid,) = await store.add_reminders([reminder("30d")], T0)
    now = dt.datetime(2025, 4, 1, 15, 0, 1, 250, tzinfo=UTC)
    assert await store.claim_reminder(rid, now)
    assert not await store.release_reminder(rid, now + dt.timedelta(microseconds=1))  # not that claim
    assert await store.release_reminder(rid, now)
    assert [r.id for r in await store.due_reminders(now)] == [rid]
    assert not await store.release_reminder(rid, now)  # nothing to release
    assert await store.claim_reminder(rid, now)


async def test_reminders_cancel_by_owner_only(store):
    mine = await store.add_reminders([reminder("30d"), reminder("7d"), reminder("30d", chat=-1001)], T0)
    (theirs,) = await store.add_reminders([reminder("30d", user=200, chat=200)], T0)
    assert not await store.cancel_reminder(200, mine[0])  # not their reminder
    assert not await store.cancel_reminder(100, theirs)
    assert not await store.cancel_reminder(100, 999_999)
    assert await store.cancel_reminder(100, mine[0])
    assert not await store.cancel_reminder(100, mine[0])  # already cancelled
    assert [r.id for r in await store.list_reminders(100)] == [mine[2], mine[1]]
    assert [r.id for r in await store.list_reminders(100, chat_id=100)] == [mine[1]]
    assert [r.id for r in await store.list_reminders(100, chat_id=-1001)] == [mine[2]]
    assert not await store.claim_reminder(mine[0], T0)  # a cancelled one is never sent
    assert await store.cancel_all_reminders(100) == 2
    assert await store.cancel_all_reminders(100) == 0
    assert await store.list_reminders(100) == []
    assert [r.id for r in await store.list_reminders(200)] == [theirs]
    assert [r.id for r in await store.due_reminders(dt.datetime(2026, 1, 1, tzinfo=UTC))] == [theirs]


async def test_forget_user_removes_reminders_too(store):
    await store.save(ChatKey(100, 100), StoredState({"who": "alice"}, T0))
    await store.save(ChatKey(-1001, 100), StoredState({"who": "alice"}, T0))
    await store.save(ChatKey(-1001, 200), StoredState({"who": "bob"}, T0))
    mine = await store.add_reminders([reminder("30d"), reminder("7d"), reminder("7d", chat=-1001)], T0)
    await store.claim_reminder(mine[0], T0)  # sent ones go too
    (bobs,) = await store.add_reminders([reminder("30d", user=200, chat=-1001)], T0)
    assert await store.forget_user(100) == 2 + 3
    assert await store.load(ChatKey(100, 100)) is None
    assert await store.list_reminders(100) == []
    assert not await store.claim_reminder(mine[1], T0)
    assert (await store.load(ChatKey(-1001, 200))).data == {"who": "bob"}
    assert [r.id for r in await store.list_reminders(200)] == [bobs]
    assert await store.forget_user(100) == 0


async def test_purge_reminders_sent_before(store):
    sent_old, sent_new, pending, cancelled, expired = await store.add_reminders(
        [
            reminder("30d"),
            reminder("7d"),
            reminder("1d"),
            reminder("30d", user=2, chat=2),
            reminder("30d", user=3, chat=3, deadline=dt.date(2025, 3, 1)),  # never sent, deadline gone
        ],
        T0,
    )
    await store.claim_reminder(sent_old, T0 - dt.timedelta(days=8))
    await store.claim_reminder(sent_new, T0 - dt.timedelta(days=6))
    await store.cancel_reminder(2, cancelled)
    await store.save(ChatKey(1, 1), StoredState({}, T0 - dt.timedelta(days=400)))
    cutoff = T0 - dt.timedelta(days=7)  # 2025-02-22: the cancelled one was created at T0, after it
    assert await store.purge_reminders_sent_before(cutoff) == 1  # sent_old only
    assert await store.purge_reminders_sent_before(T0 + dt.timedelta(days=1)) == 3  # sent_new, cancelled, expired
    assert [r.id for r in await store.list_reminders(100)] == [pending]
    assert await store.load(ChatKey(1, 1)) is not None  # conversations are purge_older_than's
    assert await store.purge_older_than(T0) == 1
    assert [r.id for r in await store.list_reminders(100)] == [pending]  # and that leaves reminders


async def test_cancel_blanks_the_amount(store):
    (rid,) = await store.add_reminders([reminder("30d")], T0)
    await store.cancel_reminder(100, rid)
    if isinstance(store, MemoryStore):
        payload = store._reminders[rid]["payload"]
    elif isinstance(store, SQLiteStore):
        async with store._db.execute("SELECT payload FROM reminders WHERE id = ?", (rid,)) as cur:
            payload = (await cur.fetchone())[0]
    else:
        payload = await store._pool.fetchval(f"SELECT payload FROM {store._prefix}reminders WHERE id = $1", rid)
    assert json.loads(payload) == {}


@pytest.mark.parametrize(
    "bad, error",
    [
        (dict(deadline=dt.datetime(2025, 5, 1)), TypeError),
        (dict(kind=""), ValueError),
        (dict(kind="x" * 17), ValueError),
        (dict(payload={"x": math.nan}), ValueError),
        (dict(payload={"x": "y" * 5000}), ValueError),
        (dict(locale="x" * 40), ValueError),
    ],
)
async def test_bad_reminder_writes_nothing(store, bad, error):
    good = reminder("30d")
    fields = {f: getattr(good, f) for f in ("chat_id", "user_id", "deadline", "remind_at", "kind", "locale", "payload")}
    fields.update(bad)
    with pytest.raises(error):
        await store.add_reminders([reminder("7d"), NewReminder(**fields)], T0)
    assert await store.list_reminders(100) == []


async def test_unreadable_reminder_payload_reads_as_empty(store, caplog):
    (rid,) = await store.add_reminders([reminder("30d")], T0)
    if isinstance(store, MemoryStore):
        store._reminders[rid]["payload"] = "not json 1234.50"
    elif isinstance(store, SQLiteStore):
        await store._db.execute("UPDATE reminders SET payload = 'not json 1234.50' WHERE id = ?", (rid,))
    else:
        await store._pool.execute(f"UPDATE {store._prefix}reminders SET payload = 'not json 1234.50' WHERE id = $1", rid)
    with caplog.at_level(logging.WARNING, logger="conversations.store"):
        (r,) = await store.list_reminders(100)
    assert r.payload == {} and r.id == rid
    assert "1234" not in caplog.text and f"reminder {rid}" in caplog.text


async def test_reminders_closed_store_refuses(store_url):
    store = open_store(store_url)
    with pytest.raises(StoreClosedError):
        await store.add_reminders([reminder("30d")], T0)
    with pytest.raises(StoreClosedError):
        await store.due_reminders(T0)


# --- two instances on one database: each reminder claimed once -------------------------------


async def claim_race(a, b) -> None:
    ids = await a.add_reminders([reminder(f"{d}d", chat=c, user=c) for d in (30, 7) for c in range(1, 26)], T0)
    now = dt.datetime(2030, 1, 1, tzinfo=UTC)
    due_a, due_b = await asyncio.gather(a.due_reminders(now, 1000), b.due_reminders(now, 1000))
    assert {r.id for r in due_a} == {r.id for r in due_b} == set(ids)
    wins = await asyncio.gather(
        *(s.claim_reminder(r.id, now) for r in due_a for s in (a, b, a, b))
    )
    assert sum(wins) == len(ids)  # one winner per reminder, whichever instance it was
    assert await a.due_reminders(now) == [] and await b.due_reminders(now) == []


async def test_sqlite_two_instances_claim_each_reminder_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
    async with open_store(url) as a, open_store(url) as b:
        await claim_race(a, b)


@needs_pg
async def test_postgres_two_instances_claim_each_reminder_once(pg_url):
    async with open_store(pg_url) as a, open_store(pg_url) as b:
        await claim_race(a, b)


# --- restart and upgrade ---------------------------------------------------------------------


async def test_sqlite_reminders_survive_reopen(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    async with open_store(url) as store:
        ids = await store.add_reminders([reminder("30d"), reminder("7d")], T0)
        assert await store.claim_reminder(ids[0], T0)
    async with open_store(url) as store:  # the bot restarted
        assert [r.id for r in await store.list_reminders(100)] == [ids[1]]
        assert not await store.claim_reminder(ids[0], T0)  # still sent: not sent again
        assert await store.add_reminders([reminder("30d"), reminder("7d")], T0) == ids
        (new,) = await store.add_reminders([reminder("1d")], T0)
        assert new > max(ids)


@needs_pg
async def test_postgres_reminders_survive_reopen(pg_url):
    async with open_store(pg_url) as store:
        ids = await store.add_reminders([reminder("30d"), reminder("7d")], T0)
        assert await store.claim_reminder(ids[0], T0)
    async with open_store(pg_url) as store:
        assert [r.id for r in await store.list_reminders(100)] == [ids[1]]
        assert not await store.claim_reminder(ids[0], T0)


async def test_sqlite_upgrades_a_version_1_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'v1.sqlite3'}"
    with monkeypatch.context() as m:
        m.setattr(sqlite_module, "MIGRATIONS", sqlite_module.MIGRATIONS[:1])
        async with open_store(url) as old:
            await old.save(ChatKey(1, 2), StoredState({"kept": "yes"}, T0))
    async with open_store(url) as store:
        assert (await store.load(ChatKey(1, 2))).data == {"kept": "yes"}
        assert len(await store.add_reminders([reminder("30d")], T0)) == 1
    with sqlite3.connect(tmp_path / "v1.sqlite3") as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(1,), (2,)]


@needs_pg
async def test_postgres_upgrades_a_version_1_database(pg_url, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(pg_module, "MIGRATIONS", pg_module.MIGRATIONS[:1])
        async with open_store(pg_url) as old:
            await old.save(ChatKey(1, 2), StoredState({"kept": "yes"}, T0))
    async with open_store(pg_url) as store:
        assert (await store.load(ChatKey(1, 2))).data == {"kept": "yes"}
        assert len(await store.add_reminders([reminder("30d")], T0)) == 1
