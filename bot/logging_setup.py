"""Logging: one stderr handler, quiet HTTP loggers, and bot tokens masked everywhere.

The token is in every Bot API URL (``.../bot<token>/sendMessage``): httpx logs
those URLs at INFO, PTB logs its base URL at DEBUG and ``repr(bot)`` contains
it. So:

- ``httpx`` and ``httpcore`` log at WARNING at most;
- PTB's ``telegram.Bot``/``telegram.ext.ExtBot`` (request parameters: what the
  bot says to whom), ``telegram.ext.Application`` (whole updates: what people
  typed, with their ids) and ``aiosqlite`` (statements with their parameters)
  are kept at INFO or above even under LOG_LEVEL=DEBUG, so nobody's figures are
  logged next to who they are;
- `TokenFilter` masks ``bot<digits>:<secret>``, any bare ``<digits>:<35-char
  secret>`` and the configured token itself in the message, its args, the
  traceback and the stack. It sits on every handler of the root logger, and a
  log record factory applies the same masking when any record is created, so
  handlers added later (pytest's caplog, a library's) never see a token either.

Our own code logs update ids and kinds, never message text, and never the bot
object.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections.abc import Iterable

__all__ = ["TokenFilter", "mask_tokens", "setup_logging", "PRIVATE_LOGGERS"]

MASK = "<token>"
# "bot123456:AAH..." as in API URLs (any secret length), and a bare token of the
# shape Telegram issues: digits, a colon, 35 characters of [A-Za-z0-9_-].
_URL_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
_BARE_TOKEN = re.compile(r"(?<![A-Za-z0-9_:-])\d{3,}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])")

#: Loggers that would log people's messages and figures at DEBUG (aiosqlite logs
#: every statement with its parameters: the saved conversation state).
PRIVATE_LOGGERS = ("telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Application", "aiosqlite")
_NOISY_LOGGERS = ("httpx", "httpcore")

_extra_secrets: set[str] = set()


def mask_tokens(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every bot token in it replaced by a placeholder."""
    for secret in (*_extra_secrets, *secrets):
        if secret and secret in text:
            text = text.replace(secret, MASK)
    text = _URL_TOKEN.sub("bot" + MASK, text)
    return _BARE_TOKEN.sub(MASK, text)


def _redact(record: logging.LogRecord) -> logging.LogRecord:
    if getattr(record, "_tokens_masked", False):
        return record
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a bad format string: keep what we can show safely
        message = str(record.msg)
    record.msg = mask_tokens(message)
    record.args = None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
    if record.exc_text:
        record.exc_text = mask_tokens(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_tokens(record.stack_info)
    record._tokens_masked = True  # type: ignore[attr-defined]
    return record


class TokenFilter(logging.Filter):
    """Masks bot tokens in a record (message, args, traceback, stack); never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact(record)
        return True


_factory_installed = False


def _install_record_factory() -> None:
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return _redact(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def setup_logging(
    level: str | int = "INFO",
    *,
    secrets: Iterable[str | None] = (),
    add_handler: bool = True,
) -> None:
    """Configure the root logger once (calling it again only updates levels and secrets).

    `secrets`: values to mask wherever they appear (pass the configured token, in
    case it does not have Telegram's usual shape). `add_handler=False` keeps the
    root logger's handlers as they are (tests: pytest's own), only filtering them.
    """
    _extra_secrets.update(s for s in secrets if s)
    _install_record_factory()
    numeric = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
    if not isinstance(numeric, int):
        numeric = logging.INFO
    root = logging.getLogger()
    root.setLevel(numeric)
    if add_handler and not any(getattr(h, "_loan_offset_bot", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._loan_offset_bot = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    for handler in root.handlers:
        if not any(isinstance(f, TokenFilter) for f in handler.filters):
            handler.addFilter(TokenFilter())
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    for name in PRIVATE_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.INFO))
