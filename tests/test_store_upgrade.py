"""Issue #21: conversations and reminders saved by the release before the redesign continue after the upgrade.

The fixtures in tests/fixtures/ were written by that release's own code
(tests/fixtures/make_v1_fixtures.py, run against it): a SQLite file, and for
PostgreSQL the SQL of the tables and rows its store left. Each test opens one
with the current code and finishes the conversations through the
ConversationEngine, pressing the buttons of messages sent before the upgrade.
Nothing here reads the stored JSON: the state's format is the engine's to change.

The PostgreSQL case runs when TEST_POSTGRES_URL is set, in a schema of its own (conftest's `pg_url`).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PG_URL, needs_pg

from conversations import Button, ChatKey, Command, ConversationEngine, Reply, Text
from conversations.api import Reminder
from conversations.reminders import ReminderService
from conversations.store import open_store

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MANIFEST = json.loads((FIXTURES / "v1_manifest.json").read_text(encoding="utf-8"))
TODAY = dt.datetime.fromisoformat(MANIFEST["today"])
INTERVIEW, ESTIMATE, GROUP = (ChatKey(c["chat_id"], c["user_id"]) for c in MANIFEST["chats"])
OLD_BUTTONS = {ChatKey(c["chat_id"], c["user_id"]): c["buttons"] for c in MANIFEST["chats"]}


@pytest.fixture
def sqlite_v1(tmp_path: Path) -> str:
    copy = tmp_path / "v1_state.sqlite3"  # the committed file stays as the old release wrote it
    shutil.copyfile(FIXTURES / "v1_state.sqlite3", copy)
    return f"sqlite:///{copy}"


@pytest.fixture
async def postgres_v1(pg_url: str) -> str:
    """`pg_url`'s schema (dropped after the test) holding the old release's tables and rows."""
    import asyncpg

    (schema,) = parse_qs(urlsplit(pg_url).query)["schema"]
    conn = await asyncpg.connect(PG_URL)
    try:
        await conn.execute(f'CREATE SCHEMA "{schema}"')
        await conn.execute(f'SET search_path TO "{schema}"')
        await conn.execute((FIXTURES / "v1_state_postgres.sql").read_text(encoding="utf-8"))
    finally:
        await conn.close()
    return pg_url


class Chat:
    """One chat of the fixture, talking to the current engine."""

    def __init__(self, engine: ConversationEngine, key: ChatKey, locale: str = "en", chat_type: str = "private"):
        self.engine, self.key, self.locale, self.chat_type = engine, key, locale, chat_type
        self.last: list[Reply] = []

    async def send(self, what: str | Command | Button) -> str:
        incoming = Text(what) if isinstance(what, str) else what
        self.last = await self.engine.handle(
            self.key, incoming, locale=self.locale, chat_type=self.chat_type, bot_username="LoanOffsetBot"
        )
        assert self.last, "every message gets an answer"
        return "\n".join(r.text for r in self.last)

    async def press_old(self, label: str) -> str:
        """A button of a message the old release sent."""
        return await self.send(Button(OLD_BUTTONS[self.key][label]))

    async def tap(self, label_part: str) -> str:
        for choice in (c for reply in self.last for row in reply.choices for c in row):
            if label_part in choice.label:
                return await self.send(Button(choice.data))
        if label_part != "➕" and any("➕" in c.label for r in self.last for row in r.choices for c in row):
            await self.tap("➕")  # under a breakdown, the less likely what-ifs are behind "➕ More…" (issue 24)
            return await self.tap(label_part)
        raise AssertionError(f"no button with {label_part!r} in {self.last}")


async def finish_v1_conversations(url: str) -> None:
    store = open_store(url)
    await store.open()
    try:
        engine = ConversationEngine(store, clock=lambda: TODAY)
        await see_the_reminders(engine, store)
        await finish_the_interview(engine, store)
        await finish_the_what_ifs(engine)
        await finish_in_the_group(engine)
    finally:
        await store.close()


async def finish_the_interview(engine: ConversationEngine, store: object) -> None:
    """Balance, what happened, the offset's day and the age were given; "When did you leave?" is on screen."""
    chat = Chat(engine, INTERVIEW)
    assert "federal income tax rate" in await chat.press_old("Within the last 12 months")
    assert "Which state" in await chat.send("22")
    text = await chat.send("skip")
    assert "Federal income tax: $3,300.00" in text
    assert "10% early withdrawal tax: $1,500.00" in text
    assert "Total: $4,800.00" in text
    assert "deposit $15,000.00" in text and "Oct 15, 2027" in text
    # New reminders get new ids: the old ones (1-4) are never reused.
    await chat.tap("Remind me")
    assert "⏰ Done" in chat.last[0].text and chat.last[0].attachment is not None
    mine = await store.list_reminders(INTERVIEW.user_id)
    assert len(mine) == 4 and min(r.id for r in mine) > 4


async def finish_the_what_ifs(engine: ConversationEngine) -> None:
    """A one-line estimate; "Another tax rate" was tapped, so its rates are on screen, under the breakdown."""
    chat = Chat(engine, ESTIMATE)
    text = await chat.press_old("24%")
    assert "What if your federal rate is 24%" in text and "Federal income tax: $3,600.00" in text
    text = await chat.press_old("🔁 Roll over half")
    assert "What if you roll over half" in text
    assert "Rolled over: $7,500.00; taxable: $7,500.00" in text and "Federal income tax: $1,650.00" in text
    notes = await chat.press_old("📝 Why these numbers")
    assert "72(t)" in notes


async def see_the_reminders(engine: ConversationEngine, store: object) -> None:
    """The old "Remind me" made four: two before the rollover deadline, two before the estimated payment."""
    chat = Chat(engine, ESTIMATE)
    text = await chat.send(Command("reminders"))
    assert "Your reminders" in text and "Oct 15, 2027" in text and "for paying the tax by Apr 15, 2026" in text
    assert [r.id for r in await store.list_reminders(ESTIMATE.user_id)] == [3, 4, 1, 2]
    sent: list[tuple[Reminder, Reply]] = []

    async def deliver(reminder: Reminder, reply: Reply) -> None:
        sent.append((reminder, reply))

    on_the_day = ReminderService(store, clock=lambda: dt.datetime(2026, 3, 16, 15, tzinfo=dt.UTC))
    assert await on_the_day.send_due(deliver) == 1
    [(reminder, reply)] = sent
    assert (reminder.id, reminder.chat_id) == (3, ESTIMATE.chat_id)
    assert reply.text.startswith("⏰ Reminder: pay the $4,800.00 of federal tax on your 401(k) loan as an estimated")
    assert "Rolled it over already" in reply.text
    # The old "Remind me" again: the three unsent ones are re-armed, not doubled; the sent one stays sent.
    await chat.press_old("⏰ Remind me before the deadline")
    assert [r.id for r in await store.list_reminders(ESTIMATE.user_id)] == [4, 1, 2]
    assert "Cancelled 3 reminders." in await chat.send(Button("rmd:x:all"))


async def finish_in_the_group(engine: ConversationEngine) -> None:
    """In a group, in Spanish: the balance given, "What happened to the loan?" on screen."""
    chat = Chat(engine, GROUP, locale="es", chat_type="group")
    assert "¿Cuándo fue la compensación del préstamo" in await chat.press_old("Dejé mi trabajo")
    await chat.tap("Hoy")
    assert "¿Cuándo se fue?" in await chat.send("45")
    await chat.tap("En los últimos 12 meses")
    await chat.send("22")
    text = await chat.tap("Omitir")
    assert "Impuesto federal sobre los ingresos: $3,300.00" in text
    assert "Total: $4,800.00" in text


async def test_sqlite_database_of_the_release_before_the_redesign_continues(sqlite_v1: str) -> None:
    await finish_v1_conversations(sqlite_v1)


@needs_pg
async def test_postgres_database_of_the_release_before_the_redesign_continues(postgres_v1: str) -> None:
    await finish_v1_conversations(postgres_v1)
