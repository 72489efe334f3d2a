"""The token never reaches a log; people's messages and figures are not logged."""

from __future__ import annotations

import logging
import signal

import pytest
from botapi_stub import TEST_TOKEN, BotAPIStub

ME = 5150
SECRET = TEST_TOKEN.split(":", 1)[1]
_LOGGERS = ("", "httpx", "httpcore", "telegram", "telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Application", "aiosqlite")


@pytest.fixture
def debug_logging(caplog: pytest.LogCaptureFixture):
    """setup_logging at DEBUG on pytest's own handlers; levels restored afterwards."""
    from bot.logging_setup import setup_logging

    saved = {name: logging.getLogger(name).level for name in _LOGGERS}
    setup_logging("DEBUG", secrets=[TEST_TOKEN], add_handler=False)
    caplog.set_level(logging.DEBUG)
    yield caplog
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


def test_mask_tokens_patterns() -> None:
    from bot.logging_setup import mask_tokens

    token = "987654321:ABCdefGHIjklMNOpqrSTUvwxYZ0123456_-"
    assert len(token.split(":")[1]) == 35
    url = f"POST https://api.telegram.org/bot{token}/sendMessage"
    assert mask_tokens(url) == "POST https://api.telegram.org/bot<token>/sendMessage"
    assert mask_tokens(f"token={token};") == "token=<token>;"
    assert mask_tokens("bot12:short-secret/getMe") == "bot<token>/getMe"  # any secret length after "bot<digits>:"
    assert mask_tokens("at 12:30 we paid $3,300.00") == "at 12:30 we paid $3,300.00"  # no false alarms
    assert mask_tokens("custom secret xyz", secrets=["secret xyz"]) == "custom <token>"


async def test_caplog_has_no_token_at_debug(stub: BotAPIStub, debug_logging, running_bot) -> None:  # noqa: ANN001
    caplog = debug_logging
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1)
    stub.send_text(ME, ME, "15000 45 left 22%")
    await stub.next_messages(ME, 1)
    # Even if someone logs the bot object, a URL or an exception carrying it:
    log = logging.getLogger("bot.test")
    log.debug("the bot: %r", running_bot.application.bot)
    log.info("calling %s", f"{stub.base_url}{TEST_TOKEN}/getMe")
    try:
        raise RuntimeError(f"failed: https://api.telegram.org/bot{TEST_TOKEN}/getUpdates")
    except RuntimeError:
        log.exception("oops")
    text = caplog.text
    assert caplog.records and "bot<token>" in text
    assert TEST_TOKEN not in text and SECRET not in text
    assert all(TEST_TOKEN not in str(r.msg) and SECRET not in r.getMessage() for r in caplog.records)
    # What people typed is not logged (update ids and kinds are).
    assert "15000" not in text and "15,000" not in text
    assert "update " in text


async def test_subprocess_stderr_has_no_token_or_figures(stub: BotAPIStub, spawn_bot) -> None:  # noqa: ANN001
    proc = await spawn_bot(LOG_LEVEL="DEBUG")
    stub.send_command(ME, ME, "start")
    await stub.next_messages(ME, 1, timeout=30)
    stub.send_text(ME, ME, "15000 45 left 22%")
    [offset] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, offset.message_id, offset.button("Today"))
    [when] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, when.message_id, when.button("Within"))
    [state] = await stub.next_messages(ME, 1)
    stub.press_button(ME, ME, state.message_id, state.button("Skip"))
    [breakdown] = await stub.next_messages(ME, 1)
    assert "$3,300.00" in breakdown.text
    await stub.wait_confirmed()
    proc.signal(signal.SIGTERM)
    assert await proc.wait() == 0
    out = proc.output
    assert "DEBUG" in out and "INFO" in out  # it did log, at both levels
    assert TEST_TOKEN not in out and SECRET not in out
    for figure in ("15000", "15,000", "3,300", "4,800"):
        assert figure not in out, figure
