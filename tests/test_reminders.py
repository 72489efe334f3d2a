"""Reminders (issue #4): planning, the .ics file, texts, and `ReminderService` on every store.

The PostgreSQL cases run when TEST_POSTGRES_URL is set; each gets its own schema.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gettext
import logging
from decimal import Decimal

import pytest

from conversations.api import ChatKey, Reminder, StoredState
from conversations.i18n import Texts, texts_for
from conversations.reminders import ALL, CANCEL_PREFIX, ReminderService, ReminderUndeliverable, parse_cancel_button
from conversations.reminders.calendar import calendar_attachment, ics_for_deadline
from conversations.reminders.schedule import plan_reminders
from conversations.reminders.texts import reminder_text
from conversations.store import open_store

UTC = dt.UTC

DEADLINE = dt.date(2025, 6, 30)
ALICE = ChatKey(chat_id=100, user_id=100)  # a private chat: chat id == user id
EN = texts_for("en")


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


# --- stores ----------------------------------------------------------------------------


@pytest.fixture
def store_url(every_store_url: str) -> str:
    return every_store_url  # `store` (conftest.py) opens each backend in turn


# --- plan_reminders ------------------------------------------------------------------------


def test_plan_far_deadline():
    assert plan_reminders(DEADLINE, dt.date(2025, 4, 1)) == [
        ("30d", at(dt.date(2025, 5, 31))),
        ("7d", at(dt.date(2025, 6, 23))),
    ]


def test_plan_skips_past_and_same_day():
    assert plan_reminders(DEADLINE, dt.date(2025, 5, 30)) == [("30d", at(dt.date(2025, 5, 31))), ("7d", at(dt.date(2025, 6, 23)))]
    # 30 days before is today: the person has just seen the deadline.
    assert plan_reminders(DEADLINE, dt.date(2025, 5, 31)) == [("7d", at(dt.date(2025, 6, 23)))]
    assert plan_reminders(DEADLINE, dt.date(2025, 6, 20)) == [("7d", at(dt.date(2025, 6, 23)))]


@pytest.mark.parametrize(
    "days_left, expected",
    [
        (7, [("1d", dt.date(2025, 6, 29))]),  # 7 days before is today
        (3, [("1d", dt.date(2025, 6, 29))]),  # deadline in 3 days: the day before it
        (2, [("1d", dt.date(2025, 6, 29))]),
        (1, [("0d", dt.date(2025, 6, 30))]),  # deadline tomorrow: its morning
        (0, []),  # deadline today
        (-1, []),  # passed
        (-400, []),
    ],
)
def test_plan_close_or_passed_deadline(days_left, expected):
    today = DEADLINE - dt.timedelta(days=days_left)
    assert plan_reminders(DEADLINE, today) == [(kind, at(day)) for kind, day in expected]


def test_plan_options():
    today = dt.date(2025, 1, 1)
    assert plan_reminders(DEADLINE, today, offsets=(7, 30, 7, 1), send_hour_utc=0) == [
        ("30d", at(dt.date(2025, 5, 31), 0)),
        ("7d", at(dt.date(2025, 6, 23), 0)),
        ("1d", at(dt.date(2025, 6, 29), 0)),
    ]
    assert plan_reminders(DEADLINE, today, offsets=()) == [("1d", at(dt.date(2025, 6, 29)))]
    for bad in (dict(offsets=(-1,)), dict(send_hour_utc=24)):
        with pytest.raises(ValueError):
            plan_reminders(DEADLINE, today, **bad)
    with pytest.raises(TypeError):
        plan_reminders(at(DEADLINE), today)


def test_plan_across_year_end_and_leap_day():
    assert plan_reminders(dt.date(2024, 3, 7), dt.date(2024, 1, 2)) == [
        ("30d", at(dt.date(2024, 2, 6))),
        ("7d", at(dt.date(2024, 2, 29))),
    ]
    assert plan_reminders(dt.date(2026, 1, 5), dt.date(2025, 12, 1))[0] == ("30d", at(dt.date(2025, 12, 6)))


# --- the .ics file ----------------------------------------------------------------------------


def unfold(data: bytes) -> list[str]:
    """RFC 5545 section 3.1, strictly: CRLF only, each physical line at most 75 octets."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, line
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # a folded line never splits a character
    logical: list[bytes] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def unescape(text: str) -> str:
    out, chars = [], iter(text)
    for c in chars:
        if c == "\\":
            n = next(chars)
            out.append("\n" if n in "nN" else n)
        else:
            assert c not in ",;", f"unescaped {c!r} in TEXT"
            out.append(c)
    return "".join(out)


def parse_ics(data: bytes) -> dict:
    """A tiny parser: {'VCALENDAR': {...props, 'VEVENT': [{... 'VALARM': [...]}]}}."""
    stack: list[tuple[str, dict]] = [("ROOT", {})]
    for line in unfold(data):
        name_params, _, value = line.partition(":")
        name, *params = name_params.split(";")
        if name == "BEGIN":
            stack.append((value, {}))
        elif name == "END":
            kind, props = stack.pop()
            assert kind == value, f"END:{value} closes {kind}"
            stack[-1][1].setdefault(kind, []).append(props)
        else:
            stack[-1][1][name] = (value, tuple(params))
    assert len(stack) == 1
    (calendar,) = stack[0][1]["VCALENDAR"]
    return calendar


STAMP = dt.datetime(2025, 4, 2, 9, 8, 7, tzinfo=UTC)


def test_ics_event():
    data = ics_for_deadline(
        DEADLINE, Decimal("1234.5"), "Deposit {amount}", "By the deadline, deposit {amount}.", "100:100:x", now=STAMP
    )
    cal = parse_ics(data)
    assert cal["VERSION"] == ("2.0", ())
    assert cal["PRODID"][0]
    (event,) = cal["VEVENT"]
    assert event["DTSTART"] == ("20250630", ("VALUE=DATE",))
    assert event["DTEND"] == ("20250701", ("VALUE=DATE",))
    assert event["DTSTAMP"] == ("20250402T090807Z", ())
    assert unescape(event["SUMMARY"][0]) == "Deposit $1,234.50"
    assert unescape(event["DESCRIPTION"][0]) == "By the deadline, deposit $1,234.50."
    assert [(a["TRIGGER"][0], a["ACTION"][0]) for a in event["VALARM"]] == [("-P30D", "DISPLAY"), ("-P7D", "DISPLAY")]
    assert all("DESCRIPTION" in a for a in event["VALARM"])  # required for DISPLAY
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_ics_uid_is_stable_and_private():
    make = lambda seed, **kw: parse_ics(ics_for_deadline(DEADLINE, None, "s", "d", seed, **kw))["VEVENT"][0]["UID"][0]
    uid = make("100:100:2025-06-30")
    assert uid == make("100:100:2025-06-30", now=STAMP)  # same seed, another day: same event
    assert uid != make("100:101:2025-06-30")
    assert "100" not in uid.partition("@")[0] or len(uid.partition("@")[0]) == 32
    assert uid.endswith("@loan-offset-bot")


def test_ics_escaping_and_folding():
    nasty = "a,b;c\\d\ne\r\nf\rg — 💸 " + "ünïcödé 401(k) " * 12 + "\x00\x07end"
    data = ics_for_deadline(DEADLINE, "$5", nasty, nasty * 3, "seed", now=STAMP)
    (event,) = parse_ics(data)["VEVENT"]
    expected = "a,b;c\\d\ne\nf\ng — 💸 " + "ünïcödé 401(k) " * 12 + "end"
    assert unescape(event["SUMMARY"][0]) == expected
    assert unescape(event["DESCRIPTION"][0]) == expected * 3
    assert max(len(line) for line in data.split(b"\r\n")) == 75  # long lines are folded, to the limit
    assert data.count(b"\r\n ") > 5


def test_ics_year_end():
    (event,) = parse_ics(ics_for_deadline(dt.date(2025, 12, 31), None, "s", "d", "x"))["VEVENT"]
    assert event["DTEND"] == ("20260101", ("VALUE=DATE",))


def test_calendar_attachment():
    a = calendar_attachment(EN, ALICE, DEADLINE, Decimal("3300"), now=STAMP)
    assert (a.filename, a.mime_type) == ("rollover-deadline-2025-06-30.ics", "text/calendar")
    (event,) = parse_ics(a.content)["VEVENT"]
    assert "$3,300.00" in unescape(event["SUMMARY"][0])
    assert "Jun 30, 2025" in unescape(event["DESCRIPTION"][0])
    group = calendar_attachment(EN, ChatKey(-1001, 100), DEADLINE, None, now=STAMP)
    assert b"$" not in group.content
    spanish = calendar_attachment(texts_for("es"), ALICE, DEADLINE, Decimal("3300"), now=STAMP)
    assert "$3,300.00" in unescape(parse_ics(spanish.content)["VEVENT"][0]["SUMMARY"][0])


# --- texts ------------------------------------------------------------------------------------


class Marking(gettext.NullTranslations):
    """Wraps every translated string in «», so a test can see what went through gettext."""

    def gettext(self, message):
        return f"«{message}»"

    def ngettext(self, singular, plural, n):
        return f"«{singular if n == 1 else plural}»"


def stored(kind="7d", payload=None, deadline=DEADLINE, chat=100, user=100, rid=1) -> Reminder:
    return Reminder(
        id=rid,
        chat_id=chat,
        user_id=user,
        deadline=deadline,
        remind_at=at(deadline - dt.timedelta(days=7)),
        kind=kind,
        locale="en",
        payload={"amount": "1234.5"} if payload is None else payload,
        created_at=STAMP,
    )


def test_reminder_text():
    text = reminder_text(stored(), EN, DEADLINE - dt.timedelta(days=7))
    assert "$1,234.50" in text and "Jun 30, 2025" in text and "7 days left" in text and "/reminders" in text
    assert "1 day left" not in reminder_text(stored(), EN, DEADLINE - dt.timedelta(days=1))
    assert "tomorrow" in reminder_text(stored(), EN, DEADLINE - dt.timedelta(days=1))
    assert "today" in reminder_text(stored(), EN, DEADLINE)
    no_amount = reminder_text(stored(payload={}), EN, DEADLINE)
    assert "$" not in no_amount and "roll it over" in no_amount
    assert "$" not in reminder_text(stored(payload={"amount": "NaN"}), EN, DEADLINE)


def test_texts_go_through_the_translation_object():
    marked = Texts("xx", "en_US", Marking())
    text = reminder_text(stored(), marked, DEADLINE - dt.timedelta(days=7))
    assert text.startswith("«⏰ Reminder") and "«7 days left»" in text
    assert "$1,234.50" in text  # placeholders are filled after translation


def test_parse_cancel_button():
    assert parse_cancel_button(f"{CANCEL_PREFIX}42") == 42
    assert parse_cancel_button(f"{CANCEL_PREFIX}{ALL}") == ALL
    for other in ("rmd:x:", "rmd:x:-1", "rmd:x:4a", "rmd:x:١٢", "whatif:rate:22", "", None, "rmd:x:" + "9" * 20):
        assert parse_cancel_button(other) is None
    assert len(f"{CANCEL_PREFIX}{2**63 - 1}".encode()) <= 64


# --- ReminderService ----------------------------------------------------------------------------

OFFER_DAY = at(dt.date(2025, 4, 1), 18)  # the breakdown was on April 1st


def service(store, clock: Clock | None = None) -> ReminderService:
    return ReminderService(store, clock=clock or Clock(OFFER_DAY))


class Outbox:
    def __init__(self, fail: Exception | None = None) -> None:
        self.sent: list[tuple[Reminder, str]] = []
        self.fail = fail

    async def __call__(self, reminder, reply) -> None:
        if self.fail is not None:
            raise self.fail
        self.sent.append((reminder, reply.text))


async def test_offer_stores_reminders_once_and_sends_a_calendar(store):
    svc = service(store)
    offer = await svc.offer(ALICE, DEADLINE, Decimal("1234.50"), "en", distribution_type="qualified_plan_loan_offset")
    assert [(r.kind, r.remind_at) for r in offer.reminders] == [("30d", at(dt.date(2025, 5, 31))), ("7d", at(dt.date(2025, 6, 23)))]
    assert offer.reminders[0].payload == {"amount": "1234.50", "distribution_type": "qualified_plan_loan_offset"}
    assert "May 31, 2025 and Jun 23, 2025" in offer.reply.text and "/reminders" in offer.reply.text
    assert offer.reply.attachment.filename.endswith(".ics")
    assert parse_ics(offer.reply.attachment.content)["VEVENT"][0]["DTSTART"][0] == "20250630"
    again = await svc.offer(ALICE, DEADLINE, Decimal("1234.50"), "en")  # tapped twice
    assert [r.id for r in again.reminders] == [r.id for r in offer.reminders]
    assert len(await svc.list(ALICE.user_id)) == 2


async def test_offer_in_a_group_keeps_no_amount(store):
    svc = service(store)
    offer = await svc.offer(ChatKey(-100500, 100), DEADLINE, Decimal("1234.50"), "en")
    assert all("amount" not in r.payload for r in offer.reminders)
    assert b"1,234" not in offer.reply.attachment.content


async def test_offer_close_and_passed_deadlines(store):
    svc = service(store, Clock(at(dt.date(2025, 6, 27), 9)))
    close = await svc.offer(ALICE, DEADLINE, 100, "en")  # 3 days left
    assert [(r.kind, r.remind_at.date()) for r in close.reminders] == [("1d", dt.date(2025, 6, 29))]
    today = await service(store, Clock(at(DEADLINE, 9))).offer(ALICE, DEADLINE, 100, "en")
    assert today.reminders == [] and today.reply.attachment is not None and "today" in today.reply.text
    passed = await service(store, Clock(at(DEADLINE + dt.timedelta(days=1)))).offer(ALICE, DEADLINE, 100, "en")
    assert passed.reminders == [] and passed.reply.attachment is None and "passed" in passed.reply.text


async def test_send_due_sends_each_once(store):
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    await svc.offer(ALICE, DEADLINE, Decimal("1234.50"), "en")
    out = Outbox()
    assert await svc.send_due(out) == 0
    clock.now = at(dt.date(2025, 5, 31)) - dt.timedelta(seconds=1)
    assert await svc.send_due(out) == 0
    clock.now = at(dt.date(2025, 5, 31)) + dt.timedelta(seconds=30)
    assert await svc.send_due(out) == 1
    assert await svc.send_due(out) == 0  # the next tick: nothing again
    (reminder, text), = out.sent
    assert reminder.kind == "30d" and reminder.chat_id == ALICE.chat_id
    assert "$1,234.50" in text and "Jun 30, 2025" in text and "30 days left" in text
    clock.now = at(dt.date(2025, 6, 23), 16)
    assert await svc.send_due(out) == 1
    assert [r.kind for r, _ in out.sent] == ["30d", "7d"]
    assert await svc.list(ALICE.user_id) == []


async def test_due_and_claim(store):
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    await svc.offer(ALICE, DEADLINE, Decimal("10"), "en")
    clock.now = at(dt.date(2025, 6, 1))
    (due,) = await svc.due()
    assert due.kind == "30d"
    assert await svc.claim(due.id) and not await svc.claim(due.id)
    assert "$10.00" in svc.text(due)


async def test_concurrent_senders_send_each_once(store):
    """Several loops (or instances) racing on the same due reminders."""
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    for user in range(1, 11):
        await svc.offer(ChatKey(user, user), DEADLINE, 5, "en")
    clock.now = at(dt.date(2025, 7, 1) - dt.timedelta(days=30))  # 30d reminders due
    out = Outbox()
    counts = await asyncio.gather(*(service(store, clock).send_due(out) for _ in range(4)))
    assert sum(counts) == len(out.sent) == 10
    assert len({r.id for r, _ in out.sent}) == 10


async def test_two_instances_on_one_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    clock = Clock(OFFER_DAY)
    async with open_store(url) as a, open_store(url) as b:
        for user in range(1, 21):
            await service(a, clock).offer(ChatKey(user, user), DEADLINE, 5, "en")
        clock.now = at(dt.date(2025, 6, 24))  # both due: only the 7d one is sent
        out = Outbox()
        counts = await asyncio.gather(service(a, clock).send_due(out), service(b, clock).send_due(out))
        assert sum(counts) == 20 and sorted(r.user_id for r, _ in out.sent) == list(range(1, 21))
        assert {r.kind for r, _ in out.sent} == {"7d"}


async def test_reminders_survive_a_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.sqlite3'}"
    clock = Clock(OFFER_DAY)
    async with open_store(url) as store:
        await service(store, clock).offer(ALICE, DEADLINE, Decimal("77"), "es")
    clock.now = at(dt.date(2025, 5, 31), 16)
    out = Outbox()
    async with open_store(url) as store:  # a new process
        assert await service(store, clock).send_due(out) == 1
    async with open_store(url) as store:  # and another: not sent twice
        assert await service(store, clock).send_due(out) == 0
        assert [r.kind for r in await service(store, clock).list(ALICE.user_id)] == ["7d"]
    (reminder, text), = out.sent
    assert reminder.locale == "es" and "77" in text


async def test_failed_send_is_retried_and_undeliverable_is_not(store):
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    await svc.offer(ALICE, DEADLINE, 5, "en")
    await svc.offer(ChatKey(200, 200), DEADLINE, 5, "en")
    clock.now = at(dt.date(2025, 6, 1))
    assert await svc.send_due(Outbox(fail=ConnectionError("network down"))) == 0
    assert len(await svc.due()) == 2  # released: tried again next round
    assert await svc.send_due(Outbox(fail=ReminderUndeliverable("blocked"))) == 0
    assert await svc.due() == []  # kept as sent: never retried


async def test_stale_and_superseded_reminders_are_retired(store):
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    await svc.offer(ALICE, DEADLINE, 5, "en")
    await svc.offer(ChatKey(200, 200), dt.date(2025, 5, 20), 5, "en")
    clock.now = at(dt.date(2025, 6, 25))  # the bot was down since April
    out = Outbox()
    assert await svc.send_due(out) == 1
    (reminder, text), = out.sent
    assert (reminder.user_id, reminder.kind) == (100, "7d") and "5 days left" in text
    assert await store.due_reminders(clock.now) == []  # the rest is retired


async def test_list_and_cancel(store):
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    mine = (await svc.offer(ALICE, DEADLINE, 5, "en")).reminders
    theirs, theirs_7d = (await svc.offer(ChatKey(200, 200), DEADLINE, 5, "en")).reminders
    reply = await svc.list_reply(ALICE.user_id, "en")
    assert "May 31, 2025" in reply.text and "Jun 23, 2025" in reply.text
    buttons = [c.data for row in reply.choices for c in row]
    assert buttons == [f"{CANCEL_PREFIX}{mine[0].id}", f"{CANCEL_PREFIX}{mine[1].id}", f"{CANCEL_PREFIX}{ALL}"]
    assert not await svc.cancel(ALICE.user_id, theirs.id)  # not hers
    assert await svc.cancel(ALICE.user_id, parse_cancel_button(buttons[0]))
    assert [r.id for r in await svc.list(ALICE.user_id)] == [mine[1].id]
    assert await svc.cancel_all(ALICE.user_id) == 1
    empty = await svc.list_reply(ALICE.user_id, "en")
    assert empty.choices == () and "no reminders" in empty.text
    assert [r.id for r in await svc.list(200)] == [theirs.id, theirs_7d.id]
    clock.now = at(dt.date(2025, 6, 24))
    out = Outbox()
    await svc.send_due(out)
    assert [r.user_id for r, _ in out.sent] == [200]  # hers were cancelled


async def test_nothing_financial_is_logged(store, caplog):
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    with caplog.at_level(logging.DEBUG):
        await svc.offer(ALICE, DEADLINE, Decimal("98765.43"), "en")
        clock.now = at(dt.date(2025, 6, 1))
        await svc.send_due(Outbox(fail=RuntimeError("boom")))
        await svc.send_due(Outbox())
        await store.save(ALICE, StoredState({"balance": "98765.43"}))
        await store.forget_user(ALICE.user_id)
    assert caplog.records  # it does log: ids and counts
    assert "98765" not in caplog.text and "98,765" not in caplog.text


# --- the day to pay the tax as an estimated payment ------------------------------------------------


async def test_a_payment_and_a_rollover_deadline_on_the_same_day_are_two_series(store):
    # A 60-day deadline can fall on an installment's due date: neither series replaces the other, in the store
    # (kinds "30d" and "tax30d") or when both are due after the bot was down.
    clock = Clock(OFFER_DAY)
    svc = service(store, clock)
    await svc.offer(ALICE, DEADLINE, Decimal("1000"), "en", distribution_type="plan_loan_offset")
    payment = await svc.offer_payment(ALICE, DEADLINE, Decimal("320"), "en", avoided_by="rollover")
    assert [r.kind for r in payment.reminders] == ["tax30d", "tax7d"]
    assert payment.reminders[0].payload == {"amount": "320", "distribution_type": "estimated_tax",
                                            "avoided_by": "rollover"}
    assert len(await svc.list(ALICE.user_id)) == 4
    clock.now = at(dt.date(2025, 6, 24))  # the 30d and 7d of each are due: the latest of each is sent
    out = Outbox()
    assert await svc.send_due(out) == 2
    texts = sorted(text for _, text in out.sent)
    assert texts[0].startswith("⏰ Reminder: pay the $320.00 of federal tax on your 401(k) loan as an estimated tax payment by "
                               "Jun 30, 2025 (6 days left)")
    assert "Rolled it over already, or will by the deadline?" in texts[0]
    assert texts[1].startswith("⏰ Reminder: to keep your 401(k) loan offset from being taxed, deposit $1,000.00")


async def test_a_payment_offer_in_a_group_and_once_it_has_passed(store):
    svc = service(store)
    group = await svc.offer_payment(ChatKey(-100500, 100), DEADLINE, Decimal("320"), "en", alone=True)
    assert all("amount" not in r.payload for r in group.reminders) and b"320" not in group.reply.attachment.content
    assert group.reply.text.startswith("⏰ Done: I'll remind you here on May 31, 2025 and Jun 23, 2025 to pay the tax")
    assert "pay the federal tax on your 401(k) loan as an estimated tax payment" in svc.text(group.reminders[0])
    passed = await service(store, Clock(at(DEADLINE))).offer_payment(ALICE, DEADLINE, Decimal("320"), "en")
    assert passed.reminders == [] and passed.reply.attachment is None and "has passed" in passed.reply.text


async def test_two_offers_together_are_one_message_with_one_calendar(store):
    from conversations.reminders import together

    svc = service(store)
    rollover = await svc.offer(ALICE, dt.date(2026, 10, 15), Decimal("1000"), "en")
    payment = await svc.offer_payment(ALICE, dt.date(2026, 1, 15), Decimal("320"), "en")
    both = together(rollover, payment, EN)
    assert len(both.reminders) == 4
    lines = both.reply.text.split("\n")
    assert lines[0].startswith("⏰ Done:") and lines[1].startswith("⏰ And on") and len(lines) == 3
    assert lines[2] == "📅 The attached file puts both dates in your calendar."
    events = parse_ics(both.reply.attachment.content)["VEVENT"]  # strictly parsed: one calendar, two events
    assert [e["DTSTART"][0] for e in events] == ["20261015", "20260115"]
    assert events[0]["UID"][0] != events[1]["UID"][0]
    assert "estimated federal tax" in unescape(events[1]["SUMMARY"][0]) and "$320.00" in unescape(events[1]["SUMMARY"][0])
