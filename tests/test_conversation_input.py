"""Wrong input, commands, stale buttons and broken state: a specific answer every time, never a crash."""

from __future__ import annotations

import datetime as dt

import pytest

from conversations import Button, ChatKey, Command, ConversationEngine, Reply, StoredState, Text
from conversations.store import MemoryStore

TODAY = dt.datetime(2026, 3, 10, 12, 0)
ME = ChatKey(chat_id=10, user_id=1)


async def send(engine: ConversationEngine, what: str | Command | Button, key: ChatKey = ME) -> list[Reply]:
    replies = await engine.handle(key, Text(what) if isinstance(what, str) else what)
    assert replies
    return replies


async def step_of(store: MemoryStore, key: ChatKey = ME) -> str | None:
    saved = await store.load(key)
    return None if saved is None else saved.data["step"]


# Answers that get the conversation to each step, and bad answers for it with the words that must appear.
PATH = [
    ("balance", [], [("abc", "no letters"), ("-500", "negative"), ("0", "more than zero"), ("🙂", "couldn't find a number"),
                     ("1,5", "15,000"), ("<b>15000</b>", "no letters"), ("x" * 500, "too long (500 characters)"),
                     ("2000000", "more than I can work with"), ("12,000 to 13,000", "not a range"),
                     ("around 12-15k", "not a range")]),
    ("event", ["15000"], [("banana", "didn't recognise"), ("I'm on maternity leave", "still work there"), ("😀", "didn't recognise"), ("a" * 400, "too long (400 characters)")]),
    ("offset", ["15000", "left"], [("the other day", "couldn't read that date"), ("2030-01-01", "too far ahead"),
                                   ("1999-12-31", "too long ago"), ("2026-02-30", "doesn't exist")]),
    ("missed", ["15000", "missed payments"], [("the other day", "couldn't read that date"), ("2030-01-01", "too far ahead"),
                                              ("1999-12-31", "too long ago"), ("13/2026", "Please send the month the first missed payment was due, e.g. February 2026"),
                                       ("December 2028", "too far ahead")]),
    ("age", ["15000", "left", "today"], [("abc", "number of years"), ("-4", "negative"), ("0", "between 14 and 120"),
                                         ("45.7", "whole years"), ("almost 60", "not the age you are about to turn"), ("🎂", "number of years"), ("<script>", "number of years"),
                                         ("9" * 300, "too long (300 characters)")]),
    ("left_when", ["15000", "left", "today", "45"], [("the other day", "couldn't read that date"), ("2030-01-01", "in the future"),
                                             ("1990-01-01", "too long ago"), ("2026-02-30", "doesn't exist")]),
    ("rate", ["15000", "plan ended", "today", "45"], [("abc", "number from 0 to 100"), ("150%", "more than 100%"), ("-5", "negative"),
                                              ("0", "0% means no tax"), ("50%", "top federal rate is 37%"),
                                              ("0.22", "If you meant 22%, please send 22%"),
                                              ("0.22%", "lowest federal bracket is 10%"), ("5", "lowest federal bracket is 10%")]),
    ("filing", ["15000", "plan ended", "today", "45", "not sure"], [("married", "jointly or separately"), ("dog", "didn't recognise"),
                                                                    ("widowed", "If they died in 2024 or 2025"),
                                                                    ("widow", "Qualifying surviving spouse")]),
    ("income", ["15000", "plan ended", "today", "45", "not sure", "single"], [("lots", "no letters"), ("-1", "negative"),
                                                                              ("5000 a month", "for the whole year"),
                                                                              ("$25/hr", "for the whole year")]),
    ("state", ["15000", "plan ended", "today", "45", "22%"], [("Narnia", "two-letter code"), ("<b>Narnia</b>", "two-letter code")]),
    ("state_rate", ["15000", "plan ended", "today", "45", "22%", "CA"], [("abc", "number from 0 to 100"), ("30%", "more than about 14%"),
                                                                   ("0.05", "less than one percent. If you meant 5%")]),
]


@pytest.mark.parametrize(("step", "answers", "bad"), PATH, ids=[p[0] for p in PATH])
async def test_bad_input_keeps_the_step_and_says_what_was_wrong(
    engine: ConversationEngine, store: MemoryStore, step: str, answers: list[str], bad: list[tuple[str, str]]
) -> None:
    await send(engine, Command("start"))
    for answer in answers:
        await send(engine, answer)
    assert await step_of(store) == step
    for text, words in bad:
        replies = await send(engine, text)
        assert words in replies[-1].text, (text, replies[-1].text)
        assert "🤔" in replies[-1].text
        assert await step_of(store) == step
        if len(text) > 100:
            assert text[:60] not in replies[-1].text  # never echoed back whole


async def test_back_walks_through_the_answers(engine: ConversationEngine, store: MemoryStore) -> None:
    await send(engine, Command("start"))
    replies = await send(engine, Command("back"))
    assert "first question" in replies[-1].text
    await send(engine, "15000")
    await send(engine, "left")
    await send(engine, "today")
    await send(engine, "45")
    replies = await send(engine, Command("back"))
    assert "How old" in replies[-1].text
    assert await step_of(store) == "age"
    replies = await send(engine, Command("back"))
    assert "When was the loan offset" in replies[-1].text
    replies = await send(engine, Command("back"))
    assert "What happened to the loan?" in replies[-1].text
    replies = await send(engine, Command("back"))
    assert "unpaid balance" in replies[-1].text
    await send(engine, "20000")
    saved = await store.load(ME)
    assert saved.data["answers"]["balance"] == "20000.00"


async def test_back_after_the_estimate_reasks_the_last_question(engine: ConversationEngine) -> None:
    for answer in ("15000 45 plan ended 22%", "today", "skip"):
        await send(engine, answer)
    replies = await send(engine, Command("back"))
    assert "Which state" in replies[-1].text
    replies = await send(engine, "TX")
    assert "Total: $4,800.00" in replies[-1].text


async def test_cancel_start_help(engine: ConversationEngine, store: MemoryStore) -> None:
    await send(engine, "15000")
    await send(engine, "left")
    replies = await send(engine, Command("cancel"))
    assert "Cancelled" in replies[-1].text
    assert await step_of(store) is None
    replies = await send(engine, Command("cancel"))
    assert "Nothing to cancel" in replies[-1].text
    replies = await send(engine, Command("back"))
    assert "Nothing to go back to" in replies[-1].text
    replies = await send(engine, Command("help"))
    assert "/back" in replies[0].text and "/cancel" in replies[0].text
    await send(engine, Command("start"))
    await send(engine, "15000")
    await send(engine, "left")
    await send(engine, "today")
    replies = await send(engine, Command("help"))
    assert len(replies) == 2 and "How old" in replies[1].text  # help, then the question in hand
    replies = await send(engine, Command("start"))
    assert "unpaid balance" in replies[-1].text
    assert (await store.load(ME)).data["answers"] == {}


async def test_unknown_command(engine: ConversationEngine, store: MemoryStore) -> None:
    await send(engine, "15000")
    await send(engine, "left")
    await send(engine, "today")
    replies = await send(engine, Command("frobnicate", "x"))
    assert "don't know the command /frobnicate" in replies[-1].text and "How old" in replies[-1].text
    assert await step_of(store) == "age"
    replies = await send(engine, Command("z" * 300))
    assert "z" * 40 not in replies[-1].text


async def test_start_with_a_deep_link_payload(engine: ConversationEngine) -> None:
    replies = await send(engine, Command("start", "15000_45_left_22"))
    # "22" without % is ambiguous with the age, so nothing is guessed.
    assert "unpaid balance" in replies[-1].text
    replies = await send(engine, Command("start", "15000 45 left 22%"))
    assert "When was the loan offset" in replies[-1].text


async def test_button_for_an_earlier_step_re_answers_it(engine: ConversationEngine, store: MemoryStore) -> None:
    await send(engine, Command("start"))
    await send(engine, "15000")
    await send(engine, "plan ended")
    await send(engine, "today")
    rate_question = await send(engine, "45")
    rate_buttons = [c.data for row in rate_question[-1].choices for c in row]
    assert "a:rate:22" in rate_buttons
    await send(engine, Button("a:rate:22"))
    assert await step_of(store) == "state"
    # The event question's button, pressed again from the old message.
    replies = await send(engine, Button("a:event:separation"))
    assert "When did you leave?" in replies[-1].text
    await send(engine, Button("a:left_when:recent"))
    saved = await store.load(ME)
    assert saved.data["answers"]["federal_rate"] == "22"  # later answers kept
    assert saved.data["step"] == "state"
    # After the estimate an old rate button re-answers and recomputes at once.
    await send(engine, "skip")
    replies = await send(engine, Button("a:rate:24"))
    assert "Federal income tax: $3,600.00" in replies[-1].text


async def test_button_for_a_question_off_the_path(engine: ConversationEngine, store: MemoryStore) -> None:
    await send(engine, "15000 45 plan ended 22%")
    await send(engine, "today")
    replies = await send(engine, Button("a:filing:single"))  # only asked after "not sure"
    assert "no longer applies" in replies[-1].text and "Which state" in replies[-1].text
    assert await step_of(store) == "state"


async def test_buttons_after_cancel_and_garbage_buttons(engine: ConversationEngine) -> None:
    await send(engine, "15000 45 plan ended 22%")
    await send(engine, "today")
    await send(engine, Command("cancel"))
    replies = await send(engine, Button("a:state:-"))
    assert "conversation that has ended" in replies[-1].text
    replies = await send(engine, Button("w:999:all"))
    assert "no longer kept" in replies[-1].text
    for data in ("", "zzz", "a:nosuchstep:1", "w:1", "w:abc:all", "c:rm -rf"):
        replies = await send(engine, Button(data))
        assert replies[-1].text


async def test_what_if_still_works_after_cancel(engine: ConversationEngine) -> None:
    replies = await send(engine, "15000 45 plan ended 22%")
    await send(engine, "today")
    replies = await send(engine, "skip")
    more = next(c.data for row in replies[-1].choices for c in row if "➕" in c.label)
    replies = await send(engine, Button(more))  # "More…": every what-if, with the same data as before (issue 24)
    half = next(c.data for row in replies[-1].choices for c in row if "half" in c.label)
    await send(engine, Command("cancel"))
    replies = await send(engine, Button(half))
    assert "Total: $2,400.00" in replies[-1].text


async def test_text_after_the_estimate(engine: ConversationEngine) -> None:
    await send(engine, "15000 45 plan ended 22%")
    await send(engine, "today")
    await send(engine, "skip")
    replies = await send(engine, "hello")
    assert "estimate is above" in replies[-1].text
    replies = await send(engine, "24%")
    assert "Federal income tax: $3,600.00" in replies[-1].text


async def test_corrupt_or_unknown_state_is_reset_with_a_message(engine: ConversationEngine, store: MemoryStore) -> None:
    for bad in ({"v": 999}, {"v": 1, "step": "nope"}, {"hello": "world"}, {"v": 1, "step": "age", "answers": [], "history": []}):
        await store.save(ME, StoredState(data=bad))
        replies = await send(engine, "15000")
        assert "start again" in replies[0].text
        assert "What happened to the loan?" in replies[-1].text
        assert (await store.load(ME)).data["step"] == "event"


async def test_an_exception_in_a_step_keeps_the_state(engine: ConversationEngine, store: MemoryStore, monkeypatch) -> None:
    await send(engine, "15000 45 plan ended 22%")
    await send(engine, "today")
    before = (await store.load(ME)).data

    def boom(*args, **kwargs):
        raise RuntimeError("calculator exploded")

    monkeypatch.setattr("calculator.estimate", boom)
    replies = await send(engine, "skip")
    assert "Something went wrong" in replies[-1].text and "answers are kept" in replies[-1].text
    assert (await store.load(ME)).data == before
    monkeypatch.undo()
    replies = await send(engine, "skip")
    assert "Total: $4,800.00" in replies[-1].text


async def test_a_failing_store_save_is_reported_not_raised(store: MemoryStore) -> None:
    class BrokenSave(MemoryStore):
        async def save(self, key, state):  # noqa: ANN001
            raise OSError("disk full")

    broken = BrokenSave()
    await broken.open()
    replies = await ConversationEngine(broken, clock=lambda: TODAY).handle(ME, Text("15000"))
    assert "couldn't save" in replies[-1].text


async def test_calculator_rejection_reasks_the_question(engine: ConversationEngine, store: MemoryStore) -> None:
    # Bracket tables exist only for some years: an offset in a year without them is re-asked.
    from calculator import SUPPORTED_BRACKET_YEARS

    year = max(SUPPORTED_BRACKET_YEARS) + 1
    far = ConversationEngine(store, clock=lambda: dt.datetime(year, 3, 1))
    await far.handle(ME, Text("15000 45 plan ended"))
    await far.handle(ME, Text("today"))
    # Refused where it can be fixed, before the filing status and income are asked for nothing.
    replies = await far.handle(ME, Text("not sure"))
    assert "🤔" in replies[-1].text and f"not {year}, the offset's year" in replies[-1].text
    assert (await store.load(ME)).data["step"] == "rate"
    replies = await far.handle(ME, Text("22%"))
    assert "Which state" in replies[-1].text
    # The calculator's own refusal, when the year turns after the brackets were chosen, is in
    # test_conversation_flow.py::test_brackets_chosen_then_the_year_turns_reasks_the_rate.


async def test_group_chat_help_mentions_replying(engine: ConversationEngine) -> None:
    replies = await engine.handle(ChatKey(-5, 1), Command("start"), chat_type="supergroup")
    assert "Reply to my questions" in replies[-1].text
    assert replies[-1].expects_answer and replies[-1].placeholder == "15000"


# --- found by tests/test_fuzz_conversation.py ---------------------------------------------


@pytest.mark.parametrize("text", ["9" * 40, "9" * 80, "9" * 29 + "k", "15000 45 " + "9" * 40])
async def test_an_amount_with_more_digits_than_decimal_holds_is_refused(
    engine: ConversationEngine, store: MemoryStore, text: str
) -> None:
    # Rounding 40 digits to cents overflowed Decimal's 28-digit precision (InvalidOperation): "Something went wrong".
    from conversations.reading import ParseError, parse_amount

    with pytest.raises(ParseError, match="more than I can work with"):
        parse_amount("9" * 40)
    await send(engine, Command("start"))
    replies = await send(engine, text)
    joined = "\n".join(r.text for r in replies)
    assert "Something went wrong" not in joined
    if " " not in text:
        assert "🤔" in joined and await step_of(store) == "balance"
    else:  # a junk word in a one-liner is skipped, like "15000 45 banana"
        assert await step_of(store) == "event"


async def test_a_one_liner_says_why_it_left_an_answer_out(engine: ConversationEngine, store: MemoryStore) -> None:
    # "2000000 45" kept the age and re-asked the balance without a word about the balance being too big.
    await send(engine, Command("start"))
    replies = await send(engine, "2000000 45")
    assert "more than I can work with" in replies[-1].text and "How much is still owed" in replies[-1].text
    assert await step_of(store) == "balance"
    assert (await store.load(ME)).data["answers"]["age"] == 45
    # A refused rate is named too, even though the next question is another one.
    await send(engine, Command("start"))
    replies = await send(engine, "15000 45 left 50%")
    assert "top federal rate is 37%" in replies[-1].text and "When was the loan offset" in replies[-1].text


async def test_a_forged_reminder_id_too_big_for_the_database(tmp_path) -> None:  # noqa: ANN001
    # "rmd:x:9999999999999999999" passed the 19-digit check, then overflowed SQLite's INTEGER: "Something went wrong".
    from conversations.reminders import parse_cancel_button
    from conversations.store import open_store

    assert parse_cancel_button(f"rmd:x:{2**63 - 1}") == 2**63 - 1
    assert parse_cancel_button(f"rmd:x:{2**63}") is None
    store = open_store(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    await store.open()
    try:
        engine = ConversationEngine(store, clock=lambda: TODAY)
        for data in ("rmd:x:" + "9" * 19, f"rmd:x:{2**63}", f"rmd:x:{2**63 - 1}"):
            replies = await send(engine, Button(data))
            assert "Something went wrong" not in replies[-1].text
    finally:
        await store.close()


async def test_dead_button_with_no_conversation_offers_a_new_estimate() -> None:
    from conversations import Button, ChatKey, Command, ConversationEngine
    from conversations.store import MemoryStore

    store = MemoryStore()
    await store.open()
    engine = ConversationEngine(store)
    key = ChatKey(1, 1)
    await engine.handle(key, Command("start"))
    await engine.handle(key, Command("cancel"))
    [reply] = await engine.handle(key, Button("zz:garbage"))
    assert "Send /start for a new estimate" in reply.text
    assert [c.data for row in reply.choices for c in row] == ["c:start"]
    await store.close()


@pytest.mark.parametrize(("line", "said"), [
    ("15000 45 on leave 22%", "On a leave of absence you still work there"),
    ("15000 almost 60 left 22%", "not the age you are about to turn"),
    ("15000 45 left 22% 2025-01-01 2025-02-02", "I found two dates"),
])
async def test_a_one_liner_with_a_problem_says_that_problem(engine: ConversationEngine, store: MemoryStore, line, said) -> None:
    # Not "an amount should be digits only": the line tried to give several answers, and one of them is the trouble.
    text = "\n".join(r.text for r in await send(engine, line))  # no /start first: still answered
    assert said in text and "digits only" not in text
    assert await step_of(store) == "balance"
    await send(engine, Command("start"))
    text = "\n".join(r.text for r in await send(engine, line))
    assert said in text
