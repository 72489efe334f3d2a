"""The stand-in Bot API itself, driven by PTB's own Bot (so inline mode, webhooks and fault tests can rely on it)."""

from __future__ import annotations

import asyncio

import pytest
from botapi_stub import BotAPIStub
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
)
from telegram.error import BadRequest, Conflict, NetworkError, RetryAfter

from conversations.api import Attachment, Reply


@pytest.fixture
async def bot(stub: BotAPIStub):
    async with Bot(stub.token, base_url=stub.base_url, base_file_url=stub.base_file_url) as b:
        yield b


async def test_methods_round_trip_through_ptb(stub: BotAPIStub, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.username == stub.username and me.id == stub.bot_id

    await bot.set_my_commands([BotCommand("start", "Start")], language_code="es")
    assert [c.command for c in await bot.get_my_commands(language_code="es")] == ["start"]
    assert await bot.get_my_commands() == ()
    await bot.delete_my_commands(language_code="es")
    assert await bot.get_my_commands(language_code="es") == ()

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    sent = await bot.send_message(42, "hello", reply_markup=markup)
    assert sent.chat.id == 42 and sent.text == "hello" and sent.reply_markup == markup
    edited = await bot.edit_message_text("hello again", chat_id=42, message_id=sent.message_id)
    assert edited.text == "hello again" and stub.message(42, sent.message_id).text == "hello again"
    await bot.edit_message_reply_markup(chat_id=42, message_id=sent.message_id, reply_markup=None)
    assert stub.message(42, sent.message_id).buttons == []
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("hello again", chat_id=42, message_id=sent.message_id)

    doc = await bot.send_document(42, b"a,b\n1,2\n", filename="estimate.csv", caption="Your numbers")
    assert doc.document.file_name == "estimate.csv"
    [_, stored] = stub.sent[42]
    assert stored.document[0] == "estimate.csv" and stored.document[1] == b"a,b\n1,2\n"
    assert stored.text == "Your numbers"

    await bot.answer_inline_query(
        "iq1",
        [InlineQueryResultArticle("1", "Title", InputTextMessageContent("body"))],
        cache_time=0,
        is_personal=True,
    )
    call = stub.find("answerInlineQuery")[0]
    assert call.json("results")[0]["id"] == "1" and call.params["is_personal"] == "true"

    assert await bot.send_chat_action(42, "typing")
    assert await bot.set_webhook("https://example.com/hook", secret_token="s3cret")
    assert stub.webhook["secret_token"] == "s3cret"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook()
    assert await bot.close() and await bot.log_out()


async def test_long_poll_wakes_on_an_update_and_honours_offset(stub: BotAPIStub, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=35))
    await stub.wait_polling()
    stub.send_text(1, 1, "hi")
    [update] = await asyncio.wait_for(poll, 5)  # woken by the update, not by the 30 s timeout
    assert update.message.text == "hi"
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [update.update_id]  # not confirmed yet
    assert await bot.get_updates(offset=update.update_id + 1, timeout=0) == ()
    assert stub.pending_updates == []
    stub.press_button(1, 1, update.message.message_id, "x")  # any message can carry a press in the stub
    stub.send_inline_query(1, "15000")
    press, inline = await bot.get_updates(offset=update.update_id + 1, timeout=0)
    assert press.callback_query.data == "x" and inline.inline_query.query == "15000"


async def test_second_poller_conflicts_the_first(stub: BotAPIStub, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=30, read_timeout=35))
    await stub.wait_polling()
    async with Bot(stub.token, base_url=stub.base_url) as other:
        second = asyncio.create_task(other.get_updates(timeout=1))
        with pytest.raises(Conflict):
            await asyncio.wait_for(first, 5)
        assert await second == ()


async def test_inject_hook(stub: BotAPIStub, bot: Bot) -> None:
    stub.inject("sendMessage", status=429, retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(1, "x")
    assert caught.value._retry_after.total_seconds() == 7  # noqa: SLF001 - avoids PTB's deprecation warning
    stub.inject("*", status=503, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.get_me()
    assert (await bot.get_me()).username == stub.username
    stub.inject("sendMessage", drop=True)
    with pytest.raises(NetworkError):
        await bot.send_message(1, "x")
    slow = stub.inject("sendMessage", status=200, delay=0.2)  # slow but fine
    assert (await bot.send_message(1, "late")).text == "late" and slow.used == 1
    assert [c.injected for c in stub.find("sendMessage")] == [True, True, True]


async def test_attachment_reply_goes_out_as_a_document(stub: BotAPIStub, start_bot) -> None:  # noqa: ANN001
    class Engine:
        async def handle(self, key, incoming, *, locale="en", chat_type="private", bot_username=None):  # noqa: ANN001, ANN202
            return [Reply("Here it is", attachment=Attachment("estimate.csv", b"total,4800\n", "text/csv"))]

    await start_bot(engine=Engine())
    stub.send_text(9, 9, "csv please")
    [doc] = await stub.next_messages(9, 1)
    assert doc.method == "sendDocument" and doc.text == "Here it is"
    assert doc.document == ("estimate.csv", b"total,4800\n", "text/csv")
