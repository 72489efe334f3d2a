"""Privacy (issue #4): the /privacy text, /forget and the retention purge, on every store."""

from __future__ import annotations

import datetime as dt
import gettext

import pytest

from conversations.api import ChatKey, NewReminder, StoredState
from conversations.i18n import Texts, texts_for
from conversations.privacy import PurgeCounts, Retention, forget, privacy_text, purge

UTC = dt.UTC
NOW = dt.datetime(2025, 9, 1, 3, 0, tzinfo=UTC)
EN = texts_for("en")


@pytest.fixture
def store_url(every_store_url: str) -> str:
    return every_store_url  # `store` (conftest.py) opens each backend in turn


def reminder(user: int, chat: int, kind: str = "7d", deadline: dt.date = dt.date(2025, 10, 15)) -> NewReminder:
    at = dt.datetime.combine(deadline - dt.timedelta(days=int(kind[:-1])), dt.time(15), tzinfo=UTC)
    return NewReminder(chat, user, deadline, at, kind, "en", {"amount": "500"})


# --- /privacy --------------------------------------------------------------------------------


def test_privacy_text_defaults():
    text = privacy_text(EN)
    for needle in ("chat", "Telegram user id", "reminders", "30 days", "7 more days", "/forget", "logs"):
        assert needle in text, needle


def test_privacy_text_follows_the_retention():
    text = privacy_text(EN, Retention.days(conversations=90, reminders_after_sent=1))
    assert "90 days" in text and "1 more day " in text and "30 days" not in text
    assert "deleted 1 day after" in privacy_text(EN, 1)


def test_privacy_text_is_translated():
    class Marking(gettext.NullTranslations):
        def gettext(self, message):
            return f"«{message}»"

        def ngettext(self, singular, plural, n):
            return f"«{singular if n == 1 else plural}»"

    text = privacy_text(Texts("xx", "en_US", Marking()))
    assert all(line.startswith("«") and line.endswith("»") for line in text.splitlines() if line)
    assert "«• Conversations: deleted 30 days" in text  # numbers filled after translation


def test_retention_validation():
    with pytest.raises(ValueError):
        Retention(conversations=dt.timedelta(days=-1))
    with pytest.raises(ValueError):
        Retention(reminders_after_sent=7)  # days must be a timedelta
    assert Retention() == Retention.days(30, 7)


# --- /forget -------------------------------------------------------------------------------------


async def test_forget_removes_that_person_only(store):
    alice, bob = 100, 200
    for chat in (alice, -1001):
        await store.save(ChatKey(chat, alice), StoredState({"balance": "1"}, NOW))
    await store.save(ChatKey(-1001, bob), StoredState({"balance": "2"}, NOW))
    await store.save(ChatKey(alice, bob), StoredState({"balance": "3"}, NOW))  # chat id == her user id
    await store.add_reminders([reminder(alice, alice, "30d"), reminder(alice, alice), reminder(alice, -1001)], NOW)
    await store.add_reminders([reminder(bob, -1001), reminder(bob, alice)], NOW)

    assert await forget(store, alice) == 2 + 3
    assert await store.load(ChatKey(alice, alice)) is None
    assert await store.load(ChatKey(-1001, alice)) is None
    assert await store.list_reminders(alice) == []
    assert await store.load(ChatKey(-1001, bob)) is not None
    assert await store.load(ChatKey(alice, bob)) is not None
    assert len(await store.list_reminders(bob)) == 2
    assert await forget(store, alice) == 0


# --- purge ---------------------------------------------------------------------------------------


async def test_purge(store):
    days = dt.timedelta(days=1)
    await store.save(ChatKey(1, 1), StoredState({}, NOW - 31 * days))  # abandoned
    await store.save(ChatKey(2, 2), StoredState({}, NOW - 29 * days))
    old_sent, new_sent, pending = await store.add_reminders(
        [reminder(1, 1, "30d"), reminder(1, 1, "7d"), reminder(1, 1, "1d")], NOW - 40 * days
    )
    await store.claim_reminder(old_sent, NOW - 8 * days)
    await store.claim_reminder(new_sent, NOW - 6 * days)

    assert await purge(store, NOW) == PurgeCounts(conversations=1, reminders=1)
    assert await store.load(ChatKey(1, 1)) is None and await store.load(ChatKey(2, 2)) is not None
    assert [r.id for r in await store.list_reminders(1)] == [pending]
    assert await purge(store, NOW) == PurgeCounts()  # idempotent

    counts = await purge(store, NOW, Retention.days(conversations=28, reminders_after_sent=0))
    assert (counts.conversations, counts.reminders, counts.total) == (1, 1, 2)
    assert [r.id for r in await store.list_reminders(1)] == [pending]
    assert (await purge(store, NOW + 60 * days, 365)).reminders == 1  # its deadline has passed too


async def test_purge_keeps_a_conversation_touched_again(store):
    key = ChatKey(5, 5)
    await store.save(key, StoredState({"step": "a"}, NOW - dt.timedelta(days=45)))
    await store.save(key, StoredState({"step": "b"}, NOW - dt.timedelta(days=1)))
    assert (await purge(store, NOW)).conversations == 0
