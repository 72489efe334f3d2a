"""The breakdown's chart through Telegram (issue #24): a photo after the text, or with it as its caption; never
instead of the text. Through PTB's real HTTP layer, against the stand-in Bot API (tests/botapi_stub.py)."""

from __future__ import annotations

import logging
import struct

import pytest
from botapi_stub import BotAPIStub

from conversations.api import Choice, Picture, Reply

ME = 4242
GROUP = -1001234567890
ONE_LINE = "15000 age 45 left my job today 22%"


@pytest.fixture
def charts_on(bot_settings):  # noqa: ANN001, ANN201
    return bot_settings.model_copy(update={"bot_charts": True})


def png_width_height(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


async def test_a_breakdown_comes_with_its_chart(stub: BotAPIStub, start_bot, charts_on) -> None:  # noqa: ANN001
    await start_bot(settings=charts_on)
    stub.send_command(ME, ME, "estimate", ONE_LINE)
    text, photo = await stub.next_messages(ME, 2)
    # Longer than a caption may be (1,024): the text with its buttons first, then the photo.
    assert text.method == "sendMessage"
    assert "Federal income tax: $3,300.00" in text.text and "Total: $4,800.00" in text.text
    assert any("Roll over all" in label for label, _ in text.buttons)
    assert photo.method == "sendPhoto" and "caption" not in photo.call.params
    filename, content, mime = photo.document
    assert filename == "estimate.png" and mime == "image/png"
    width, height = png_width_height(content)
    assert width >= 800 and 300 <= height <= 2000
    assert photo.message["photo"][0]["width"] == width


async def test_a_spanish_breakdown_gets_a_spanish_chart(stub: BotAPIStub, start_bot, charts_on) -> None:  # noqa: ANN001
    await start_bot(settings=charts_on)
    stub.send_command(ME, ME, "estimate", ONE_LINE)
    _, english = await stub.next_messages(ME, 2)
    stub.send_command(ME + 1, ME + 1, "estimate", "15000 edad 45 dejé el trabajo hoy 22%", language_code="es")
    text, spanish = await stub.next_messages(ME + 1, 2)
    assert "Impuesto federal" in text.text
    assert spanish.method == "sendPhoto"
    assert png_width_height(spanish.document[1])[0] >= 800
    assert spanish.document[1] != english.document[1]  # worded (and dated) in Spanish


async def test_the_text_still_goes_out_when_the_chart_cannot_be_drawn(
    stub: BotAPIStub, start_bot, charts_on, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture  # noqa: ANN001
) -> None:
    def broken(*args, **kwargs) -> bytes:  # noqa: ANN002, ANN003
        raise OSError("no fonts here")

    monkeypatch.setattr("conversations.replies.breakdown.breakdown_chart", broken)
    await start_bot(settings=charts_on)
    with caplog.at_level(logging.WARNING, logger="bot.conversation"):
        stub.send_command(ME, ME, "estimate", ONE_LINE)
        [text] = await stub.next_messages(ME, 1)
        assert "Total: $4,800.00" in text.text
        stub.send_command(ME, ME, "help")  # anything after it: by its answer, a photo would have been sent
        [after] = await stub.next_messages(ME, 1)
    assert after.method == "sendMessage"
    assert not stub.find("sendPhoto")
    assert any("could not draw the chart" in r.getMessage() for r in caplog.records)


async def test_charts_off_sends_the_text_alone(stub: BotAPIStub, start_bot, bot_settings) -> None:  # noqa: ANN001
    assert bot_settings.bot_charts is False  # as tests/conftest.py sets it; BOT_CHARTS=off in production
    await start_bot()
    stub.send_command(ME, ME, "estimate", ONE_LINE)
    [text] = await stub.next_messages(ME, 1)
    stub.send_command(ME, ME, "help")
    await stub.next_messages(ME, 1)
    assert "Total: $4,800.00" in text.text and not stub.find("sendPhoto")


class _ShortReplyEngine:
    """An engine whose breakdown fits a caption (what the first-screen reply of issue #24 will be)."""

    @staticmethod
    def chart(locale: str = "en") -> bytes:
        from calculator import estimate
        from calculator.models import OffsetInput
        from conversations.i18n import texts_for
        from conversations.replies.chart import breakdown_chart

        b = estimate(OffsetInput(balance=15000, age=45, event="separation", federal_rate=22))
        return breakdown_chart(b, texts_for(locale))

    async def handle(self, key, incoming, *, locale="en", chat_type="private", bot_username=None):  # noqa: ANN001, ANN202
        return [Reply("🧮 $4,800 tax if you do nothing", choices=((Choice("🔁 Roll over all", "w:1:o:all"),),),
                      picture=Picture("estimate.png", lambda: self.chart(locale)))]


async def test_a_short_breakdown_is_the_photos_caption_with_its_buttons(stub: BotAPIStub, start_bot, charts_on) -> None:  # noqa: ANN001
    await start_bot(settings=charts_on, engine=_ShortReplyEngine())
    stub.send_text(ME, ME, "anything")
    [photo] = await stub.next_messages(ME, 1)
    assert photo.method == "sendPhoto"
    assert photo.text == "🧮 $4,800 tax if you do nothing"  # the caption
    assert photo.buttons == [("🔁 Roll over all", "w:1:o:all")]
    assert png_width_height(photo.document[1])[0] >= 800


async def test_in_a_group_the_photo_goes_to_the_persons_thread(stub: BotAPIStub, start_bot, charts_on) -> None:  # noqa: ANN001
    await start_bot(settings=charts_on, engine=_ShortReplyEngine())
    asked = stub.send_command(GROUP, ME, "start", chat_type="supergroup", to=stub.username)
    [photo] = await stub.next_messages(GROUP, 1, replying_to=asked)
    assert photo.method == "sendPhoto"
    assert photo.buttons == [("🔁 Roll over all", f"{ME}|w:1:o:all")]  # only its owner may press it


async def test_a_long_texts_message_does_not_wait_for_its_chart(stub: BotAPIStub, start_bot, charts_on) -> None:  # noqa: ANN001
    import threading

    text_arrived = threading.Event()

    def draw() -> bytes:
        # Drawn only once the text is out: were the text waiting for the chart, this would never return.
        assert text_arrived.wait(10), "the text waited for the chart"
        return _ShortReplyEngine.chart()

    class Engine:
        async def handle(self, key, incoming, **kwargs):  # noqa: ANN001, ANN003, ANN202
            return [Reply("A long breakdown\n" + "one more line of it\n" * 80, picture=Picture("estimate.png", draw))]

    await start_bot(settings=charts_on, engine=Engine())
    stub.send_text(ME, ME, "anything")
    [text] = await stub.next_messages(ME, 1)
    assert text.method == "sendMessage" and len(text.text) > 1024
    text_arrived.set()
    [photo] = await stub.next_messages(ME, 1)
    assert photo.method == "sendPhoto" and not photo.text
