""""?", "help" and "not sure" at a question, /help in the middle of one, and a birth date for the age."""

from __future__ import annotations

import datetime as dt

import pytest
from test_conversation_flow import Chat

from conversations import Command, ConversationEngine, flow
from conversations.i18n import texts_for
from conversations.questions.question import Ctx
from conversations.state.answers import Answers
from conversations.store import MemoryStore

TODAY = dt.datetime(2026, 11, 28, 9, 0)


@pytest.fixture
def engine_now() -> dt.datetime:
    return TODAY  # the shared `engine` fixture (conftest.py) runs on this file's day


async def reach(engine: ConversationEngine, script: list[str], locale: str = "en") -> Chat:
    chat = Chat(engine, locale=locale)
    await chat.send(Command("start"))
    for line in script:
        await (chat.tap(line[4:]) if line.startswith("tap:") else chat.send(line))
    return chat


# (answers that lead to the question, a phrase of the question, a phrase of its help)
QUESTIONS = [
    ([], "unpaid balance", "latest 401(k) statement"),
    (["12k"], "What happened to the loan?", "quitting, a layoff, being fired and retiring all count"),
    (["12k", "tap:left"], "When was the loan offset", "The plan's notice or your account history shows the day"),
    (["12k", "tap:left", "3/15/2026"], "How old were you", "or your birth date, e.g. 5/14/1981"),
    (["12k", "tap:left", "3/15/2026", "57"], "When did you leave?", "the window is then only 60 days"),
    (["12k", "tap:left", "3/15/2026", "57", "tap:Within", "tap:Not sure"], "How will you file",
     "Head of household is for an unmarried person"),
    (["12k", "tap:left", "3/15/2026", "57", "tap:Within", "tap:Not sure", "single"], "other income",
     "Form 1040 (line 9)"),
    (["12k", "tap:left", "3/15/2026", "57", "tap:Within", "22"], "Which state", "not the state where you worked"),
    (["12k", "tap:plan", "3/15/2026", "57"], "Did you also leave that job", "tap \"Still working there\""),
    (["12k", "tap:left", "3/15/2026", "64", "tap:Within", "tap:Not sure", "tap:jointly", "50000"],
     "When were you born?", "your birth date settles it"),
]


@pytest.mark.parametrize("script, question, help_phrase", QUESTIONS)
@pytest.mark.parametrize("asked", ["?", "help", "not sure", "I don't know", "where do I find that?", "¿qué?"])
async def test_asking_for_help_explains_the_question_and_asks_it_again(
    engine: ConversationEngine, script: list[str], question: str, help_phrase: str, asked: str
) -> None:
    chat = await reach(engine, script)
    assert question in chat.last[-1].text
    step = (await engine._store.load(chat.key)).data["step"]
    text = await chat.send(asked)
    assert text.startswith("💡 ") and help_phrase in text
    assert "🤔" not in text  # not "couldn't read that"
    assert question in chat.last[-1].text  # the same question, with its buttons
    assert (await engine._store.load(chat.key)).data["step"] == step


async def test_not_sure_stays_an_answer_where_it_is_one(engine: ConversationEngine) -> None:
    # The rate: "not sure" works it out by brackets; "help" explains first.
    chat = await reach(engine, ["12k", "tap:left", "3/15/2026", "45", "tap:Within"])
    text = await chat.send("help")
    assert "bracket your last dollar of taxable income falls in" in text and "tap \"Not sure: work it out\"" in text
    assert "How will you file" in await chat.send("not sure")
    # The first missed payment: "not sure" is the Not sure button.
    chat = await reach(engine, ["12k", "tap:missed"])
    assert "first paycheck without the loan deduction" in await chat.send("?")
    assert "Not sure when" in await chat.send("not sure")


async def test_help_in_the_middle_of_a_question_explains_it(engine: ConversationEngine) -> None:
    chat = Chat(engine)
    assert "? explains one" in await chat.send(Command("start"))  # said from the first message
    chat = await reach(engine, ["12k"])
    await chat.send(Command("help"))
    assert "/start - start a new estimate" in chat.last[0].text
    assert "Send ? to see what it means and where to find the answer" in chat.last[0].text
    assert chat.last[-1].text.startswith("💡 Tap \"I left my job\"")
    assert "What happened to the loan?" in chat.last[-1].text and chat.last[-1].choices
    assert "I left my job" in await chat.tap("I left my job")


async def test_help_for_missed_payments_speaks_only_of_59_and_a_half(engine: ConversationEngine) -> None:
    chat = await reach(engine, ["12k", "tap:missed", "not sure"])
    text = await chat.send("?")
    assert "there is none from 59½" in text and "55" not in text.split("\n\n")[0]


def test_every_question_has_help_that_formats_in_both_languages() -> None:
    for locale in ("en", "es"):
        for answers in ({}, {"event": "default"}, {"event": "separation", "offset_date": "2024-05-01"}):
            ctx = Ctx(texts_for(locale), locale, TODAY.date(), Answers.from_json(answers))
            for step in flow.ORDER:
                assert step.help is not None, step.name
                text = step.help(ctx)
                assert text.startswith("💡 ") and "{" not in text, (locale, step.name, text)


@pytest.mark.parametrize(
    "text, age, born",
    [
        ("5/14/1969", 56, "May 14, 1969"),
        ("born May 14, 1969", 56, "May 14, 1969"),
        ("I was born on 3/16/1966", 59, "Mar 16, 1966"),
        ("dob: 1966-03-14", 60, "Mar 14, 1966"),
    ],
)
async def test_a_birth_date_answers_the_age(engine: ConversationEngine, text: str, age: int, born: str) -> None:
    chat = await reach(engine, ["12k", "tap:left", "3/15/2026"])
    assert f"✔️ {age} (born {born})" in await chat.send(text)
    assert "When did you leave?" in chat.last[-1].text
    answers = (await engine._store.load(chat.key)).data["answers"]
    assert answers["age"] == age and answers["birth_date"] is not None


async def test_a_birth_date_settles_59_and_a_half_without_asking_again(engine: ConversationEngine) -> None:
    # The plan ended at 59: with an age alone, the birthday (59½) and whether they left (55) would be asked.
    chat = await reach(engine, ["12k", "tap:plan", "3/15/2026"])
    assert "✔️ 59 (born Mar 16, 1966)" in await chat.send("3/16/1966")
    assert "federal income tax rate" in chat.last[-1].text  # straight to the rate
    await chat.tap("22%")
    assert "10% early withdrawal tax: $0.00 (you are 59½ or older)" in await chat.tap("Skip")
    # Born six months later: 59 in years too, but not 59½, so leaving the job is what could still count.
    chat = await reach(engine, ["12k", "tap:plan", "3/15/2026", "9/16/1966"])
    assert "Did you also leave that job" in chat.last[-1].text
    await chat.tap("Still working there")
    await chat.tap("22%")
    assert "10% early withdrawal tax: $1,200.00" in await chat.tap("Skip")


async def test_a_typed_age_after_back_forgets_the_birth_date(engine: ConversationEngine) -> None:
    chat = await reach(engine, ["12k", "tap:left", "3/15/2026", "5/14/1969"])
    await chat.send(Command("back"))
    assert "✔️ 45" in await chat.send("45")
    answers = (await engine._store.load(chat.key)).data["answers"]
    assert answers["age"] == 45 and answers.get("birth_date") is None
    await chat.tap("Within")
    assert "Total: $3,840.00" in await chat.send("22") + await chat.tap("Skip")


async def test_a_new_offset_day_moves_an_age_given_by_birth_date(engine: ConversationEngine) -> None:
    # Born 5/14/1969: 56 on 3/15/2026, but 57 on a later offset day given with the day of leaving.
    chat = await reach(engine, ["12k", "tap:left", "3/15/2026", "5/14/1969"])
    await chat.send("1/10/2026 and 6/1/2026")
    answers = (await engine._store.load(chat.key)).data["answers"]
    assert answers["age"] == 57 and answers["offset_date"] == "2026-06-01"
    await chat.send("22")
    assert "Total:" in await chat.tap("Skip")  # the calculator takes the age and the birth date together


@pytest.mark.parametrize(
    "text, reply",
    [
        ("born in 1969", "the year alone leaves the age open by one"),
        ("1969", "the year alone leaves the age open by one"),
        ("3/16/2026", "Mar 16, 2026 can't be your birth date"),
        ("1/1/1890", "Jan 1, 1890 can't be your birth date"),
        ("born", "Please send your age as a number of years"),
    ],
)
async def test_birth_dates_that_cannot_be_used_say_why(engine: ConversationEngine, text: str, reply: str) -> None:
    chat = await reach(engine, ["12k", "tap:left", "3/15/2026"])
    assert reply in await chat.send(text)
    assert "How old were you" in chat.last[-1].text


async def test_help_and_birth_date_in_spanish(engine: ConversationEngine) -> None:
    chat = await reach(engine, ["12 mil"], locale="es")
    text = await chat.send("no sé")
    assert text.startswith("💡 ") and "🤔" not in text
    await chat.tap("Dejé")
    await chat.send("15/3/2026")
    text = await chat.send("ayuda")
    assert text.startswith("💡 ") and "14/5/1981" in text
    assert "56 (nació el 14 de mayo de 1969)" in await chat.send("nací el 14/5/1969")


async def test_an_offset_next_year_asks_this_years_questions_in_the_present_tense() -> None:
    # In December 2025, an offset in January 2026: that year's income is still to come.
    store = MemoryStore()
    await store.open()
    chat = Chat(ConversationEngine(store, clock=lambda: dt.datetime(2025, 12, 10, 9, 0)))
    await chat.send("15000 63 left")
    await chat.send("1/15/2026")
    await chat.tap("Within")
    await chat.tap("Not sure")
    await chat.send("single")
    assert "will you have in 2026" in chat.last[-1].text
    assert "did you have" not in chat.last[-1].text
    await chat.send("20000")
    assert "Do you get Social Security benefits? If so, about how much in 2026" in chat.last[-1].text
    await store.close()
