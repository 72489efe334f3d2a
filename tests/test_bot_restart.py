"""Restarts: a clean one in-process, kill -9 and SIGTERM of `python -m bot`.

Every test runs twice: over SQLite (the default store) and over PostgreSQL
(``BOT_DATABASE_URL=postgresql://...?schema=<unique>``), the latter only when
TEST_POSTGRES_URL is set (`.ci/run` sets it; locally:
``export TEST_POSTGRES_URL=$(bash .ci/postgres.sh)``).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from botapi_stub import BotAPIStub

PG_URL = os.environ.get("TEST_POSTGRES_URL", "").strip()
needs_pg = pytest.mark.skipif(
    not PG_URL,
    reason="TEST_POSTGRES_URL is not set (start a server with: export TEST_POSTGRES_URL=$(bash .ci/postgres.sh))",
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_pg)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:  # overrides conftest's
    """The bot's store for this module's tests: a SQLite file, or a PostgreSQL schema of its own (`pg_url`)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.sqlite3'}"
    return request.getfixturevalue("pg_url")

ME = 777
GROUP, ANN = -1009876, 31


async def test_restart_mid_conversation_keeps_state_and_old_buttons(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    first = await start_bot()
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    stub.send_text(ME, ME, "15000")
    [event] = await stub.next_messages(ME, 1)
    await first.stop()
    assert stub.pending_updates == []  # a clean stop confirms what it fetched

    await start_bot()
    # A button of a message sent before the restart still works.
    stub.press_button(ME, ME, event.message_id, event.button("I left my job"))
    [offset] = await stub.next_messages(ME, 1)
    assert "When was the loan offset" in offset.text
    stub.send_text(ME, ME, "today")
    await stub.next_messages(ME, 1)
    stub.send_text(ME, ME, "45")
    [when] = await stub.next_messages(ME, 1)
    assert "When did you leave?" in when.text
    stub.press_button(ME, ME, when.message_id, when.button("Within"))
    [rate] = await stub.next_messages(ME, 1)
    stub.send_text(ME, ME, "22")
    [state] = await stub.next_messages(ME, 1)
    assert "Which state" in state.text
    stub.send_text(ME, ME, "skip")
    [breakdown] = await stub.next_messages(ME, 1)
    assert "Federal income tax: $3,300.00" in breakdown.text
    assert "10% early withdrawal tax: $1,500.00" in breakdown.text
    assert len(stub.find("setMyCommands", lambda c: "language_code" not in c.params)) == 2  # once per start


async def test_restart_in_a_group_keeps_button_ownership(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    first = await start_bot()
    msg = stub.send_command(GROUP, ANN, "start", "20000 48 left 24%", "supergroup")
    offset, _hint = await stub.next_messages(GROUP, 2, replying_to=msg)
    await first.stop()
    await start_bot()
    stub.press_button(GROUP, 99, offset.message_id, offset.button("Today"), "supergroup")
    refused = await stub.wait_for("answerCallbackQuery", lambda c: c.params.get("show_alert") == "true")
    assert "someone else" in refused.params["text"]
    stub.press_button(GROUP, ANN, offset.message_id, offset.button("Today"))
    when, _hint = await stub.next_messages(GROUP, 2, replying_to=msg)
    stub.press_button(GROUP, ANN, when.message_id, when.button("Within"))
    state, _ = await stub.next_messages(GROUP, 2, replying_to=msg)
    assert "Which state" in state.text


async def _kill_9(stub: BotAPIStub, proc) -> None:  # noqa: ANN001
    # The reply came after the state was saved; the update is confirmed once the
    # next getUpdates carries its offset (PTB asks again as soon as it has fetched).
    await stub.wait_confirmed()
    proc.signal(signal.SIGKILL)
    assert await proc.wait() == -signal.SIGKILL


async def _restart(stub: BotAPIStub, spawn_bot):  # noqa: ANN001, ANN202
    mark = stub.mark()
    proc = await spawn_bot()
    await stub.wait_for("setMyCommands", after=mark, timeout=30)
    return proc


async def test_kill_9_after_the_balance_and_after_the_event_then_continue(stub: BotAPIStub, spawn_bot) -> None:  # noqa: ANN001
    proc = await spawn_bot()
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1, timeout=30)
    stub.send_text(ME, ME, "15000")
    [event] = await stub.next_messages(ME, 1)
    assert "What happened to the loan?" in event.text
    await _kill_9(stub, proc)  # killed after the balance

    proc = await _restart(stub, spawn_bot)
    stub.press_button(ME, ME, event.message_id, event.button("I left my job"))
    [offset] = await stub.next_messages(ME, 1)
    assert "When was the loan offset" in offset.text
    stub.send_text(ME, ME, "today")
    [age] = await stub.next_messages(ME, 1)
    assert "How old" in age.text
    stub.send_text(ME, ME, "45")
    [when] = await stub.next_messages(ME, 1)
    assert "When did you leave?" in when.text
    await _kill_9(stub, proc)  # killed after the event

    await _restart(stub, spawn_bot)
    stub.press_button(ME, ME, when.message_id, when.button("Within"))
    [rate] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, rate.message_id, rate.button("22%"))
    [state] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, state.message_id, state.button("Skip"))
    [breakdown] = await stub.next_messages(ME, 1)
    # Nothing was lost or repeated across the kills: the answers from before each one count.
    assert "$15,000.00" in breakdown.text
    assert "Federal income tax: $3,300.00" in breakdown.text
    assert "10% early withdrawal tax: $1,500.00" in breakdown.text
    assert not stub.unread(ME)


async def test_sigterm_exits_0_and_setmycommands_at_startup(stub: BotAPIStub, spawn_bot) -> None:  # noqa: ANN001
    proc = await spawn_bot()
    call = await stub.wait_for("setMyCommands", lambda c: "language_code" not in c.params, timeout=30)
    assert [c["command"] for c in call.json("commands")] == ["start", "help", "back", "cancel", "estimate", "faq", "reminders", "privacy", "forget"]
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    await stub.wait_confirmed()
    proc.signal(signal.SIGTERM)
    assert await proc.wait() == 0, proc.output
    assert "Traceback" not in proc.output
