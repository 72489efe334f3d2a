"""Background jobs (bot/jobs.py) with the real Application: due reminders and the retention purge.

The clock is injected (`start_bot(clock=...)`) and rounds are run with
``jobs.run_once()``: the loop's own interval is a day here, so nothing depends
on timing. Reminders are made with `ReminderService.offer` over the store the
bot uses, as the "⏰ Remind me" button does.
"""

from __future__ import annotations

import datetime as dt

from botapi_stub import BotAPIStub

from conversations.api import ChatKey
from conversations.reminders import ReminderService

ME = 6101
ELENA = 6102  # speaks Spanish
BLOCKER = 6103  # blocked the bot
FLAKY = 6104  # the first send fails with a server error

T0 = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
DEADLINE = dt.date(2026, 4, 20)  # reminders: Mar 21 (30 days before) and Apr 13 (7 days before), 15:00 UTC
AFTER_FIRST = dt.datetime(2026, 3, 22, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def _quiet(bot_settings):  # noqa: ANN001, ANN202
    """Settings whose loop waits a day between rounds: only the start-up round and run_once() run."""
    return bot_settings.model_copy(update={"bot_reminder_interval_seconds": 86400})


def _jobs(bot):  # noqa: ANN001, ANN202
    return bot.application.bot_data["jobs"]


def _reminders_to(stub: BotAPIStub, chat_id: int, after: int = 0) -> list:
    """The reminders that reached `chat_id` (sendMessage answered 200)."""
    return stub.find(
        "sendMessage",
        lambda c: c.int("chat_id") == chat_id and c.status == 200 and "⏰" in c.params.get("text", ""),
        after=after,
    )


async def test_due_reminder_after_a_restart_is_sent_exactly_once(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    clock = Clock(T0)
    settings = _quiet(bot_settings)
    bot = await start_bot(clock=clock, settings=settings)
    service = ReminderService(bot.store, clock=clock)
    offer = await service.offer(ChatKey(ME, ME), DEADLINE, "15000", "en")
    assert [r.kind for r in offer.reminders] == ["30d", "7d"]
    offer_es = await service.offer(ChatKey(ELENA, ELENA), DEADLINE, "15000", "es")
    assert len(offer_es.reminders) == 2
    assert (await _jobs(bot).run_once()).sent == 0  # nothing due yet
    assert not _reminders_to(stub, ME) and not _reminders_to(stub, ELENA)

    await bot.stop()
    clock.now = AFTER_FIRST  # the 30-day reminders are due, the 7-day ones not yet
    bot = await start_bot(clock=clock, settings=settings)  # a new Application over the same database
    jobs = _jobs(bot)
    await jobs.run_once()
    await jobs.run_once()
    first = await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ME)
    assert "⏰ Reminder" in first.params["text"] and "$15,000.00" in first.params["text"]
    assert "Apr 20, 2026" in first.params["text"]
    spanish = await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ELENA)
    assert "Recordatorio" in spanish.params["text"]  # the reminder's own locale
    assert "$15,000.00" in spanish.params["text"]  # es_US
    await jobs.run_once()  # and once more: still nothing new
    assert len(_reminders_to(stub, ME)) == 1
    assert len(_reminders_to(stub, ELENA)) == 1
    # The 7-day reminders are still pending.
    assert [r.kind for r in await ReminderService(bot.store, clock=clock).list(ME)] == ["7d"]

    # Another restart later on: only the 7-day one goes out, once.
    await bot.stop()
    clock.now = dt.datetime(2026, 4, 14, 9, 0, tzinfo=dt.UTC)
    bot = await start_bot(clock=clock, settings=settings)
    await _jobs(bot).run_once()
    await _jobs(bot).run_once()
    await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ME and "6 days left" in c.params.get("text", ""))
    assert len(_reminders_to(stub, ME)) == 2


async def test_remind_me_button_then_restart_sends_once(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    """The whole path: a breakdown, "⏰ Remind me", a restart past the reminder's time, one message."""
    clock = Clock(T0)
    settings = _quiet(bot_settings)
    bot = await start_bot(clock=clock, settings=settings)
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    for answer in ("15000", "I left my job", "today", "45", "within the last 12 months", "22%", "skip"):
        stub.send_text(ME, ME, answer)
        [last] = await stub.next_messages(ME, 1)
    assert "Total: $4,800.00" in last.text
    stub.press_button(ME, ME, last.message_id, last.button("Remind me"))
    [offer] = await stub.next_messages(ME, 1, where=lambda m: "⏰" in m.text)
    assert "Sep 15, 2027" in offer.text  # 30 days before the Oct 15, 2027 deadline
    assert offer.document is not None  # the .ics

    await bot.stop()
    clock.now = dt.datetime(2027, 9, 20, 12, 0, tzinfo=dt.UTC)
    bot = await start_bot(clock=clock, settings=settings)
    await _jobs(bot).run_once()
    await _jobs(bot).run_once()
    await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ME and "⏰ Reminder" in c.params.get("text", ""))
    reminders = [c for c in _reminders_to(stub, ME) if "⏰ Reminder" in c.params["text"]]
    assert len(reminders) == 1
    assert "$15,000.00" in reminders[0].params["text"] and "Oct 15, 2027" in reminders[0].params["text"]


async def test_the_estimated_payment_reminder_through_telegram(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    """The breakdown's other date: an offset in March is in the April 15 installment; one tap sets both series,
    in one message with one calendar file, and the payment's reminder comes on its own day."""
    clock = Clock(T0)
    settings = _quiet(bot_settings)
    bot = await start_bot(clock=clock, settings=settings)
    stub.send_command(ME, ME, "estimate", "15000 45 left 22%")
    [breakdown] = await stub.next_messages(ME, 1)
    assert "(pay by Apr 15, 2026)" in breakdown.text
    stub.press_button(ME, ME, breakdown.message_id, breakdown.button("Remind me before the deadline"))
    [offer] = await stub.next_messages(ME, 1, where=lambda m: "⏰" in m.text)
    assert "before your Oct 15, 2027 deadline" in offer.text
    assert "And on Mar 16, 2026 and Apr 8, 2026, to pay the tax by Apr 15, 2026" in offer.text
    assert offer.document is not None

    await bot.stop()
    clock.now = dt.datetime(2026, 4, 9, 12, 0, tzinfo=dt.UTC)  # the 7-day one is due (the 30-day one retired)
    bot = await start_bot(clock=clock, settings=settings)
    await _jobs(bot).run_once()
    await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ME and "⏰ Reminder" in c.params.get("text", ""))
    [reminder] = [c for c in _reminders_to(stub, ME) if "⏰ Reminder" in c.params["text"]]
    assert reminder.params["text"].startswith(
        "⏰ Reminder: pay the $4,800.00 of federal tax on your 401(k) loan as an estimated tax payment by Apr 15, 2026 "
        "(6 days left)")


async def test_missed_payments_get_a_reminder_before_the_cure_period_ends(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    """Through Telegram: the missed-payment question, the cure deadline, its reminder and calendar file."""
    clock = Clock(T0)
    settings = _quiet(bot_settings)
    bot = await start_bot(clock=clock, settings=settings)
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    stub.send_text(ME, ME, "15000")
    [event] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, event.message_id, event.button("I missed payments"))
    [missed] = await stub.next_messages(ME, 1)
    assert "When was the first loan payment you missed due?" in missed.text
    for answer in ("2/15/2026", "45", "22%", "skip"):
        stub.send_text(ME, ME, answer)
        [last] = await stub.next_messages(ME, 1)
    assert "✅ Avoid it all: make up the missed loan payments by Jun 30, 2026" in last.text
    stub.press_button(ME, ME, last.message_id, last.button("Remind me"))
    [offer] = await stub.next_messages(ME, 1, where=lambda m: "⏰" in m.text)
    assert "May 31, 2026" in offer.text and "Jun 23, 2026" in offer.text  # 30 and 7 days before Jun 30
    assert offer.document is not None

    await bot.stop()
    clock.now = dt.datetime(2026, 6, 24, 12, 0, tzinfo=dt.UTC)
    bot = await start_bot(clock=clock, settings=settings)
    await _jobs(bot).run_once()
    await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ME and "⏰ Reminder" in c.params.get("text", ""))
    [reminder] = [c for c in _reminders_to(stub, ME) if "⏰ Reminder" in c.params["text"]]
    assert "make up your missed 401(k) loan payments by Jun 30, 2026" in reminder.params["text"]
    assert "$" not in reminder.params["text"]  # no amount: what is owed to the plan is not known


async def test_blocked_chat_is_not_retried_and_a_failed_send_is(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    clock = Clock(T0)
    bot = await start_bot(clock=clock, settings=_quiet(bot_settings))
    jobs = _jobs(bot)
    service = ReminderService(bot.store, clock=clock)
    await service.offer(ChatKey(BLOCKER, BLOCKER), DEADLINE, "15000", "en")
    await service.offer(ChatKey(FLAKY, FLAKY), DEADLINE, "15000", "en")
    await jobs.run_once()  # the start-up round, or an equivalent one: nothing is due yet

    blocked = stub.inject(
        "sendMessage",
        status=403,
        description="Forbidden: bot was blocked by the user",
        times=None,
        when=lambda c: c.int("chat_id") == BLOCKER,
    )
    stub.inject("sendMessage", status=500, description="Internal Server Error", when=lambda c: c.int("chat_id") == FLAKY)
    clock.now = AFTER_FIRST
    mark = stub.mark()
    assert (await jobs.run_once()).sent == 0
    assert blocked.used == 1
    assert len(stub.find("sendMessage", lambda c: c.int("chat_id") == FLAKY, after=mark)) == 1  # failed

    mark = stub.mark()
    assert (await jobs.run_once()).sent == 1  # the failed one is retried...
    assert len(_reminders_to(stub, FLAKY, after=mark)) == 1
    assert blocked.used == 1  # ...the blocked chat is not
    assert not stub.find("sendMessage", lambda c: c.int("chat_id") == BLOCKER, after=mark)
    assert (await jobs.run_once()).sent == 0
    assert blocked.used == 1

    # Nor after a restart: it stays marked as sent.
    await bot.stop()
    bot = await start_bot(clock=clock, settings=_quiet(bot_settings))
    await _jobs(bot).run_once()
    assert blocked.used == 1
    assert len(_reminders_to(stub, FLAKY)) == 1


async def test_chat_not_found_is_undeliverable(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    clock = Clock(T0)
    bot = await start_bot(clock=clock, settings=_quiet(bot_settings))
    await ReminderService(bot.store, clock=clock).offer(ChatKey(-100777, ME), DEADLINE, "15000", "en")
    gone = stub.inject("sendMessage", status=400, description="Bad Request: chat not found", times=None)
    clock.now = AFTER_FIRST
    await _jobs(bot).run_once()
    await _jobs(bot).run_once()
    assert gone.used == 1
    # In a group the reminder never carried the amount.
    assert "$" not in stub.find("sendMessage", lambda c: c.int("chat_id") == -100777)[0].params["text"]


async def test_purge_removes_old_conversations(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    clock = Clock(T0)
    settings = _quiet(bot_settings)
    bot = await start_bot(clock=clock, settings=settings)
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    assert await bot.store.load(ChatKey(ME, ME)) is not None
    await bot.stop()

    # 31 days later (retention: 30), a new bot over the same database.
    clock.now = T0 + dt.timedelta(days=31)
    bot = await start_bot(clock=clock, settings=settings)
    await _jobs(bot).run_once()  # the start-up round purges; this one waits for it or does it
    assert await bot.store.load(ChatKey(ME, ME)) is None

    # Someone who talks now is kept by the next daily purge.
    stub.send_command(ELENA, ELENA, "start")
    await stub.next_messages(ELENA, 1)
    assert (await _jobs(bot).run_once()).purged is None  # less than a day since the last purge
    clock.now += dt.timedelta(days=1)
    purged = (await _jobs(bot).run_once()).purged
    assert purged is not None and purged.conversations == 0
    assert await bot.store.load(ChatKey(ELENA, ELENA)) is not None


async def test_retention_setting_is_used(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    clock = Clock(T0)
    settings = _quiet(bot_settings).model_copy(update={"bot_retention_days": 3})
    bot = await start_bot(clock=clock, settings=settings)
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    await bot.stop()
    clock.now = T0 + dt.timedelta(days=4)
    bot = await start_bot(clock=clock, settings=settings)
    await _jobs(bot).run_once()
    assert await bot.store.load(ChatKey(ME, ME)) is None


async def test_the_loop_runs_at_start_and_stops_with_the_bot(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    clock = Clock(T0)
    bot = await start_bot(clock=clock, settings=_quiet(bot_settings))
    await ReminderService(bot.store, clock=clock).offer(ChatKey(ME, ME), DEADLINE, "15000", "en")
    await bot.stop()
    assert not _jobs(bot).running
    clock.now = AFTER_FIRST
    bot = await start_bot(clock=clock, settings=_quiet(bot_settings))
    assert _jobs(bot).running
    # No run_once here: the round at start-up sends it by itself.
    await stub.wait_for("sendMessage", lambda c: c.int("chat_id") == ME and "⏰" in c.params.get("text", ""))
    await bot.stop()
    assert not _jobs(bot).running
