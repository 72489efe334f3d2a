"""Issue #4 end to end, through the stand-in Bot API: /estimate, deep links, Spanish, /forget, group Q&A, /privacy.

(Inline mode, reminders after a restart and webhook mode have their own files:
test_bot_inline.py, test_bot_reminders.py, test_bot_webhook.py.)

Synchronisation is by the stub's events only. To show that the bot sent
*nothing more* after a reply, the person sends /help afterwards: one person's
updates are handled (and answered) in order, so once /help's answer is there,
everything before it has been sent.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from botapi_stub import BotAPIStub, SentMessage
from conftest import TODAY

from calculator.models import Event
from conversations.api import ChatKey
from conversations.replies.payloads import make_estimate_payload

ME = 7101
OTHER = 7102
ANN, BOB = 7111, 7112
GROUP = -1007100000001
KIND = "supergroup"

BREAKDOWN = ("Federal income tax: $3,300.00", "10% early withdrawal tax: $1,500.00", "Total: $4,800.00")


def _assert_breakdown(message: SentMessage, *lines: str) -> None:
    for line in lines or BREAKDOWN:
        assert line in message.text, message.text
    assert any(data.startswith("w:") for _, data in message.buttons), message.buttons  # what-if buttons


async def _nothing_more(stub: BotAPIStub, chat_id: int, user_id: int, language_code: str | None = "en") -> None:
    """Everything the bot had to say to `user_id` before now has been sent, and nothing else is unread."""
    stub.send_command(chat_id, user_id, "help", language_code=language_code)
    [help_] = await stub.next_messages(chat_id, 1)
    assert help_.text.startswith("ℹ️"), f"expected only /help's answer, got {help_.text!r}"
    assert not stub.unread(chat_id)


def _url_buttons(message: SentMessage) -> list[dict[str, Any]]:
    rows = (message.reply_markup or {}).get("inline_keyboard") or []
    return [button for row in rows for button in row if "url" in button]


def _db_path(database_url: str) -> Path:
    return Path(database_url.removeprefix("sqlite:///"))


def _rows(database_url: str, user_id: int) -> dict[str, int]:
    """Rows kept about a person, read straight from the bot's SQLite database."""
    with sqlite3.connect(_db_path(database_url)) as db:
        return {
            table: db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (user_id,)).fetchone()[0]  # noqa: S608
            for table in ("conversations", "reminders")
        }


# --- /estimate -------------------------------------------------------------------------


async def test_estimate_with_everything_answers_at_once(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "estimate", "15000 45 left 22%")
    [breakdown] = await stub.next_messages(ME, 1)
    _assert_breakdown(breakdown)
    assert "✔️ $15,000.00" in breakdown.text
    # What a one-line estimate leaves out is assumed, and said.
    assert "Assuming the loan is offset today, you left your job within the last 12 months" in breakdown.text
    assert "and no state tax" in breakdown.text
    await _nothing_more(stub, ME, ME)  # one message, no question after it

    state = await running_bot.store.load(ChatKey(ME, ME))
    assert state is not None and state.data["step"] == "done"


async def test_estimate_with_a_balance_only_asks_the_rest(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "estimate", "15000")
    [event] = await stub.next_messages(ME, 1)
    assert "✔️ $15,000.00" in event.text and "What happened to the loan?" in event.text
    assert "unpaid balance" not in event.text  # the balance is not asked again
    assert "Assuming the loan is offset today and no state tax" in event.text  # what a quick estimate leaves out is assumed, and said

    stub.press_button(ME, ME, event.message_id, event.button("I left my job"))
    [age] = await stub.next_messages(ME, 1)
    assert "How old" in age.text
    stub.send_text(ME, ME, "45")
    [when] = await stub.next_messages(ME, 1)
    assert "When did you leave?" in when.text  # asked, not assumed: only /estimate's own words are
    stub.press_button(ME, ME, when.message_id, when.button("Within the last 12 months"))
    [rate] = await stub.next_messages(ME, 1)
    assert "federal income tax rate" in rate.text
    stub.send_text(ME, ME, "22%")
    [breakdown] = await stub.next_messages(ME, 1)  # the state was assumed (no state tax): not asked
    _assert_breakdown(breakdown)
    await _nothing_more(stub, ME, ME)


async def test_estimate_missing_only_the_rate_asks_it_then_answers(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "estimate", "15000 45 left")
    [rate] = await stub.next_messages(ME, 1)
    assert "✔️ $15,000.00 · I left my job · 45" in rate.text, rate.text
    assert "federal income tax rate" in rate.text
    stub.press_button(ME, ME, rate.message_id, rate.button("22%"))
    [breakdown] = await stub.next_messages(ME, 1)
    _assert_breakdown(breakdown)


async def test_estimate_without_numbers_explains_and_keeps_the_question(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    stub.send_command(ME, ME, "estimate")
    howto, back = await stub.next_messages(ME, 2)
    assert "/estimate 15000 45 left 22%" in howto.text
    assert "Back to where we were:" in back.text and "unpaid balance" in back.text
    stub.send_text(ME, ME, "15000")  # the conversation in hand goes on
    [event] = await stub.next_messages(ME, 1)
    assert "What happened to the loan?" in event.text


# --- deep links ----------------------------------------------------------------------------


async def test_deep_link_with_every_value_shows_the_breakdown(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    payload = make_estimate_payload(15000, 45, Event.SEPARATION, 22)
    assert payload == "e_15000_45_left_22"
    stub.send_command(ME, ME, "start", payload)  # t.me/<bot>?start=<payload> arrives as /start <payload>
    [breakdown] = await stub.next_messages(ME, 1)
    _assert_breakdown(breakdown)
    assert "✔️ $15,000.00 · I left my job · 45" in breakdown.text
    await _nothing_more(stub, ME, ME)


async def test_deep_link_with_some_values_asks_the_next_question(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "start", make_estimate_payload(15000, 45, None, None))
    [event] = await stub.next_messages(ME, 1)
    assert "✔️ $15,000.00 · 45" in event.text  # prefilled...
    assert "What happened to the loan?" in event.text  # ...and the first question left
    stub.press_button(ME, ME, event.message_id, event.button("I left my job"))
    [when] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, when.message_id, when.button("Within the last 12 months"))
    [rate] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, rate.message_id, rate.button("22%"))
    [breakdown] = await stub.next_messages(ME, 1)  # no state question: "no state tax" was assumed
    _assert_breakdown(breakdown)


async def test_deep_link_estimate_starts_an_empty_estimate(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "estimate", "20000 48 left 24%")  # an earlier estimate...
    await stub.next_messages(ME, 1)
    stub.send_command(ME, ME, "start", "estimate")
    [welcome] = await stub.next_messages(ME, 1)
    assert welcome.text.startswith("👋") and "unpaid balance" in welcome.text
    assert "✔️" not in welcome.text and "$20,000.00" not in welcome.text  # ...nothing carried over
    state = await running_bot.store.load(ChatKey(ME, ME))
    assert state.data["step"] == "balance" and state.data["answers"] == {}


async def test_group_estimate_link_round_trip_to_a_private_breakdown(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    """/estimate in a group posts no numbers: a t.me link carries them to a private chat."""
    asked = stub.send_command(GROUP, ANN, "estimate", "15000 45 left 22%", chat_type=KIND, to=stub.username)
    [suggestion] = await stub.next_messages(GROUP, 1, replying_to=asked)
    assert "$" not in suggestion.text and "private" in suggestion.text
    [link] = _url_buttons(suggestion)
    assert link["url"] == f"https://t.me/{stub.username}?start=e_15000_45_left_22"
    assert "callback_data" not in link
    assert suggestion.button("Show it here anyway") == f"{ANN}|e:e_15000_45_left_22"

    # Tapping the link opens the private chat, and Telegram sends /start <payload> there.
    payload = link["url"].partition("?start=")[2]
    stub.send_command(ANN, ANN, "start", payload)
    [breakdown] = await stub.next_messages(ANN, 1)
    _assert_breakdown(breakdown)
    assert not stub.unread(GROUP)


# --- Spanish ---------------------------------------------------------------------------------


async def test_whole_spanish_conversation(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    es = {"language_code": "es"}
    stub.send_command(ME, ME, "start", **es)
    [welcome] = await stub.next_messages(ME, 1)
    assert "¿Cuánto se debe todavía del préstamo 401(k)" in welcome.text and "Por ejemplo" in welcome.text

    stub.send_text(ME, ME, "mucho", **es)  # not an amount: asked again, in Spanish
    [reprompt] = await stub.next_messages(ME, 1)
    assert reprompt.text.startswith("🤔 Un monto debe tener solo dígitos"), reprompt.text
    assert "¿Cuánto se debe todavía" in reprompt.text
    assert "amount" not in reprompt.text

    stub.send_text(ME, ME, "15.000", **es)  # fifteen thousand, the Spanish way
    [event] = await stub.next_messages(ME, 1)
    assert "✔️ $15,000.00" in event.text and "¿Qué pasó con el préstamo?" in event.text
    assert [label for label, _ in event.buttons] == ["Dejé mi trabajo", "El plan se terminó", "Dejé de pagar (sigo en el trabajo)"]

    stub.send_text(ME, ME, "banana", **es)
    [reprompt] = await stub.next_messages(ME, 1)
    assert reprompt.text.startswith("🤔 No entendí eso.") and "¿Qué pasó con el préstamo?" in reprompt.text
    stub.press_button(ME, ME, reprompt.message_id, reprompt.button("Dejé mi trabajo"), **es)
    [offset] = await stub.next_messages(ME, 1)
    assert "¿Cuándo fue la compensación del préstamo" in offset.text
    stub.press_button(ME, ME, offset.message_id, offset.button("Hoy, o todavía no"), **es)
    [age] = await stub.next_messages(ME, 1)
    assert "✔️ Compensación hoy" in age.text and "¿Qué edad tiene?" in age.text
    stub.send_text(ME, ME, "45 años", **es)
    [when] = await stub.next_messages(ME, 1)
    assert "¿Cuándo se fue?" in when.text
    stub.press_button(ME, ME, when.message_id, when.button("En los últimos 12 meses"), **es)
    [rate] = await stub.next_messages(ME, 1)
    assert "tasa de impuesto federal" in rate.text
    assert any("No estoy seguro" in label for label, _ in rate.buttons)
    stub.send_text(ME, ME, "22 %", **es)
    [state] = await stub.next_messages(ME, 1)
    assert "¿En qué estado vive?" in state.text and [label for label, _ in state.buttons] == ["Omitir"]
    stub.press_button(ME, ME, state.message_id, state.button("Omitir"), **es)
    [breakdown] = await stub.next_messages(ME, 1)

    assert "Impuesto federal sobre los ingresos: $3,300.00" in breakdown.text  # es_US money, not "3.300,00 US$"
    assert "Impuesto adicional del 10% por retiro anticipado: $1,500.00" in breakdown.text
    assert "Total: $4,800.00" in breakdown.text
    labels = [label for label, _ in breakdown.buttons]
    assert "🔁 Reinvertir todo" in labels and "🆕 Nuevo cálculo" not in labels  # behind "➕ Más…" (issue 24)
    assert any("Recordarme" in label for label in labels) and len(labels) == 5 and labels[-1].startswith("➕")
    for english in ("Federal income tax", "early withdrawal", "Roll over", "New estimate", "Remind me"):
        assert english not in breakdown.text and all(english not in label for label in labels)

    # A button press carries the presser's language too: the what-if answers in Spanish.
    stub.press_button(ME, ME, breakdown.message_id, breakdown.button("Reinvertir todo"), **es)
    [whatif] = await stub.next_messages(ME, 1)
    assert "🔁 Si reinvierte todo:" in whatif.text and "Total: $0.00" in whatif.text


async def test_spanish_command_menu_at_startup(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    default = await stub.wait_for("setMyCommands", lambda c: "language_code" not in c.params)
    spanish = await stub.wait_for("setMyCommands", lambda c: c.params.get("language_code") == "es")
    english = {c["command"]: c["description"] for c in default.json("commands")}
    described = {c["command"]: c["description"] for c in spanish.json("commands")}
    assert list(described) == list(english)  # the same commands, in the same order
    assert english["start"] == "Start a new estimate"
    assert described["start"] == "Empezar un nuevo cálculo"
    assert described["privacy"] == "Qué datos guardo sobre usted y por cuánto tiempo"
    assert described["forget"] == "Borrar todo lo que guardo sobre usted"
    for name in described:
        assert described[name] != english[name], (name, described[name])  # every one translated
    assert default.status == spanish.status == 200
    # And what the stub now answers to getMyCommands, as Telegram would.
    assert len(stub.commands) == 2


# --- /forget -----------------------------------------------------------------------------------


async def _breakdown_with_a_reminder(stub: BotAPIStub, user_id: int, line: str) -> SentMessage:
    stub.send_command(user_id, user_id, "estimate", line)
    [breakdown] = await stub.next_messages(user_id, 1)
    assert "Total:" in breakdown.text
    stub.press_button(user_id, user_id, breakdown.message_id, breakdown.button("Remind me"))
    [offer] = await stub.next_messages(user_id, 1)
    assert "⏰" in offer.text and offer.document is not None  # the offer and its .ics
    return breakdown


async def test_forget_deletes_everything_about_the_person_only(
    stub: BotAPIStub, running_bot, database_url: str  # noqa: ANN001
) -> None:
    breakdown = await _breakdown_with_a_reminder(stub, ME, "15000 45 left 22%")
    await _breakdown_with_a_reminder(stub, OTHER, "20000 48 left 24%")
    # ME also has a conversation going on in a group.
    started = stub.send_command(GROUP, ME, "start", chat_type=KIND)
    await stub.next_messages(GROUP, 1, replying_to=started)
    # Each: two before the rollover deadline, two before the estimated payment (April 15).
    assert _rows(database_url, ME) == {"conversations": 2, "reminders": 4}
    assert _rows(database_url, OTHER) == {"conversations": 1, "reminders": 4}
    others_before = await running_bot.store.load(ChatKey(OTHER, OTHER))

    # /forget asks first; "Keep it" deletes nothing.
    stub.send_command(ME, ME, "forget")
    [ask] = await stub.next_messages(ME, 1)
    assert "It can't be undone" in ask.text
    stub.press_button(ME, ME, ask.message_id, ask.button("Keep it"))
    [kept] = await stub.next_messages(ME, 1)
    assert "Nothing was deleted" in kept.text
    assert _rows(database_url, ME) == {"conversations": 2, "reminders": 4}

    stub.press_button(ME, ME, ask.message_id, ask.button("Yes, delete everything"))
    [done] = await stub.next_messages(ME, 1)
    assert done.text.startswith("🗑 Done: everything I kept about you is deleted")
    assert _rows(database_url, ME) == {"conversations": 0, "reminders": 0}
    assert await running_bot.store.load(ChatKey(ME, ME)) is None
    assert await running_bot.store.load(ChatKey(GROUP, ME)) is None
    assert await running_bot.engine.reminders.list(ME) == []

    # Someone else's data in the same database is untouched.
    assert _rows(database_url, OTHER) == {"conversations": 1, "reminders": 4}
    assert (await running_bot.store.load(ChatKey(OTHER, OTHER))).data == others_before.data
    assert len(await running_bot.engine.reminders.list(OTHER)) == 4

    # The old breakdown's buttons find nothing kept, and the next message starts afresh.
    stub.press_button(ME, ME, breakdown.message_id, breakdown.button("Roll over all"))
    [gone] = await stub.next_messages(ME, 1)
    assert "no longer kept" in gone.text
    stub.send_text(ME, ME, "hello")
    [fresh] = await stub.next_messages(ME, 1)
    assert fresh.text.startswith("👋") and "unpaid balance" in fresh.text
    state = await running_bot.store.load(ChatKey(ME, ME))
    assert state.data["step"] == "balance" and state.data["estimates"] == {} and state.data["next_id"] == 1
    assert _rows(database_url, ME) == {"conversations": 1, "reminders": 0}


async def test_forget_yes_in_one_go_and_reminders_listing(
    stub: BotAPIStub, running_bot, database_url: str  # noqa: ANN001
) -> None:
    await _breakdown_with_a_reminder(stub, ME, "15000 45 left 22%")
    stub.send_command(ME, ME, "reminders")
    [listing] = await stub.next_messages(ME, 1)
    assert "Sep 15, 2027" in listing.text  # 30 days before the Oct 15, 2027 deadline

    stub.send_command(ME, ME, "forget", "yes")
    [done] = await stub.next_messages(ME, 1)
    assert done.text.startswith("🗑 Done")
    assert _rows(database_url, ME) == {"conversations": 0, "reminders": 0}
    stub.send_command(ME, ME, "reminders")
    [listing] = await stub.next_messages(ME, 1)
    assert "Sep 15, 2027" not in listing.text
    assert _rows(database_url, ME) == {"conversations": 0, "reminders": 0}  # an aside keeps nothing new


# --- group Q&A -------------------------------------------------------------------------------------


async def test_group_faq_index_topic_buttons_and_answers(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    bot = stub.username
    asked = stub.send_command(GROUP, ANN, "faq", chat_type=KIND, to=bot)
    [index] = await stub.next_messages(GROUP, 1, replying_to=asked)
    assert index.text.startswith("❓ Short answers, with sources.")
    assert f"/rule55@{bot} — Rule of 55" in index.text
    assert f"/offset@{bot} — What is a loan offset?" in index.text
    labels = [label for label, _ in index.buttons]
    assert labels == [
        "What is a loan offset?", "Offset vs deemed distribution", "Rollover deadline",
        "How to roll over an offset", "Reading your Form 1099-R", "Rule of 55", "The 10% and its exceptions",
        "Why was nothing withheld?",
    ]  # fmt: skip
    assert all(data.startswith("q:") for _, data in index.buttons)  # no "<owner>|" prefix: public

    # Q&A is for everyone: Bob may press a topic button under Ann's /faq.
    query = stub.press_button(GROUP, BOB, index.message_id, index.button("Rule of 55"))
    answered = await stub.wait_for("answerCallbackQuery", lambda c: c.params["callback_query_id"] == query)
    assert "show_alert" not in answered.params
    [answer] = await stub.next_messages(GROUP, 1, replying_to=index.message_id)
    assert answer.text.startswith("Person7112: ")  # quotes the index and names who asked
    assert "No 10% additional tax" in answer.text and "📚 Sources: IRC 72(t)(2)(A)(v)" in answer.text
    # Nothing is kept for Bob: reading a Q&A answer is no conversation.
    assert await running_bot.store.load(ChatKey(GROUP, BOB)) is None

    asked = stub.send_command(GROUP, BOB, "rule55", chat_type=KIND, to=bot)
    [rule55] = await stub.next_messages(GROUP, 1, replying_to=asked)
    assert "No 10% additional tax" in rule55.text
    assert "📚 Sources: IRC 72(t)(2)(A)(v), 72(t)(3)(A), 72(t)(10); IRS Notice 87-13 Q&A-20" in rule55.text
    url = f"https://t.me/{bot}?start=estimate"
    assert url in rule55.text  # the closing line carries the link...
    [link] = _url_buttons(rule55)  # ...and so does a URL button, with no callback data
    assert link["url"] == url and "callback_data" not in link
    assert rule55.buttons == [(link["text"], "")]
    # Following it starts an empty estimate in private.
    stub.send_command(BOB, BOB, "start", url.partition("?start=")[2])
    [welcome] = await stub.next_messages(BOB, 1)
    assert "unpaid balance" in welcome.text


async def test_group_faq_mid_conversation_keeps_the_pending_question(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    started = stub.send_command(GROUP, ANN, "start", chat_type=KIND)
    [balance] = await stub.next_messages(GROUP, 1, replying_to=started)
    answer = stub.send_text(GROUP, ANN, "15000", KIND, reply_to=balance.message_id)
    [event] = await stub.next_messages(GROUP, 1, replying_to=answer)
    stub.press_button(GROUP, ANN, event.message_id, event.button("I left my job"))
    _, offset_hint = await stub.next_messages(GROUP, 2, replying_to=answer)
    answer = stub.send_text(GROUP, ANN, "today", KIND, reply_to=offset_hint.message_id)
    [age] = await stub.next_messages(GROUP, 1, replying_to=answer)
    assert "How old" in age.text

    asked = stub.send_command(GROUP, ANN, "faq", chat_type=KIND)  # plain /faq: one of our known commands
    [index] = await stub.next_messages(GROUP, 1, replying_to=asked)
    assert index.text.startswith("❓")
    assert "How old" not in index.text  # a group is not flooded with the question again
    stub.press_button(GROUP, ANN, index.message_id, index.button("Rollover deadline"))
    [deadline] = await stub.next_messages(GROUP, 1, replying_to=asked)
    assert "Qualified plan loan offset" in deadline.text

    # Her reply to the pending question still answers it.
    answer = stub.send_text(GROUP, ANN, "45", KIND, reply_to=age.message_id)
    when, _ = await stub.next_messages(GROUP, 2, replying_to=answer)
    assert "✔️ 45" in when.text and "When did you leave?" in when.text
    state = await running_bot.store.load(ChatKey(GROUP, ANN))
    assert state.data["step"] == "left_when" and state.data["answers"]["age"] == 45


# --- /privacy --------------------------------------------------------------------------------------


async def test_privacy_states_the_default_retention(stub: BotAPIStub, running_bot) -> None:  # noqa: ANN001
    stub.send_command(ME, ME, "privacy")
    [privacy] = await stub.next_messages(ME, 1)
    assert privacy.text.startswith("🔒 What I keep about you")
    assert "deleted 30 days after your last message" in privacy.text
    assert "then 7 more days" in privacy.text
    assert "/forget" in privacy.text
    stub.send_command(ME, ME, "privacy", language_code="es")
    [spanish] = await stub.next_messages(ME, 1)
    assert "se borran 30 días después de su último mensaje" in spanish.text


async def test_privacy_states_the_configured_retention(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    """BOT_RETENTION_DAYS reaches /privacy when the engine is built as `python -m bot` builds it."""
    from conversations.engine import ConversationEngine
    from conversations.privacy import Retention
    from conversations.store import open_store

    settings = bot_settings.model_copy(update={"bot_retention_days": 45})
    store = open_store(settings.database_url)
    await store.open()
    try:
        engine = ConversationEngine(store, clock=lambda: TODAY, retention=Retention.days(settings.bot_retention_days))
        await start_bot(settings=settings, engine=engine)
        stub.send_command(ME, ME, "privacy")
        [privacy] = await stub.next_messages(ME, 1)
        assert "deleted 45 days after your last message" in privacy.text
        assert "30 days" not in privacy.text
    finally:
        await store.close()
