"""Issue 24's near misses, found by trying the bot as a new user would: each gets the answer a person expects.

The Spanish tests check what is read and kept, and the buttons offered, in a Spanish chat.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conversations import Button, ChatKey, Command, ConversationEngine, Reply, Text
from conversations.terminal import terminal_language

ROOT = Path(__file__).resolve().parent.parent
ME = ChatKey(chat_id=10, user_id=1)


async def send(engine: ConversationEngine, what: str | Command | Button, locale: str = "en") -> Reply:
    replies = await engine.handle(ME, Text(what) if isinstance(what, str) else what, locale=locale)
    assert replies
    return replies[-1]


async def saved(store) -> dict:  # noqa: ANN001
    return (await store.load(ME)).data


def buttons(reply: Reply) -> list[tuple[str, str]]:
    return [(c.label, c.data) for row in reply.choices for c in row]


# --- "0.22" at the offset's day: a rate, not a date without its year -------------------------------------


@pytest.mark.parametrize(("locale", "event", "typed"), [
    ("en", "left", "0.22"), ("en", "left", "22%"), ("en", "left", ".22"),
    ("es", "dejé el trabajo", "0,22"), ("es", "dejé el trabajo", "22 por ciento"),
])
async def test_a_rate_typed_for_the_offset_day_is_said_to_be_a_rate(
    engine: ConversationEngine, store, locale: str, event: str, typed: str  # noqa: ANN001
) -> None:
    await send(engine, Command("start"), locale)
    await send(engine, "15000", locale)
    await send(engine, event, locale)
    reply = await send(engine, typed, locale)
    if locale == "en":
        assert reply.text.startswith("🤔 That looks like a tax rate (22%), not a date: I'll ask for your rate in a moment.")
        assert "add the year" not in reply.text
    assert "22%" in reply.text.split("\n")[0]
    assert (await saved(store))["step"] == "offset"
    assert "offset_date" not in (await saved(store))["answers"]


async def test_a_day_with_a_dot_is_still_a_date(engine: ConversationEngine) -> None:
    await send(engine, Command("start"))
    await send(engine, "15000")
    await send(engine, "left")
    assert "Which year?" in (await send(engine, "10.8")).text  # October 8, not a rate of 10.8%


# --- "65,000" at the federal rate: an income, and the brackets work the rate out -------------------------


@pytest.mark.parametrize(("locale", "event", "typed"), [
    ("en", "left", "65,000"), ("en", "left", "$65k"), ("es", "dejé el trabajo", "65.000"), ("es", "dejé el trabajo", "65,000"),
])
async def test_an_income_typed_for_the_rate_works_the_rate_out_from_it(
    engine: ConversationEngine, store, locale: str, event: str, typed: str  # noqa: ANN001
) -> None:
    await send(engine, Command("start"), locale)
    await send(engine, f"15000 45 {event}", locale)
    await send(engine, Button("a:offset:today"), locale)
    await send(engine, Button("a:left_when:recent"), locale)
    assert (await saved(store))["step"] == "rate"
    reply = await send(engine, typed, locale)
    if locale == "en":
        assert reply.text.startswith("✔️ $65,000.00 is an income, not a rate: I'll work your rate out from it and how you file.")
        assert "👪 How will you file your tax return?" in reply.text
    assert "100%" not in reply.text
    state = await saved(store)
    assert state["step"] == "filing"
    assert state["answers"]["federal_rate"] is None and Decimal(state["answers"]["income"]) == 65000
    reply = await send(engine, Button("a:filing:single"), locale)
    assert (await saved(store))["step"] == "state"  # the income is kept: not asked again


async def test_a_rate_over_100_that_is_no_income_is_still_refused(engine: ConversationEngine, store) -> None:  # noqa: ANN001
    await send(engine, Command("start"))
    await send(engine, "15000 45 left")
    await send(engine, Button("a:offset:today"))
    await send(engine, Button("a:left_when:recent"))
    assert "more than 100%" in (await send(engine, "150")).text
    assert (await saved(store))["step"] == "rate"


# --- a balance of $45: probably an age, asked about before it is used ------------------------------------


@pytest.mark.parametrize("locale", ["en", "es"])
async def test_a_balance_under_100_is_confirmed_before_use(engine: ConversationEngine, store, locale: str) -> None:  # noqa: ANN001
    await send(engine, Command("start"), locale)
    reply = await send(engine, "45", locale)
    if locale == "en":
        assert reply.text.startswith("🤔 $45.00 is very little for a 401(k) loan: tap it if that is the balance. If it "
                                     "was your age, please send the balance first, e.g. 15000 (your age comes later).")
    assert buttons(reply)[0] == ("$45.00", "a:balance:45.00")
    state = await saved(store)
    assert state["step"] == "balance" and "balance" not in state["answers"]
    reply = await send(engine, Button("a:balance:45.00"), locale)  # it is the balance: taken
    assert reply.text.startswith("✔️ $45.00")
    assert Decimal((await saved(store))["answers"]["balance"]) == 45


async def test_a_small_balance_said_as_money_is_taken(engine: ConversationEngine, store) -> None:  # noqa: ANN001
    await send(engine, Command("start"))
    assert (await send(engine, "$45")).text.startswith("✔️ $45.00")
    await send(engine, Command("back"))
    assert (await send(engine, "100")).text.startswith("✔️ $100.00")  # at the threshold: a balance
    await send(engine, Command("back"))
    reply = await send(engine, "45")
    assert "very little" in reply.text
    assert (await send(engine, "15000")).text.startswith("✔️ $15,000.00")  # the balance after all


async def test_a_small_balance_as_the_first_message_is_asked_about(engine: ConversationEngine) -> None:
    reply = await send(engine, "45")  # no /start
    assert "very little for a 401(k) loan" in reply.text and buttons(reply)[0] == ("$45.00", "a:balance:45.00")


# --- "fired" at the balance: what happened, taken for the next question ----------------------------------


@pytest.mark.parametrize(("locale", "typed"), [
    ("en", "fired"), ("en", "I got laid off"), ("en", "I got fired"), ("es", "me despidieron"),
])
async def test_what_happened_said_at_the_balance_answers_the_next_question(
    engine: ConversationEngine, store, locale: str, typed: str  # noqa: ANN001
) -> None:
    await send(engine, Command("start"), locale)
    reply = await send(engine, typed, locale)
    if locale == "en":
        assert reply.text.startswith("✔️ I left my job\n\n📝 That answers the next question. First, the balance:\n\n💵 How much")
        assert "no letters" not in reply.text
    else:
        assert reply.text.startswith("✔️ Dejé mi trabajo\n\n📝 ")
    state = await saved(store)
    assert state["step"] == "balance" and state["answers"]["event"] == "separation"
    reply = await send(engine, "15000", locale)
    assert (await saved(store))["step"] == "offset"  # "What happened?" is not asked again


async def test_laid_off_with_when_at_the_balance_keeps_when(engine: ConversationEngine) -> None:
    await send(engine, Command("start"))
    await send(engine, "I got laid off last month")
    await send(engine, "15000")
    await send(engine, Button("a:offset:today"))
    assert "✔️ 45\n✔️ Left in February 2026" in (await send(engine, "45")).text


async def test_what_happened_as_the_first_message_is_taken_with_the_welcome(engine: ConversationEngine) -> None:
    reply = await send(engine, "I got fired")  # no /start
    assert reply.text.startswith("👋 ") and "✔️ I left my job" in reply.text and "💵 How much" in reply.text


@pytest.mark.parametrize("typed", ["what if I'm fired", "what happens if I get fired?", "on leave"])
async def test_a_question_about_leaving_at_the_balance_is_not_taken_as_an_answer(
    engine: ConversationEngine, store, typed: str  # noqa: ANN001
) -> None:
    await send(engine, Command("start"))
    await send(engine, typed)
    assert "event" not in (await saved(store))["answers"]


# --- "califronia": the closest state, as a button --------------------------------------------------------


@pytest.mark.parametrize(("locale", "event", "typed", "button"), [
    ("en", "left", "califronia", ("California", "a:state:CA")),
    ("en", "left", "Tennesee", ("Tennessee", "a:state:TN")),
    ("es", "dejé el trabajo", "Nueva Yrok", ("Nueva York", "a:state:NY")),
])
async def test_a_misspelt_state_offers_the_closest_state(
    engine: ConversationEngine, store, locale: str, event: str, typed: str, button: tuple[str, str]  # noqa: ANN001
) -> None:
    await send(engine, Command("start"), locale)
    await send(engine, f"15000 45 {event} 22%", locale)
    await send(engine, Button("a:offset:today"), locale)
    await send(engine, Button("a:left_when:recent"), locale)
    assert (await saved(store))["step"] == "state"
    reply = await send(engine, typed, locale)
    if locale == "en":
        assert reply.text.startswith(f"🤔 Did you mean {button[0]}? Tap it, or send the state's two-letter code, e.g. CA.")
    assert button[0] in reply.text.split("\n")[0]
    assert buttons(reply)[0] == button
    await send(engine, Button(button[1]), locale)
    assert (await saved(store))["answers"]["state"] == button[1][-2:]


async def test_a_place_that_is_no_state_is_still_refused(engine: ConversationEngine) -> None:
    await send(engine, Command("start"))
    await send(engine, "15000 45 left 22%")
    await send(engine, Button("a:offset:today"))
    await send(engine, Button("a:left_when:recent"))
    reply = await send(engine, "Narnia")
    assert "two-letter code" in reply.text and buttons(reply) == [("Skip", "a:state:-")]


# --- someone whose 55th birthday is later this year: "the year you turn 55" ------------------------------


async def test_the_rule_of_55_before_the_55th_birthday_says_turn(engine: ConversationEngine) -> None:
    await send(engine, Command("start"))
    await send(engine, "15000")
    await send(engine, "left")
    await send(engine, Button("a:offset:today"))
    await send(engine, "11/20/1971")  # 55 on Nov 20, 2026; today is Mar 10, 2026
    await send(engine, "2026-01-15")
    await send(engine, "22%")
    reply = await send(engine, "skip")
    assert "(you left your job in the year you turn 55)" in reply.text and "turned 55" not in reply.text
    why = await send(engine, Button("w:1:why"))
    assert "the year you turn 55" in why.text and "turned 55" not in why.text


async def test_the_rule_of_55_after_the_55th_birthday_says_turned(engine: ConversationEngine) -> None:
    await send(engine, Command("start"))
    await send(engine, "15000")
    await send(engine, "left")
    await send(engine, Button("a:offset:today"))
    await send(engine, "1/20/1971")  # 55 on Jan 20, 2026: passed
    await send(engine, "2026-01-15")
    await send(engine, "22%")
    reply = await send(engine, "skip")
    assert "(you left your job in or after the year you turned 55)" in reply.text


def test_the_calculators_note_says_turn_before_the_birthday() -> None:
    import datetime as dt
    from decimal import Decimal

    from calculator import OffsetInput, estimate

    def note(today: dt.date) -> str:
        inp = OffsetInput(balance=Decimal(15000), birth_date=dt.date(1971, 11, 20), event="separation",
                          offset_date=dt.date(2026, 3, 10), separation_date=dt.date(2026, 1, 15), federal_rate=Decimal(22))
        [found] = [n for n in estimate(inp, today=today).note_details if n.code == "penalty.separation_at_55"]
        return found.text

    assert "in 2026, the calendar year you turn 55," in note(dt.date(2026, 3, 10))
    assert "in 2026, in or after the calendar year you turned 55," in note(dt.date(2026, 12, 1))


# --- the terminal chat: Spanish, and the calendar file under the data directory --------------------------


def test_terminal_language_from_the_option_or_the_locale() -> None:
    assert terminal_language({}, "es") == "es"
    assert terminal_language({"LANG": "es_US.UTF-8"}) == "es"
    assert terminal_language({"LC_ALL": "", "LC_MESSAGES": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}) == "es"
    assert terminal_language({"LC_ALL": "C", "LANG": "es_US.UTF-8"}) == "en"  # LC_ALL wins, as in gettext
    assert terminal_language({"LC_ALL": "en_US.UTF-8"}, "es") == "es"  # --lang wins
    assert terminal_language({"LANG": "fr_FR.UTF-8"}) == "en"  # a language the bot doesn't speak
    assert terminal_language({}) == "en"


def _terminal(tmp_path: Path, script: str, *args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "BOT_", "LOG_LEVEL", "LC_", "LANG"))}
    env.update(PYTHONPATH=str(ROOT), BOT_CHARTS="off", **env_overrides)
    return subprocess.run([sys.executable, "-m", "bot", *args], input=script, capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60)


@pytest.mark.parametrize(("args", "env"), [(("--lang", "es"), {}), (("--lang=es",), {}), ((), {"LANG": "es_US.UTF-8"}),
                                           ((), {"LC_ALL": "es_US.UTF-8", "LANG": "en_US.UTF-8"})])
def test_the_terminal_chat_speaks_spanish(tmp_path: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    result = _terminal(tmp_path, "15000 45 dejé el trabajo 22%\nhoy\n1\nomitir\n", *args, **env)
    assert result.returncode == 0, result.stderr
    assert "(Chat en la terminal: escriba sus respuestas" in result.stdout
    assert "¿Cuánto se debe todavía del préstamo 401(k)" in result.stdout
    assert "15 de octubre de 20" in result.stdout  # the deadline written out (its year is the real clock's)
    assert result.stdout.rstrip().endswith("¡Adiós!")


def test_the_terminal_chat_stays_english_by_default_and_refuses_a_bare_lang(tmp_path: Path) -> None:
    result = _terminal(tmp_path, "", LANG="en_US.UTF-8")
    assert result.returncode == 0 and "(Terminal chat: type your answers" in result.stdout
    bad = _terminal(tmp_path, "", "--lang")
    assert bad.returncode == 2 and "usage: python -m bot [healthcheck | --lang LANGUAGE]" in bad.stderr


def test_the_terminal_saves_the_calendar_file_under_the_data_directory(tmp_path: Path) -> None:
    data = tmp_path / "somewhere" / "data"
    work = tmp_path / "repository"
    work.mkdir()
    script = "15000\n1\n1\n45\n1\n22%\nskip\n1\n"  # the last 1) ⏰ Remind me
    result = _terminal(work, script, BOT_DATABASE_URL=f"sqlite:///{data / 'bot.sqlite3'}")
    assert result.returncode == 0, result.stderr
    [ics] = data.glob("*.ics")
    assert b"BEGIN:VCALENDAR" in ics.read_bytes()
    assert f"📎 saved to {ics}" in result.stdout
    assert list(work.iterdir()) == []  # nothing in the directory the terminal ran in
