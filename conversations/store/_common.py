"""What the backends share: JSON encoding, timestamps, URL redaction."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from conversations.api import ChatKey, StoredState

log = logging.getLogger("conversations.store")


class StoreClosedError(RuntimeError):
    """The store was used before `open()` or after `close()`."""


def encode_data(data: dict[str, Any]) -> str:
    """The state as compact JSON text; raises TypeError/ValueError before anything is written."""
    if not isinstance(data, dict):
        raise TypeError(f"state data must be a dict, not {type(data).__name__}")
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: keep it as a \ud800 escape instead
        text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text


def to_utc(moment: dt.datetime) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"expected a datetime, not {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def timestamp_text(moment: dt.datetime) -> str:
    """Fixed-width UTC ISO 8601 (``2025-01-31T12:00:00.000000+00:00``): sorts as it compares."""
    return to_utc(moment).isoformat(timespec="microseconds")


def decode_row(key: ChatKey, data: Any, updated_at: Any) -> StoredState | None:
    """A stored row back into a `StoredState`; None (and a warning) if it is unreadable."""
    try:
        if isinstance(data, (bytes, bytearray, memoryview)):
            data = bytes(data).decode("utf-8")
        value = json.loads(data)
        if not isinstance(value, dict):
            raise ValueError(f"a JSON {type(value).__name__}, not an object")
        if isinstance(updated_at, str):
            moment = dt.datetime.fromisoformat(updated_at)
        elif isinstance(updated_at, dt.datetime):
            moment = updated_at
        else:
            raise ValueError(f"updated_at is a {type(updated_at).__name__}")
        return StoredState(data=value, updated_at=to_utc(moment))
    except (TypeError, ValueError, UnicodeDecodeError) as exc:
        # Never log the data itself: it is what a person told the bot.
        log.warning(
            "unreadable conversation state for chat %s user %s (%s: %s); treating it as absent",
            key.chat_id,
            key.user_id,
            type(exc).__name__,
            str(exc)[:200],
        )
        return None


_PASSWORD_IN_TEXT = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@", re.I)


def redact_url(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``: safe to log."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rpartition("@")
        user = netloc[0].partition(":")[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[2]}"))
    except ValueError:
        return _PASSWORD_IN_TEXT.sub(r"\g<head>***@", url)


def check_key(key: ChatKey) -> tuple[int, int]:
    if not isinstance(key, ChatKey):
        raise TypeError(f"expected a ChatKey, not {type(key).__name__}")
    return int(key.chat_id), int(key.user_id)
