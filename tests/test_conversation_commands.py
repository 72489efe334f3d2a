"""Issue #4 in the engine: /estimate, deep links, group Q&A, reminders, /privacy, /forget, /help."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from calculator.models import Event
from conversations import Button, ChatKey, Command, ConversationEngine, Reply, Text
from conversations.privacy import Retention
from conversations.replies.faq import TOPICS
from conversations.replies.payloads import make_estimate_payload, parse_estimate_payload, payload_text
from conversations.store import MemoryStore

TODAY = dt.datetime(2026, 3, 10, 12, 0)
ME = ChatKey(chat_id=31, user_id=31)  # a private chat: chat id == user id
GROUP = ChatKey(chat_id=-100777, user_id=31)
BOT = "LoanOffsetBot"


class Chat:
    """One person talking to an engine, remembering the latest buttons."""

    def __init__(
        self, engine: ConversationEngine, key: ChatKey = ME, locale: str = "en", chat_type: str = "private"
    ) -> None:
        self.engine, self.key, self.locale, self.chat_type = engine, key, locale, chat_type
        self.last: list[Reply] = []

    async def send(self, what: str | Command | Button, *, bot_username: str | None = BOT) -> str:
        incoming = Text(what) if isinstance(what, str) else what
        self.last = await self.engine.handle(
            self.key, incoming, locale=self.locale, chat_type=self.chat_type, bot_username=bot_username
        )
        assert self.last, "every message gets an answer"
        return "\n".join(r.text for r in self.last)

    def choices(self):
        return [choice for reply in self.last for row in reply.choices for choice in row]

    def button(self, label_part: str) -> Button:
        for choice in self.choices():
            if label_part in choice.label:
                assert choice.data and len(choice.data.encode()) <= 64
                return Button(choice.data)
        raise AssertionError(f"no button with {label_part!r} in {self.last}")

    async def tap(self, label_part: str) -> str:
        try:
            button = self.button(label_part)
        except AssertionError:  # under a breakdown, the less likely what-ifs are behind "➕ More…" (issue 24)
            await self.send(self.button("➕"))
            button = self.button(label_part)
        return await self.send(button)


async def step_of(store: MemoryStore, key: ChatKey = ME) -> str | None:
    stored = await store.load(key)
    return stored.data["step"] if stored else None


# --- /estimate -------------------------------------------------------------------------------


async def test_estimate_with_everything_answers_in_one_message(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("estimate", "15000 45 left 22%"))
    assert len(chat.last) == 1
    assert "$15,000.00 · I left my job · 45 · 22%" in text
    assert "within the last 12 months" in text and "no state tax" in text  # what was assumed is said
    assert "Federal income tax: $3,300.00" in text and "Total: $4,800.00" in text
    assert "Oct 15, 2027" in text
    assert await step_of(store) == "done"


@pytest.mark.parametrize(
    "args",
    ["45 22% fired 15000", "$15k, 45, laid off, 22 %", "15000 45 quit 22%", "15000 45 retired 22%", "15000 45 separation 22%"],
)
async def test_estimate_any_order_and_event_words(engine: ConversationEngine, args: str) -> None:
    text = await Chat(engine).send(Command("estimate", args))
    assert "Total: $4,800.00" in text


@pytest.mark.parametrize(
    ("words", "event"),
    [("terminated", Event.PLAN_TERMINATION), ("plan ended", Event.PLAN_TERMINATION),
     ("default", Event.DEFAULT), ("missed payments", Event.DEFAULT)],
)  # fmt: skip
async def test_estimate_other_events(engine: ConversationEngine, store: MemoryStore, words: str, event: Event) -> None:
    text = await Chat(engine).send(Command("estimate", f"15000 45 {words} 22%"))
    assert "Federal income tax: $3,300.00" in text
    assert (await store.load(ME)).data["answers"]["event"] == event.value


async def test_estimate_with_a_date_uses_it_as_the_offset(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("estimate", "15000 45 left 22% 2025-11-03"))
    assert "Offset on Nov 3, 2025" in text and "the loan is offset today" not in text
    assert "Assuming you left your job within 12 months before the offset" in text
    assert "tax year 2025" in text and "Oct 15, 2026" in text
    # Typed in the chat as one line, too.
    chat = Chat(engine, ChatKey(13, 4))
    await chat.send("15000 45 left 22% 11/3/2025")
    assert "When did you leave?" in chat.last[-1].text  # the offset's question is answered


async def test_estimate_partial_asks_for_the_rest(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("estimate", "15000 fired"))
    assert "$15,000.00 · I left my job" in text
    assert "How old" in chat.last[-1].text and chat.last[-1].expects_answer
    assert await step_of(store) == "age"
    await chat.send("45")
    assert "federal income tax rate" in chat.last[-1].text  # the left-when and state were assumed
    text = await chat.tap("22%")
    assert "Total: $4,800.00" in text


async def test_estimate_without_args_explains_the_format(engine: ConversationEngine, store: MemoryStore) -> None:
    text = await Chat(engine).send(Command("estimate"))
    assert "/estimate 15000 45 left 22%" in text
    assert await store.load(ME) is None  # nothing kept for a question


@pytest.mark.parametrize("args", ["banana split", "🙂", "x" * 300, "15000 45 30"])
async def test_estimate_garbage_explains_and_keeps_the_conversation(engine: ConversationEngine, store: MemoryStore, args) -> None:
    chat = Chat(engine)
    await chat.send(Command("start"))
    await chat.send("15000")
    text = await chat.send(Command("estimate", args))
    assert text.startswith("🤔") and "/estimate 15000 45 left 22%" in text
    assert "What happened to the loan?" in chat.last[-1].text  # the question in hand, again
    assert await step_of(store) == "event"


async def test_estimate_in_a_group_suggests_a_private_chat(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    text = await chat.send(Command("estimate", "15000 45 left 22%"))
    assert "private chat" in text and "$15,000" not in text
    link = next(c for c in chat.choices() if c.url)
    assert link.url == f"https://t.me/{BOT}?start=e_15000_45_left_22"
    assert await store.load(GROUP) is None
    text = await chat.tap("Show it here anyway")  # they insist
    assert "Total: $4,800.00" in text


async def test_estimate_in_a_group_carries_a_filing_status_income_and_state_to_the_private_chat(
    engine: ConversationEngine,
) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    await chat.send(Command("estimate", "15000 45 left single 60k income CA"))
    link = next(c for c in chat.choices() if c.url)
    assert link.url == f"https://t.me/{BOT}?start=e_15000_45_left__CA___single_60000"
    text = await chat.tap("Show it here anyway")
    assert "Single · $60,000.00 · California" in text
    private = Chat(engine, ChatKey(77, 77))
    text = await private.send(Command("start", "e_15000_45_left__CA___single_60000"))
    assert "Single · $60,000.00 · California (I'll work its tax out by its brackets)" in text


async def test_estimate_in_a_group_without_the_bot_username(engine: ConversationEngine) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    text = await chat.send(Command("estimate", "15000 45 left 22%"), bot_username=None)
    assert "private chat" in text and not any(c.url for c in chat.choices())
    assert "Total: $4,800.00" in await chat.tap("Show it here anyway")


async def test_spanish_estimate(store: MemoryStore) -> None:
    engine = ConversationEngine(store, clock=lambda: TODAY)
    chat = Chat(engine, ChatKey(41, 41), locale="es")
    text = await chat.send(Command("estimate", "15.000 45 me despidieron 22 %"))
    assert "Impuesto federal sobre los ingresos: $3,300.00" in text
    assert "sin impuesto estatal" in text and "Assuming" not in text
    assert any("Recordarme" in c.label for c in chat.choices())
    text = await chat.send(Command("estimate"))
    assert "/estimate 15000 45 dejé el trabajo 22%" in text and "For example" not in text
    text = await chat.send(Command("estimate", "separación 15000"))
    assert "¿Qué edad tiene?" in text


# --- deep links --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "payload"),
    [
        ((15000, 45, Event.SEPARATION, 22), "e_15000_45_left_22"),
        ((Decimal("15000.50"), 59, "plan-termination", Decimal("22.5")), "e_15000p5_59_terminated_22p5"),
        ((Decimal("20000.00"), 40, Event.DEFAULT, None), "e_20000_40_default"),
        ((None, 45, None, 24), "e__45__24"),
    ],
)
def test_payload_round_trip(values, payload: str) -> None:
    assert make_estimate_payload(*values) == payload
    quick = parse_estimate_payload(payload)
    balance, age, event, rate = values
    assert quick.balance == (None if balance is None else Decimal(balance))
    assert quick.age == age
    assert quick.event == (None if event is None else Event(event))
    assert quick.rate == (None if rate is None else Decimal(rate))


def test_payload_with_state_and_limits() -> None:
    payload = make_estimate_payload(Decimal("1000000"), 120, Event.PLAN_TERMINATION, Decimal("37"), "ca")
    assert payload == "e_1000000_120_terminated_37_CA" and len(payload) <= 64
    assert parse_estimate_payload(payload).state == "CA"
    assert payload_text("e_15000_45_laid-off_22") == "$15000 45 laid off 22%"
    assert parse_estimate_payload("e_15000_45_laid-off_22").event is Event.SEPARATION
    for junk in ("estimate", "e_", "e_x_x_x_x", "e_%%", "hello", "e_" + "9" * 70):
        assert parse_estimate_payload(junk) is None


def test_payload_carries_the_offset_date() -> None:
    payload = make_estimate_payload(Decimal("1000000"), 120, Event.PLAN_TERMINATION, Decimal("37"), "ca", dt.date(2025, 11, 3))
    assert payload == "e_1000000_120_terminated_37_CA_20251103" and len(payload) <= 64
    assert parse_estimate_payload(payload).offset_date == dt.date(2025, 11, 3)
    payload = make_estimate_payload(15000, 45, Event.SEPARATION, 22, None, dt.date(2025, 11, 3))
    assert payload == "e_15000_45_left_22__20251103"
    quick = parse_estimate_payload(payload)
    assert quick.state is None and quick.offset_date == dt.date(2025, 11, 3)
    # Not a real day: left out, so the question is asked.
    quick = parse_estimate_payload("e_15000_45_left_22__20251399")
    assert quick.offset_date is None and quick.balance == 15000 and quick.rate == 22


def test_payload_carries_the_state_rate_last() -> None:
    payload = make_estimate_payload(15000, 45, Event.SEPARATION, 22, "CA", None, Decimal("9.3"))
    assert payload == "e_15000_45_left_22_CA__9p3"
    assert payload_text(payload) == "$15000 45 left 22% CA 9.3%"
    quick = parse_estimate_payload(payload)
    assert (quick.rate, quick.state, quick.state_rate) == (Decimal(22), "CA", Decimal("9.3"))
    # Without a federal rate (read back it would be the only rate) or a state, it is left out.
    assert make_estimate_payload(15000, 45, Event.SEPARATION, None, "CA", None, 9) == "e_15000_45_left__CA"
    assert make_estimate_payload(15000, 45, Event.SEPARATION, 22, None, None, 9) == "e_15000_45_left_22"


async def test_a_one_liner_with_the_states_rate_asks_no_rate(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send("15000 45 left 22% CA 9.3%")
    assert "$15,000.00 · 45 · I left my job · 22% · California · 9.3%" in text
    await chat.tap("Today")
    text = await chat.tap("Within")
    assert "CA income tax: $1,395.00 (9.3% state rate)" in text
    text = await chat.send(Command("estimate", "15000 45 left 22% CA 25%"))
    assert "No state taxes income at more than about 14%" in text


async def test_start_with_a_payload_opens_a_prefilled_estimate(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("start", make_estimate_payload(15000, 45, Event.SEPARATION, 22)))
    assert "Total: $4,800.00" in text
    text = await chat.send(Command("start", "e_15000_45"))
    assert "$15,000.00 · 45" in text and "What happened" in chat.last[-1].text


async def test_start_estimate_payload_starts_a_private_estimate(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("start", "estimate"))
    assert "unpaid balance" in text and await step_of(store) == "balance"


async def test_start_payload_in_a_group_suggests_a_private_chat(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    text = await chat.send(Command("start", "estimate"))
    assert "private chat" in text
    assert next(c for c in chat.choices() if c.url).url == f"https://t.me/{BOT}?start=estimate"
    text = await chat.tap("Start here anyway")
    assert "unpaid balance" in text and await step_of(store, GROUP) == "balance"


# --- group Q&A -------------------------------------------------------------------------------


async def test_faq_and_topics_in_a_group_keep_the_conversation(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    await chat.send(Command("start"))
    await chat.send("15000")
    before = (await store.load(GROUP)).data

    text = await chat.send(Command("faq"))
    assert "/rule55" in text and len(chat.last) == 1
    assert "🔒 For your own numbers, start a private estimate with me: nothing is posted in the group." in text
    assert {c.data for c in chat.choices()} == {f"q:{t.id}" for t in TOPICS}

    text = await chat.tap("Rule of 55")
    assert "calendar year you turn 55" in text and len(chat.last) == 1  # no question re-sent in a group
    assert f"https://t.me/{BOT}?start=estimate" in text
    assert any(c.url == f"https://t.me/{BOT}?start=estimate" for c in chat.choices())

    for topic in TOPICS:
        text = await chat.send(Command(topic.id))
        assert "📚" in text and len(chat.last) == 1
    assert (await store.load(GROUP)).data["answers"] == before["answers"]
    assert await step_of(store, GROUP) == "event"
    await chat.send("left")
    assert "When was the loan offset" in chat.last[-1].text


async def test_topic_in_private_shows_the_question_again(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    await chat.send(Command("start"))
    await chat.send("15000")
    await chat.send(Button("q:deadline"))
    assert "60 days" in chat.last[0].text and "What happened to the loan?" in chat.last[-1].text
    assert not any(c.url for c in chat.choices())  # in private a plain "new estimate" button
    # Already in private: nothing about keeping numbers out of a group.
    assert "📊 Your own numbers: tap New estimate below. Then confirm with a tax professional." in chat.last[0].text
    assert "group" not in chat.last[0].text and "private estimate" not in chat.last[0].text
    assert await step_of(store) == "event"
    text = await chat.send(Command("faq"))
    assert "📊 For your own numbers, tap /start." in text and "group" not in text


async def test_faq_from_someone_new_keeps_nothing(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    await chat.send(Command("faq"))
    await chat.send(Command("offset"))
    await chat.send(Command("privacy"))
    assert await store.load(GROUP) is None


# --- reminders ----------------------------------------------------------------------------------


async def test_remind_me_stores_reminders_and_sends_an_ics(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    await chat.send(Command("estimate", "15000 45 left 22%"))
    remind = chat.button("Remind me")
    assert remind.data.startswith("rm:")
    text = await chat.send(remind)
    reply = chat.last[0]
    assert "I'll remind you" in text and "Oct 15, 2027" in text
    assert reply.attachment is not None and reply.attachment.filename.endswith(".ics")
    assert reply.attachment.content.startswith(b"BEGIN:VCALENDAR") and b"DTSTART;VALUE=DATE:20271015" in reply.attachment.content
    pending = await store.list_reminders(ME.user_id)
    rollover = [r for r in pending if not r.kind.startswith("tax")]
    assert [r.kind for r in rollover] == ["30d", "7d"]
    assert all(r.deadline == dt.date(2027, 10, 15) and r.payload["amount"] == "15000.00" for r in rollover)
    # The breakdown's other date, the estimated payment's (offset in March: the April 15 installment), in the
    # same message and the same calendar file.
    assert "And on Mar 16, 2026 and Apr 8, 2026, to pay the tax by Apr 15, 2026 as an estimated tax payment" in text
    assert "📅 The attached file puts both dates in your calendar." in text
    assert b"DTSTART;VALUE=DATE:20260415" in reply.attachment.content
    assert reply.attachment.content.count(b"BEGIN:VEVENT") == reply.attachment.content.count(b"END:VEVENT") == 2
    payment = [r for r in pending if r.kind.startswith("tax")]
    assert [r.kind for r in payment] == ["tax30d", "tax7d"]
    assert all(r.deadline == dt.date(2026, 4, 15) and r.payload == {
        "amount": "4800.00", "distribution_type": "estimated_tax", "avoided_by": "rollover"} for r in payment)
    sent = engine.reminders.text(payment[-1])
    assert sent.startswith("⏰ Reminder: pay the $4,800.00 of federal tax on your 401(k) loan as an estimated tax payment by "
                           "Apr 15, 2026")
    assert "Rolled it over already, or will by the deadline? Then there is none to pay." in sent

    await chat.send(remind)  # a second press
    assert len(await store.list_reminders(ME.user_id)) == 4


async def test_remind_me_amount_is_what_is_left_to_deposit(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    await chat.send(Command("estimate", "15000 45 left 22%"))
    await chat.tap("Roll over half")
    await chat.tap("Remind me")
    pending = await store.list_reminders(ME.user_id)
    assert {r.payload["amount"] for r in pending if not r.kind.startswith("tax")} == {"7500.00"}
    assert {r.payload["amount"] for r in pending if r.kind.startswith("tax")} == {"2400.00"}  # the tax on the rest


async def test_a_deemed_distribution_reminds_only_of_the_day_to_pay(engine: ConversationEngine, store: MemoryStore) -> None:
    # Taxed today, no rollover: the one date ahead is the estimated payment's (April 15).
    chat = Chat(engine)
    await chat.send(Command("estimate", "15000 45 missed payments 22%"))
    assert "(pay by Apr 15, 2026)" in chat.last[0].text
    text = await chat.tap("⏰ Remind me to pay by Apr 15, 2026")
    assert text.startswith("⏰ Done: I'll remind you here on Mar 16, 2026 and Apr 8, 2026 to pay the tax by Apr 15, "
                           "2026 as an estimated tax payment. /reminders lists them and cancels them.")
    ics = chat.last[0].attachment
    assert ics is not None and ics.filename == "estimated-tax-2026-04-15.ics" and b"Roll over" not in ics.content
    pending = await store.list_reminders(ME.user_id)
    assert [r.kind for r in pending] == ["tax30d", "tax7d"] and all("avoided_by" not in r.payload for r in pending)
    sent = engine.reminders.text(pending[0])
    assert "by Apr 15, 2026" in sent and "Then there is none to pay" not in sent
    assert "no longer kept" in await chat.send(Button("rm:99"))


async def test_remind_me_before_the_cure_period_ends(engine: ConversationEngine, store: MemoryStore) -> None:
    # Missed payments still in their cure period: a reminder to make them up, not to roll over.
    chat = Chat(engine)
    await chat.send("15000 45 missed payments 22%")
    await chat.send("2/15/2026")  # made up by 2026-06-30 at the latest
    await chat.send("skip")
    assert not any("Roll over" in c.label for c in chat.choices())
    text = await chat.tap("Remind me")
    assert "I'll remind you" in text and "Jun 30, 2026" in text
    ics = chat.last[0].attachment
    assert ics is not None and ics.filename == "loan-cure-deadline-2026-06-30.ics"
    assert b"make up the missed payments" in ics.content and b"Roll over" not in ics.content
    pending = await store.list_reminders(ME.user_id)
    cure = [r for r in pending if not r.kind.startswith("tax")]
    assert [r.kind for r in cure] == ["30d", "7d"]
    assert all(r.deadline == dt.date(2026, 6, 30) and "amount" not in r.payload for r in cure)
    assert all(r.payload["distribution_type"] == "deemed_distribution" for r in cure)
    text = engine.reminders.text(cure[-1])
    assert "make up your missed 401(k) loan payments by Jun 30, 2026" in text and "roll it over" not in text
    # Not made up, it is taxed on June 30: the September 15 installment is the first that counts it.
    payment = [r for r in pending if r.kind.startswith("tax")]
    assert {r.deadline for r in payment} == {dt.date(2026, 9, 15)}
    text = engine.reminders.text(payment[-1])
    assert "Made up the missed payments in time? Then there is none to pay." in text and "Rolled it over" not in text


async def test_once_the_cure_period_has_ended_the_reminder_is_to_pay_with_the_return(
    engine: ConversationEngine, store: MemoryStore
) -> None:
    # Taxed in 2025 (the cure period ended 2025-12-31); in March 2026 the one date ahead is the 2025 return's.
    chat = Chat(engine)
    await chat.send("15000 45 missed payments 22%")
    await chat.send("9/15/2025")
    text = await chat.send("skip")
    assert "💸 Set aside $4,800.00 (pay by Apr 15, 2026)" in text
    text = await chat.tap("⏰ Remind me to pay by Apr 15, 2026")
    assert text.startswith("⏰ Done: I'll remind you here on Mar 16, 2026 and Apr 8, 2026 to pay the tax with your 2025 "
                           "return by Apr 15, 2026.")
    assert chat.last[0].attachment.filename == "tax-with-return-2026-04-15.ics"
    pending = await store.list_reminders(ME.user_id)
    assert [r.kind for r in pending] == ["tax30d", "tax7d"] and pending[0].payload["return_year"] == 2025
    sent = engine.reminders.text(pending[-1])
    assert sent.startswith("⏰ Reminder: the $4,800.00 of federal tax on your 401(k) loan is due with your 2025 return "
                           "by Apr 15, 2026 (36 days left). An extension gives more time to file, not to pay.")


async def test_no_remind_button_once_the_return_is_past_too(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    await chat.send("15000 45 missed payments 22%")
    await chat.send("9/15/2024")  # taxed in 2024; its return was due April 15, 2025
    await chat.send("skip")
    assert not any(c.data.startswith("rm:") for c in chat.choices())
    # A remind button from an older message: nothing ahead to remind of.
    text = await chat.send(Button("rm:1"))
    assert "can't be rolled over, so there is no deadline to remind you of" in text


async def test_remind_me_mid_conversation_keeps_the_question(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    await chat.send(Command("estimate", "15000 45 left 22%"))
    remind = chat.button("Remind me")
    await chat.send(Command("start"))
    await chat.send("20000")
    await chat.send(remind)
    assert chat.last[0].attachment is not None and "What happened to the loan?" in chat.last[-1].text
    assert await step_of(store) == "event"


async def test_reminders_list_and_cancel(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    assert "no reminders" in await chat.send(Command("reminders"))
    await chat.send(Command("estimate", "15000 45 left 22%"))
    await chat.tap("Remind me")
    text = await chat.send(Command("reminders"))
    assert "Your reminders" in text and "Oct 15, 2027" in text
    data = [c.data for c in chat.choices()]
    assert data[-1] == "rmd:x:all" and all(d.startswith("rmd:x:") for d in data)
    assert "for paying the tax by Apr 15, 2026" in text  # the estimated payment's, listed with the deadline's
    text = await chat.send(Button(data[0]))
    assert "Reminder cancelled" in text
    assert len(await store.list_reminders(ME.user_id)) == 3
    text = await chat.send(Button(data[0]))
    assert "already sent or cancelled" in text
    text = await chat.send(Button("rmd:x:all"))
    assert "Cancelled 3 reminders." in text and "no reminders" in text
    assert await store.list_reminders(ME.user_id) == []


async def test_reminders_injected_service_uses_its_clock(store: MemoryStore) -> None:
    from conversations.reminders import ReminderService

    service = ReminderService(store, clock=lambda: dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
    engine = ConversationEngine(store, clock=lambda: TODAY, reminders=service)
    assert engine.reminders is service
    chat = Chat(engine)
    await chat.send(Command("estimate", "15000 45 left 22%"))
    await chat.tap("Remind me")
    assert len(await service.list(ME.user_id)) == 4  # the deadline's two, and the estimated payment's


# --- privacy ----------------------------------------------------------------------------------


async def test_privacy_mentions_the_retention(store: MemoryStore) -> None:
    engine = ConversationEngine(store, clock=lambda: TODAY, retention=Retention.days(conversations=14))
    text = await Chat(engine).send(Command("privacy"))
    assert "14 days after your last message" in text and "/forget" in text
    text = await Chat(ConversationEngine(store, clock=lambda: TODAY)).send(Command("privacy"))
    assert "30 days" in text


async def test_forget_asks_then_deletes_everything(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    await chat.send(Command("estimate", "15000 45 left 22%"))
    await chat.tap("Remind me")
    group = Chat(engine, GROUP, chat_type="group")
    await group.send(Command("start"))
    await group.send("20000")

    text = await chat.send(Command("forget"))
    assert "Delete it all?" in text and await store.load(ME) is not None
    await chat.tap("Keep it")
    assert "Nothing was deleted" in chat.last[0].text and await store.load(ME) is not None

    await chat.send(Command("forget"))
    text = await chat.tap("Yes, delete everything")
    assert "deleted" in text
    assert await store.load(ME) is None and await store.load(GROUP) is None  # every chat
    assert await store.list_reminders(ME.user_id) == []

    text = await chat.send("hello")  # the next message starts fresh
    assert "unpaid balance" in text
    assert (await store.load(ME)).data["estimates"] == {}


async def test_forget_yes_in_one_go(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine)
    await chat.send(Command("start"))
    text = await chat.send(Command("forget", "yes"))
    assert "deleted" in text and await store.load(ME) is None
    assert "no reminders" in await chat.send(Command("reminders"))


async def test_forget_in_spanish(engine: ConversationEngine, store: MemoryStore) -> None:
    chat = Chat(engine, locale="es")
    await chat.send(Command("start"))
    assert "¿Lo borro todo?" in await chat.send(Command("forget"))
    assert "borré todo" in await chat.send(Command("forget", "sí"))
    assert await store.load(ME) is None


# --- help and the command menu ---------------------------------------------------------------


async def test_help_lists_every_command(engine: ConversationEngine) -> None:
    text = await Chat(engine).send(Command("help"))
    for command in ("/estimate", "/faq", "/reminders", "/privacy", "/forget", "/back", "/cancel", "/start"):
        assert command in text


def test_menus_include_the_new_commands() -> None:
    from bot.handlers.conversation import KNOWN_COMMANDS
    from conversations.commands import command_descriptions

    wanted = {"estimate", "faq", "reminders", "privacy", "forget"}
    assert wanted <= {c for c, _ in command_descriptions("en")}
    assert wanted | {t.id for t in TOPICS} <= set(KNOWN_COMMANDS)


def test_an_inline_estimate_with_a_457b_owes_no_10_percent() -> None:
    import datetime as dt

    from conversations.replies.quick_estimate import quick_estimate

    result = quick_estimate("15000 45 left 22% 457b", "en", dt.date(2026, 3, 10))
    assert "a governmental 457(b) plan" in result.message
    assert result.breakdown.early_withdrawal_penalty == 0


def test_an_inline_estimate_reads_a_birth_date_and_when_they_left() -> None:
    import datetime as dt

    from conversations.replies.quick_estimate import quick_estimate
    from conversations.replies.quick_texts import Missing

    today = dt.date(2026, 11, 28)
    result = quick_estimate("15000 born 5/14/1969 left 22%", "en", today)
    assert result.inputs.birth_date == dt.date(1969, 5, 14) and result.inputs.age == 57
    assert result.breakdown.early_withdrawal_penalty == 0  # left in 2026, the year of 57: the rule of 55
    result = quick_estimate("I owe 12k on my 401k loan, 45, laid off september 2024, 24%", "en", today)
    assert "left in September 2024" in result.message
    assert result.breakdown.distribution_type == "plan_loan_offset"  # more than 12 months: 60 days
    result = quick_estimate("12k 45 laid off in October 24%", "en", today)
    assert result.breakdown.distribution_type == "qualified_plan_loan_offset" and "left in October 2026" in result.message
    missing = quick_estimate("12k 45 laid off November 2025 24%", "en", today)  # the day decides the 12 months
    assert isinstance(missing, Missing) and "When you left (November 2025) may be more or less than 12 months" in (
        missing.problem or "")


def test_an_inline_estimate_takes_the_states_rate_after_the_state() -> None:
    import datetime as dt

    from conversations.i18n import texts_for
    from conversations.replies.quick_estimate import quick_estimate
    from conversations.replies.quick_texts import Missing, how_to_text

    today = dt.date(2026, 11, 28)
    result = quick_estimate("15000 45 left 22% CA 9.3%", "en", today)
    assert "22% federal rate, CA at 9.3%" in result.message
    assert result.breakdown.state_income_tax == Decimal("1395.00")
    assert "state tax $1,770.00" in result.description  # 1,395 + California's 2.5% (375)
    too_high = quick_estimate("15000 45 left 22% CA 25%", "en", today)
    assert isinstance(too_high, Missing) and "more than about 14%" in (too_high.problem or "")
    two = quick_estimate("15000 45 left 22% 9.3%", "en", today)
    assert isinstance(two, Missing) and "right after the state" in (two.problem or "")
    assert "CA 9.3%" in how_to_text(texts_for("en"))


def test_an_inline_estimate_works_the_brackets_out_from_a_filing_status_and_income() -> None:
    import datetime as dt

    from conversations.replies.quick_estimate import quick_estimate
    from conversations.replies.quick_texts import Missing

    today = dt.date(2026, 11, 28)
    result = quick_estimate("15000 45 left single 60k income CA", "en", today)
    assert "Single, $60,000.00 of other income, CA" in result.message
    assert result.breakdown.federal_income_tax == Decimal("2650.00")  # 2026 tax on 58,900 less on 43,900
    assert result.breakdown.state_income_tax == Decimal("1135.04") and result.breakdown.state_brackets_year == 2025
    assert "by the 2026 brackets" in result.message
    missing = quick_estimate("15000 45 left single", "en", today)
    assert isinstance(missing, Missing) and missing.missing == ("rate",) and "filing status and income" in missing.title
    old = quick_estimate("15000 45 left single 60k income 2024-05-01", "en", today)
    assert isinstance(old, Missing) and "tax brackets for 2025 and 2026 only, not 2024" in (old.problem or "")


def test_an_inline_estimate_reads_single_80k_as_the_income_and_asks_which_married() -> None:
    import datetime as dt

    from conversations.replies.quick_estimate import quick_estimate
    from conversations.replies.quick_texts import Missing

    today = dt.date(2026, 11, 28)
    result = quick_estimate("20000 loan 58 retired single 80k", "en", today)
    assert "Single, $80,000.00 of other income" in result.message
    assert result.breakdown.federal_income_tax == Decimal("4400.00")  # all of it in the 22% bracket
    # The rule of 55 waives the 10%: the short line says so instead of "+ 10% early withdrawal tax $0.00".
    assert result.description.split("\n")[0] == "Federal tax $4,400.00; no 10% early withdrawal tax"
    married = quick_estimate("20000 58 retired married 150k", "en", today)
    assert isinstance(married, Missing) and "jointly or separately" in (married.problem or "")
    assert married.description.endswith("For example: 15000 45 left married jointly 60k income")
    taxed = quick_estimate("15000 45 left 22%", "en", today)
    assert taxed.description.split("\n")[0] == "Federal tax $3,300.00 + 10% early withdrawal tax $1,500.00"


async def test_a_one_liner_with_married_and_an_income_asks_the_filing_status(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send("20000 58 retired married 150k")
    assert "$20,000.00 · 58 · I left my job · $150,000.00" in text
    await chat.tap("Today")
    text = await chat.tap("Within")
    assert "How will you file your tax return?" in text
    text = await chat.tap("Married, filing jointly")
    assert "What is your income" not in text and "other income" not in text.split("\n")[-1]
    # /estimate with the same line: the same question, the income kept.
    text = await chat.send(Command("estimate", "20000 58 retired married 150k"))
    assert "$150,000.00" in text and "How will you file your tax return?" in chat.last[-1].text


def test_payload_carries_a_filing_status_and_income() -> None:
    payload = make_estimate_payload(15000, 45, Event.SEPARATION, None, "CA", None, None, "single", 60000)
    assert payload == "e_15000_45_left__CA___single_60000"
    assert payload_text(payload) == "$15000 45 left CA single 60000 income"
    quick = parse_estimate_payload(payload)
    assert quick.brackets() and quick.income == Decimal(60000) and quick.state == "CA"
    # With a federal rate the rate is what counts, so they are left out.
    assert make_estimate_payload(15000, 45, Event.SEPARATION, 22, None, None, None, "single", 60000) == "e_15000_45_left_22"


async def test_a_one_liner_with_a_filing_status_and_income_asks_no_rate(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send("15000 45 left single 60k income CA")
    assert "$15,000.00 · 45 · I left my job · Single · $60,000.00 · California" in text
    assert "Not sure" not in text.split("\n")[0]
    await chat.tap("Today")
    text = await chat.tap("Within")
    assert "Federal income tax: $2,650.00 (by the 2026 brackets, up to 22%)" in text
    assert "CA income tax: $1,135.04" in text


@pytest.mark.parametrize("locale", ["en", "es"])
def test_the_how_to_examples_give_whole_estimates_in_each_language(locale: str) -> None:
    # What the how-to text shows must work when typed: the rate example, the filing status and income one,
    # and the state's rate after the state.
    import datetime as dt

    from conversations.i18n import texts_for
    from conversations.replies.quick_estimate import quick_estimate
    from conversations.replies.quick_texts import EXAMPLE, EXAMPLE_BRACKETS, QuickResult

    texts, today = texts_for(locale), dt.date(2026, 11, 28)
    for line in (texts.gettext(EXAMPLE), texts.gettext(EXAMPLE_BRACKETS), texts.gettext(EXAMPLE) + " CA 9,3%"
                 if locale == "es" else texts.gettext(EXAMPLE) + " CA 9.3%"):
        assert isinstance(quick_estimate(line, locale, today), QuickResult), line
    assert quick_estimate(texts.gettext(EXAMPLE_BRACKETS), locale, today).inputs.filing_status == "single"
    # The example given when "married" says neither jointly nor separately.
    from conversations.replies.quick_texts import EXAMPLE_MARRIED

    assert quick_estimate(texts.gettext(EXAMPLE_MARRIED), locale, today).inputs.filing_status == "married-joint"


async def test_a_states_rate_in_the_line_wins_over_its_brackets_in_the_chat_and_inline(engine: ConversationEngine) -> None:
    # "single 60k income CA 9.3%": the brackets for the federal tax, the 9.3% given for California's, in the chat
    # as in an inline estimate.
    import datetime as dt

    from conversations.replies.quick_estimate import quick_estimate

    line = "15000 45 left single 60k income CA 9.3%"
    chat = Chat(engine)
    text = await chat.send(line)
    assert "· California · 9.3%" in text and "by its brackets" not in text
    await chat.tap("Today")
    text = await chat.tap("Within")
    assert "Federal income tax: $2,650.00 (by the 2026 brackets" in text
    assert "CA income tax: $1,395.00 (9.3% state rate)" in text
    inline = quick_estimate(line, "en", dt.date(2026, 3, 10))
    assert inline.breakdown.state_income_tax == Decimal("1395.00") and inline.breakdown.federal_income_tax == Decimal("2650.00")


async def test_an_old_remind_button_after_the_rollover_deadline_says_none_is_ahead(store: MemoryStore) -> None:
    # Pressed after the deadline passed: not "a deemed distribution can't be rolled over" (it is an offset).
    now = [dt.datetime(2026, 9, 1, 9, 0)]
    chat = Chat(ConversationEngine(store, clock=lambda: now[0]))
    await chat.send("15000 45 left 22%")
    await chat.send("2025-06-01")
    await chat.tap("Within")
    await chat.send("skip")  # deadline Oct 15, 2026: still ahead, so the button is offered
    remind = chat.button("Remind me")
    now[0] = dt.datetime(2026, 11, 28, 9, 0)
    text = await chat.send(remind)
    assert "No deadline that could still avoid the tax is ahead" in text and "deemed" not in text


def test_a_one_line_estimate_quoting_the_form_1099r_needs_the_offsets_day() -> None:
    # In February, with last year's form: dated today, the line would be this year's tax and a deadline a year late.
    from conversations.replies.quick_estimate import quick_estimate
    from conversations.replies.quick_texts import Missing

    today = dt.date(2027, 2, 10)
    undated = quick_estimate("1099-R 12000 code M1 45 left 22%", "en", today)
    assert isinstance(undated, Missing) and "A Form 1099-R means the offset has happened" in (undated.problem or "")
    assert undated.description.endswith("For example: 15000 45 left 22% 2025-11-03")
    which = quick_estimate("1099-R 12000 code M1 45 22% 2026-11-03", "en", today)
    assert isinstance(which, Missing) and 'Please add which: "left" or "plan ended"' in (which.problem or "")
    dated = quick_estimate("1099-R 12000 code M1 45 left 22% 2026-11-03", "en", today)
    assert dated.breakdown.tax_year == 2026 and dated.breakdown.rollover_deadline == dt.date(2027, 10, 15)
    deemed = quick_estimate("my 1099-R box 1 12000 code L1 45 22% 2026-12-31", "en", today)
    assert deemed.breakdown.distribution_type.value == "deemed_distribution"


async def test_estimate_command_quoting_the_form_1099r_asks_the_offsets_day(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("estimate", "my 1099-R says 12000 code M1 45 22%"))
    assert "$12,000.00 · 45 · 22%" in text and "the loan is offset today" not in text
    assert [c.label for c in chat.choices()] == ["I left my job", "The plan was terminated"]
    text = await chat.tap("I left my job")
    assert "When was the loan offset" in text and "Your Form 1099-R shows only the year" in text


async def test_in_a_group_a_line_quoting_the_form_without_its_day_is_not_shown_dated_today(
    engine: ConversationEngine,
) -> None:
    chat = Chat(engine, GROUP, chat_type="group")
    await chat.send(Command("estimate", "1099-R 12000 code M1 45 left 22%"))
    labels = [c.label for c in chat.choices()]
    assert "📊 Show it here anyway" not in labels and "Start here anyway" in labels
    await chat.send(Command("estimate", "1099-R 12000 code M1 45 left 22% 2025-11-03"))
    assert "📊 Show it here anyway" in [c.label for c in chat.choices()]


async def test_estimate_command_with_a_question_answers_it(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    text = await chat.send(Command("estimate", "what is a loan offset?"))
    assert text.startswith("💡 What is a loan offset?") and "I couldn't find a loan balance" not in text
    assert "Total: $4,800.00" in await chat.send(Command("estimate", "15000 45 left 22%?"))


async def test_the_estimated_payment_reminder_is_for_the_federal_tax(engine: ConversationEngine, store: MemoryStore) -> None:
    # Form 1040-ES takes the federal tax (the 10% included); California's part is paid to California.
    chat = Chat(engine)
    text = await chat.send(Command("estimate", "15000 45 left 22% CA 9.3%"))
    assert "Total: $6,570.00" in text
    await chat.tap("Remind me")
    [payment] = {r.payload["amount"] for r in await store.list_reminders(ME.user_id) if r.kind.startswith("tax")}
    assert payment == "4800.00"
    # How to pay it is behind "📝 Why these numbers" (issue 24).
    assert "• Or pay the federal $4,800.00 by Apr 15, 2026 (Form 1040-ES)." in await chat.send("why")
