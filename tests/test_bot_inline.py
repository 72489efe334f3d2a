"""Inline mode (`@bot 15000 45 left 22%` in any chat) with the real Application, against the stand-in Bot API."""

from __future__ import annotations

import datetime as dt

import pytest
from botapi_stub import BotAPIStub, Call
from conftest import TODAY

from bot.handlers.inline import CACHE_TIME
from conversations.replies.quick_estimate import quick_estimate
from conversations.replies.quick_texts import Missing, QuickResult

ME = 5301


async def _answer(stub: BotAPIStub, query_id: str, after: int) -> Call:
    return await stub.wait_for("answerInlineQuery", lambda c: c.params.get("inline_query_id") == query_id, after=after)


def echo(message: str) -> str:
    """What a one-line estimate read the line as: after the first screen (issue 24), no longer its first line."""
    return next(line for line in message.splitlines() if line.startswith("Quick estimate for:"))


def _only_result(call: Call) -> dict:
    results = call.json("results")
    assert isinstance(results, list) and len(results) == 1, results
    [result] = results
    assert result["type"] == "article"
    assert len(result["id"].encode()) <= 64
    return result


def _check_personal_and_short_cache(call: Call) -> None:
    assert call.params.get("is_personal") == "true"
    assert call.int("cache_time") == CACHE_TIME <= 30
    assert call.json("button") == {"text": "🔒 Start a private estimate", "start_parameter": "estimate"} or (
        call.json("button", {}).get("start_parameter") == "estimate"
    )


async def test_inline_query_offers_the_breakdown(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    mark = stub.mark()
    query_id = stub.send_inline_query(ME, "15000 45 left 22%")
    call = await _answer(stub, query_id, mark)
    assert call.status == 200
    _check_personal_and_short_cache(call)
    result = _only_result(call)
    assert "$4,800.00" in result["title"]
    assert "$3,300.00" in result["description"] and "$1,500.00" in result["description"]
    message = result["input_message_content"]["message_text"]
    assert "Total: $4,800.00" in message
    assert "Federal income tax: $3,300.00" in message
    assert "10% early withdrawal tax: $1,500.00" in message
    # A button to a private estimate through the deep link.
    [[button]] = result["reply_markup"]["inline_keyboard"]
    assert button["url"] == f"https://t.me/{stub.username}?start=estimate"
    # No conversation was started or message sent: inline queries have no chat.
    assert not stub.find("sendMessage", after=mark)


async def test_empty_query_explains_how_with_an_example(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    mark = stub.mark()
    query_id = stub.send_inline_query(ME, "")
    call = await _answer(stub, query_id, mark)
    _check_personal_and_short_cache(call)
    result = _only_result(call)
    assert "15000 45 left 22%" in result["description"]
    message = result["input_message_content"]["message_text"]
    assert f"@{stub.username} 15000 45 left 22%" in message
    assert "federal tax rate" in message
    [[button]] = result["reply_markup"]["inline_keyboard"]
    assert button["url"].endswith("?start=estimate")


async def test_partial_query_says_what_is_missing(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    mark = stub.mark()
    first = stub.send_inline_query(ME, "15000 left 22%")
    result = _only_result(await _answer(stub, first, mark))
    assert "your age" in result["title"].lower()
    assert "$" not in result["title"]  # no estimate without the age

    # No default rate is guessed: a line without one asks for it.
    second = stub.send_inline_query(ME, "15000 45 left")
    result = _only_result(await _answer(stub, second, mark))
    assert "federal tax rate" in result["title"]
    assert "your age" not in result["title"]

    # Something that can't be read says why.
    third = stub.send_inline_query(ME, "15000 20000 45 left 22%")
    result = _only_result(await _answer(stub, third, mark))
    assert "two amounts" in result["description"]


async def test_inline_query_in_spanish(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    mark = stub.mark()
    query_id = stub.send_inline_query(ME, "15000 45 renuncié 22%", language_code="es")
    call = await _answer(stub, query_id, mark)
    result = _only_result(call)
    assert "$4,800.00" in result["title"]  # es_US: dollars as on US statements
    assert "impuesto" in result["title"].lower()
    message = result["input_message_content"]["message_text"]
    assert "$4,800.00" in message and "Total" in message
    assert "Federal income tax" not in message
    [[button]] = result["reply_markup"]["inline_keyboard"]
    assert button["text"] != "🔒 Start a private estimate"
    assert button["url"].endswith("?start=estimate")
    assert call.json("button")["text"] == button["text"]

    empty = stub.send_inline_query(ME, "", language_code="es")
    help_result = _only_result(await _answer(stub, empty, mark))
    assert "Ejemplo" in help_result["input_message_content"]["message_text"] or "ejemplo" in help_result[
        "input_message_content"
    ]["message_text"]
    partial = stub.send_inline_query(ME, "15000 renuncié 22%", language_code="es")
    assert "su edad" in _only_result(await _answer(stub, partial, mark))["title"]


async def test_inline_uses_the_injected_clock(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    # The deadline depends on "today": the app's clock (the engine's), not the machine's.
    await start_bot(clock=lambda: dt.datetime(2026, 3, 10, 12, 0))
    mark = stub.mark()
    query_id = stub.send_inline_query(ME, "15000 45 left 22%")
    result = _only_result(await _answer(stub, query_id, mark))
    assert "Oct 15, 2027" in result["description"]  # the 2026 return's extended due date


def test_quick_estimate_is_pure_and_reusable() -> None:
    today = TODAY.date()
    result = quick_estimate("$15k, 45, laid off, 22 %", "en", today)
    assert isinstance(result, QuickResult)
    assert result.breakdown.total_tax == 4800
    assert result.inputs.offset_date == today
    missing = quick_estimate("45", "en", today)
    assert isinstance(missing, Missing) and missing.missing == ("balance", "event", "rate")
    assert isinstance(quick_estimate("   ", "pt-br", today), Missing)  # unknown language: English


@pytest.mark.parametrize(
    ("query", "said", "not_said"),
    [
        # 55 and left: the rule of 55 rests on leaving this year, not last.
        ("15000 55 left 22%", "❔ This assumes you left your job in 2026. If you left in 2025, the 10% tax ($1,500.00) may apply.", "❔ Your exact birth date"),
        # 54 and left: turning 55 later this year would remove the $1,500.
        ("15000 54 left 22%", "❔ Your exact birth date could lower this: the estimate takes the less favourable case.", "❔ This assumes"),
        ("15000 40 left 22%", None, "❔"),  # too young for 25 years of public-safety service
        ("15000 59 left 22%", None, "❔"),  # the rule of 55 applies whatever the birthday
    ],
)
def test_a_one_line_estimate_says_what_it_assumed_next_to_the_total(query, said, not_said) -> None:
    result = quick_estimate(query, "en", dt.date(2026, 11, 28))
    assert isinstance(result, QuickResult)
    assert echo(result.message).endswith(", offset on Nov 28, 2026")  # the date it assumed, said
    if said is not None:
        assert said in result.message
    assert not_said not in result.message


def test_a_one_line_estimate_takes_the_offset_date_typed_in_it() -> None:
    # A 1099-R for 2025 read in 2026: the 2025 tax year and its return's deadline.
    result = quick_estimate("15000 45 left 22% 11/3/2025", "en", dt.date(2026, 3, 10))
    assert isinstance(result, QuickResult)
    assert result.inputs.offset_date == dt.date(2025, 11, 3)
    assert "tax year 2025" in result.message and "Oct 15, 2026" in result.message
    assert echo(result.message).endswith(", offset on Nov 3, 2025")
    # Day first in Spanish; two dates, or one too far ahead, are refused with the reason.
    assert quick_estimate("15000 45 me fui 22% 3/11/2025", "es", dt.date(2026, 3, 10)).inputs.offset_date == dt.date(2025, 11, 3)
    for typed, day in (("2025/11/03", dt.date(2025, 11, 3)), ("11-3-2025", dt.date(2025, 11, 3)),
                       ("3.11.2025", dt.date(2025, 3, 11)), ("20.11.2025", dt.date(2025, 11, 20))):  # month first in English
        assert quick_estimate(f"15000 45 left 22% {typed}", "en", dt.date(2026, 3, 10)).inputs.offset_date == day, typed
    two = quick_estimate("15000 45 left 22% 2025-11-03 2025-12-01", "en", dt.date(2026, 3, 10))
    assert isinstance(two, Missing) and "two dates" in two.problem
    far = quick_estimate("15000 45 left 22% 2031-01-01", "en", dt.date(2026, 3, 10))
    assert isinstance(far, Missing) and "too far ahead" in far.problem


@pytest.mark.parametrize(
    ("query", "second_line"),
    [
        ("15000 45 left 22% 2025-03-01", "The rollover deadline, Oct 15, 2026, has passed"),  # a QPLO from last year
        ("15000 45 missed 22%", "Can't be rolled over; catching up on missed payments in time avoids it"),
        ("15000 45 left 22%", "Avoid it: deposit $15,000.00 in an IRA by Oct 15, 2027"),
    ],
)
def test_the_inline_result_line_names_why_it_cannot_be_rolled_over(query: str, second_line: str) -> None:
    # The short description under an inline result: a passed deadline is not a deemed distribution.
    result = quick_estimate(query, "en", dt.date(2026, 11, 28))
    assert isinstance(result, QuickResult)
    assert result.description.splitlines()[1] == second_line


@pytest.mark.parametrize(("query", "hinted"), [("15000 52 left 22%", True), ("15000 45 left 22%", True),
                                               ("15000 40 left 22%", False), ("15000 56 left 22%", False),
                                               ("15000 52 missed 22%", False), ("15000 52 plan ended 22%", True),
                                               ("15000 40 plan ended 22%", False)])  # fmt: skip
def test_a_one_line_estimate_names_the_public_safety_exception_it_could_not_ask(query: str, hinted: bool) -> None:
    # A one-liner asks nothing; at 50-54 a public-safety job would waive the 10%, and from 43 (hired at 18)
    # 25 years of service could (IRC 72(t)(10) as amended by SECURE 2.0 section 329).
    result = quick_estimate(query, "en", dt.date(2026, 11, 28))
    assert isinstance(result, QuickResult)
    line = "❔ A firefighter, police officer or other public safety employee? Leaving in or after the year you turn 50, "
    assert (line + "or after 25 years of service, waives the 10% tax." in result.message) is hinted


@pytest.mark.parametrize(("query", "said"), [("15000 57 plan ended 22%", True), ("15000 45 plan ended 22%", False),
                                             ("15000 57 left 22%", False)])
def test_a_one_line_plan_termination_names_the_rule_of_55_it_could_not_ask(query: str, said: bool) -> None:
    result = quick_estimate(query, "en", dt.date(2026, 11, 28))
    assert isinstance(result, QuickResult)
    line = "❔ Did you also leave the job? Leaving in or after the year you turn 55 waives the 10% tax."
    assert (line in result.message) is said
    assert "public safety" not in result.message or not said  # one hint, not two


async def test_inline_query_with_a_filing_status_income_and_the_states_rate(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    # No federal rate: the brackets from "single 60k income"; California by its brackets. And a state's rate
    # right after the state.
    mark = stub.mark()
    query_id = stub.send_inline_query(ME, "15000 45 left single 60k income CA")
    message = _only_result(await _answer(stub, query_id, mark))["input_message_content"]["message_text"]
    assert "Single, $60,000.00 of other income, CA" in message
    assert "by the 2026 brackets" in message and "CA income tax: $1,135.04 (by its 2025 brackets" in message
    mark = stub.mark()
    query_id = stub.send_inline_query(ME, "15000 45 left 22% CA 9.3%")
    message = _only_result(await _answer(stub, query_id, mark))["input_message_content"]["message_text"]
    assert "CA at 9.3%" in message and "CA income tax: $1,395.00 (9.3% state rate)" in message


async def test_inline_query_quoting_the_form_1099r(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    # In March (TODAY) with last year's form: no estimate dated today, which would give this year's tax and a
    # deadline a year late; with the offset's day, last year's deadline.
    mark = stub.mark()
    undated = stub.send_inline_query(ME, "my 1099-R says 12000, code M1, 45 left 22%")
    result = _only_result(await _answer(stub, undated, mark))
    assert "$" not in result["title"] and "A Form 1099-R means the offset has happened" in result["description"]
    dated = stub.send_inline_query(ME, "my 1099-R says 12000, code M1, 45 left 22% 2025-11-03")
    result = _only_result(await _answer(stub, dated, mark))
    assert "$3,840.00" in result["title"] and "by Oct 15, 2026" in result["description"]
    assert "tax year 2025" in result["input_message_content"]["message_text"]


async def test_inline_query_with_a_question_shares_its_answer(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    # "@Bot what is a loan offset?" in a group's chat: the /faq topic, with its sources, to send there, and the
    # way to a private estimate; a line of numbers with a question mark is still an estimate.
    mark = stub.mark()
    asked = stub.send_inline_query(ME, "what is a loan offset?")
    call = await _answer(stub, asked, mark)
    _check_personal_and_short_cache(call)
    result = _only_result(call)
    assert result["title"] == "💡 What is a loan offset?"
    assert result["description"].startswith("A loan offset happens when you leave your job")
    message = result["input_message_content"]["message_text"]
    assert message.startswith("💡 What is a loan offset?\n\nA loan offset happens") and "📚 Sources:" in message
    [[button]] = result["reply_markup"]["inline_keyboard"]
    assert button["url"].endswith("?start=estimate")
    numbers = stub.send_inline_query(ME, "what is the tax on 15000 45 left 22%?")
    assert "$4,800.00" in _only_result(await _answer(stub, numbers, mark))["title"]
