"""The breakdown's first screen (issue 24): before anything else, what it costs if nothing is done, the one thing
that avoids it (or what to pay and by when), and "confirm with a tax professional", in at most 12 lines of
about 36 characters; at most four buttons, the rest behind "➕ More…", which edits the keyboard in place."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from botapi_stub import BotAPIStub

from calculator import OffsetInput, estimate
from conversations import Button, ChatKey, Command, ConversationEngine, Text
from conversations.i18n import texts_for
from conversations.replies.breakdown import first_screen_lines
from conversations.replies.facts import Facts
from conversations.replies.first_screen import CHECK_WITH_A_PROFESSIONAL

ME = ChatKey(1, 1)
ROOT = Path(__file__).resolve().parent.parent
WIDTH, SCREEN = 36, 12
# A phone shows an emoji (with its variation selector, skin tone or ZWJ partners) as one character.
_ONE_GLYPH = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]|\u200d.")


def rows(lines: list[str], width: int = WIDTH) -> int:
    """How many phone lines `lines` take, wrapped at word boundaries at `width` characters."""
    return sum(max(1, len(textwrap.wrap(_ONE_GLYPH.sub("", line), width))) for line in lines)


def test_rows_count_an_emoji_as_one_and_wrap_long_lines() -> None:
    assert rows(["👩‍💼 " + "x" * 34]) == 1
    assert rows(["a " * 30, ""]) == 3


def first_screen_of(message: str) -> list[str]:
    """The message's lines up to the tax professional's line, which closes the first screen."""
    lines = message.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith("👩‍💼"))
    return lines[: end + 1]


async def whole_chat(engine: ConversationEngine, *said: str, locale: str = "en") -> list:
    replies = await engine.handle(ME, Command("start"), locale=locale)
    for line in said:
        if line.startswith("tap:"):
            data = next(c.data for r in replies for row in r.choices for c in row if line[4:] in c.label)
            replies = await engine.handle(ME, Button(data), locale=locale)
        else:
            replies = await engine.handle(ME, Text(line), locale=locale)
    return replies


# The README's example, and three others the issue names: a deemed distribution, the rule of 55, a deadline passed.
CASES = {
    "readme": (
        dt.datetime(2026, 11, 28, 9, 0),
        ("15000", "tap:I left my job", "11/27/2026", "45", "tap:Within", "22%", "skip"),
        ["🧮 $4,800.00 tax if you do nothing",
         "✅ Avoid it all: deposit $15,000.00 in an IRA by Oct 15, 2027",
         "💸 Or set aside $4,800.00 (pay by Jan 15, 2027)"],
    ),
    "deemed": (
        dt.datetime(2026, 3, 10, 12, 0),
        ("9000", "tap:I missed payments", "February 2026", "40", "22%", "skip"),
        ["🧮 $2,880.00 tax if you do nothing",
         "✅ Avoid it all: make up the missed loan payments by Jun 30, 2026",
         "💸 Or set aside $2,880.00 (pay by Sep 15, 2026)"],
    ),
    "rule of 55": (
        dt.datetime(2026, 3, 10, 12, 0),
        ("20000", "tap:I left my job", "2/20/2026", "56", "2/1/2026", "22%", "CA", "9.3%"),
        ["🧮 $6,260.00 tax if you do nothing",
         "✅ Avoid it all: deposit $20,000.00 in an IRA by Oct 15, 2027",
         "💸 Or set aside $6,260.00 (pay by Apr 15, 2026)"],
    ),
    "deadline passed": (
        dt.datetime(2026, 3, 10, 12, 0),
        ("8000", "tap:I left my job", "12/1/2025", "40", "6/1/2024", "12%", "skip"),
        ["🧮 $1,760.00 tax to pay",
         "💸 Set aside $1,760.00 (pay by Apr 15, 2026)",
         "❌ Too late to roll it over: the deadline was Jan 30, 2026"],
    ),
}


@pytest.fixture
def engine_now(request: pytest.FixtureRequest) -> dt.datetime:
    return CASES[request.node.callspec.params["case"]][0] if hasattr(request.node, "callspec") else CASES["readme"][0]


@pytest.mark.parametrize("case", list(CASES))
async def test_the_first_screen_says_the_cost_the_one_action_and_to_ask_a_professional(
    engine: ConversationEngine, case: str
) -> None:
    _, said, expected = CASES[case]
    replies = await whole_chat(engine, *said)
    breakdown = next(r for r in replies if any(c.data.startswith("w:") for row in r.choices for c in row))
    screen = first_screen_of(breakdown.text)
    assert rows(screen) <= SCREEN, (case, rows(screen), screen)
    body = "\n".join(screen)
    for line in expected:
        assert line in body, (case, body)
    # The one action before anything else (only the acknowledgement of the last answer comes above it).
    assert body.index(expected[0]) < body.index(expected[1]) < body.index(expected[2])
    assert screen[-1] == CHECK_WITH_A_PROFESSIONAL
    # The parts follow, one line each with the rule named.
    rest = breakdown.text[len(body):]
    assert "Federal income tax:" in rest and "10% early withdrawal tax:" in rest
    if case == "rule of 55":
        assert "10% early withdrawal tax: $0.00 (you left your job in or after the year you turned 55)" in rest
        assert "🏛 CA income tax: $1,860.00 (9.3% state rate)" in rest
    # At most four buttons, then "➕ More…".
    labels = [c.label for row in breakdown.choices for c in row]
    assert len(labels) <= 5 and labels[-1] == "➕ More…", labels


@pytest.mark.parametrize("locale", ["en", "es"])
def test_first_screen_lines_fit_for_every_kind_of_breakdown(locale: str) -> None:
    texts = texts_for(locale)
    today = dt.date(2026, 3, 10)
    cases = [
        OffsetInput(balance=Decimal(15000), age=45, event="separation", federal_rate=Decimal(22),
                    offset_date=dt.date(2026, 2, 27)),
        OffsetInput(balance=Decimal(15000), age=45, event="separation", federal_rate=Decimal(22),
                    offset_date=dt.date(2026, 2, 27), rollover=Decimal(7500)),
        OffsetInput(balance=Decimal(15000), age=45, event="separation", federal_rate=Decimal(22),
                    offset_date=dt.date(2026, 2, 27), rollover=Decimal(15000)),
        OffsetInput(balance=Decimal(15000), age=45, event="plan-termination", federal_rate=Decimal(22),
                    offset_date=dt.date(2024, 12, 1)),
        OffsetInput(balance=Decimal(9000), age=40, event="default", federal_rate=Decimal(22),
                    offset_date=dt.date(2025, 12, 31), missed_payment_date=dt.date(2025, 8, 1)),
        OffsetInput(balance=Decimal(9000), age=61, event="separation", federal_rate=Decimal(22),
                    offset_date=dt.date(2026, 2, 27), state="NY", state_rate=Decimal("6.85")),
    ]
    for inputs in cases:
        b = estimate(inputs, today=today)
        screen = first_screen_lines(Facts.of(texts, b, inputs, today))
        assert rows(screen) <= SCREEN, screen
        assert screen[-1] == texts.gettext(CHECK_WITH_A_PROFESSIONAL)


async def test_more_shows_every_what_if_and_each_still_works(engine: ConversationEngine) -> None:
    replies = await whole_chat(engine, *CASES["readme"][1])
    [breakdown] = [r for r in replies if r.choices]
    more = next(c for row in breakdown.choices for c in row if c.label == "➕ More…")
    [edit] = await engine.handle(ME, Button(more.data))
    assert edit.replaces_keyboard
    labels = [c.label for row in edit.choices for c in row]
    assert {"🔁 Roll over all", "🔁 Roll over half", "🧾 Another tax rate", "🏛 A government 457(b)?",
            "📝 Why these numbers", "🆕 New estimate", "⏰ Remind me before the deadline"} <= set(labels)
    half = next(c for row in edit.choices for c in row if c.label == "🔁 Roll over half")
    assert half.data == "w:1:half"  # the same data as before: buttons of old messages keep working
    [result] = await engine.handle(ME, Button(half.data))
    assert "🔁 What if you roll over half:" in result.text and "🧮 $2,400.00 tax on the $7,500.00 not rolled over" in result.text
    assert "✅ Avoid the rest: deposit $7,500.00 more in an IRA by Oct 15, 2027" in result.text


async def test_notes_for_few_are_behind_why(engine: ConversationEngine) -> None:
    replies = await whole_chat(engine, *CASES["readme"][1])
    [breakdown] = [r for r in replies if r.choices]
    assert "Marketplace" not in breakdown.text and "estimated tax payment" not in breakdown.text
    why = await engine.handle(ME, Text("why"))
    text = "\n".join(r.text for r in why)
    # In Why, in short (issue 24): no emoji repeating the heading's, and the way to pay as a bullet of its own.
    assert "🩺 Other effects\n• Marketplace tax credit can shrink." in text
    assert "• Or pay it by Jan 15, 2027 as an estimated payment (Form 1040-ES)." in text
    assert "• (" not in text


WHY_SCREENS = 2 * SCREEN  # "📝 Why these numbers" fits two phone screens; the long version is behind /faq


@pytest.mark.parametrize("case", list(CASES))
async def test_why_fits_two_screens(engine: ConversationEngine, case: str) -> None:
    await whole_chat(engine, *CASES[case][1])
    why = await engine.handle(ME, Text("why"))
    lines = [line for r in why for line in r.text.split("\n")]
    assert rows(lines) <= WHY_SCREENS, (case, rows(lines), "\n".join(lines))
    assert any("/faq" in line or " · /" in line for line in lines), lines  # the long version is one tap away


async def test_spanish_first_screen(engine: ConversationEngine) -> None:
    said = ("15000", "tap:Dejé mi trabajo", "2026-11-27", "45", "tap:En los 12 meses", "22%", "tap:Omitir")
    replies = await whole_chat(engine, *said, locale="es")
    [breakdown] = [r for r in replies if r.choices]
    screen = first_screen_of(breakdown.text)
    body = "\n".join(screen)
    assert rows(screen) <= SCREEN, screen
    assert "🧮 $4,800.00 de impuesto si no hace nada" in body
    assert "✅ Evítelo todo: deposite $15,000.00 en una IRA a más tardar el 15 de octubre de 2027" in body
    assert "💸 O aparte $4,800.00 (pague a más tardar el 15 de enero de 2027)" in body


# --- through Telegram ----------------------------------------------------------------------------------------


async def test_the_first_screen_and_more_through_telegram(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    me = 4242
    await start_bot(clock=lambda: CASES["readme"][0])
    stub.send_command(me, me, "start")
    [last] = await stub.next_messages(me, 1)
    for line in CASES["readme"][1]:
        if line.startswith("tap:"):
            stub.press_button(me, me, last.message_id, last.button(line[4:]))
        else:
            stub.send_text(me, me, line)
        [last] = await stub.next_messages(me, 1)
    breakdown = last
    screen = first_screen_of(breakdown.text)
    assert rows(screen) <= SCREEN
    assert "🧮 $4,800.00 tax if you do nothing" in screen[0] or "🧮 $4,800.00 tax if you do nothing" in screen[1]
    labels = [label for label, _ in breakdown.buttons]
    assert labels == ["⏰ Remind me before the deadline", "🔁 Roll over all", "🧾 Another tax rate",
                      "📝 Why these numbers", "➕ More…"]
    mark = stub.mark()
    stub.press_button(me, me, breakdown.message_id, breakdown.button("More…"))
    await stub.wait_for("editMessageReplyMarkup", after=mark)
    edited = stub.message(me, breakdown.message_id)
    assert edited.text == breakdown.text  # the same message, its keyboard replaced in place
    assert "🔁 Roll over half" in [label for label, _ in edited.buttons]
    assert not stub.find("sendMessage", after=mark)
    stub.press_button(me, me, breakdown.message_id, edited.button("Roll over half"))
    [half] = await stub.next_messages(me, 1)
    assert "🔁 What if you roll over half:" in half.text and "$2,400.00" in half.text


async def test_the_readme_shows_the_reply_as_it_is(engine: ConversationEngine) -> None:
    """The README's sample reply is the bot's own, line for line, buttons included (docs that do not rot)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("```\n🧮", 1)[1].split("```", 1)[0]
    sample_lines = ("🧮" + sample).rstrip("\n").split("\n")
    replies = await whole_chat(engine, *CASES["readme"][1])
    [breakdown] = [r for r in replies if r.choices]
    text_lines = breakdown.text.split("\n")[1:]  # after the acknowledgement of the last answer ("✔️ No state")
    buttons = ["[" + "] [".join(c.label for c in row) + "]" for row in breakdown.choices]
    assert sample_lines == text_lines + buttons
