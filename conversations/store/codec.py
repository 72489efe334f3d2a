"""How states and reminders are written and read back, the same on every backend: JSON text, UTC timestamps,
checked ids and sizes; an unreadable row is logged (ids only) and read as absent."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from conversations.api import ChatKey, NewReminder, Reminder, StoredState

log = logging.getLogger("conversations.store")


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


def decode_state(key: ChatKey, data: Any, updated_at: Any) -> StoredState | None:
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


def check_key(key: ChatKey) -> tuple[int, int]:
    if not isinstance(key, ChatKey):
        raise TypeError(f"expected a ChatKey, not {type(key).__name__}")
    return int(key.chat_id), int(key.user_id)


# --- reminders -----------------------------------------------------------------------

MAX_KIND = 16
MAX_LOCALE = 35
MAX_PAYLOAD = 4096  # characters of JSON: a reminder carries an amount and a type, not a state


def check_new_reminder(r: NewReminder) -> NewReminder:
    """`r` with ids as ints and `remind_at` in UTC; TypeError/ValueError before anything is written."""
    if not isinstance(r, NewReminder):
        raise TypeError(f"expected a NewReminder, not {type(r).__name__}")
    if not isinstance(r.deadline, dt.date) or isinstance(r.deadline, dt.datetime):
        raise TypeError("a reminder's deadline must be a date (not a datetime)")
    if not isinstance(r.kind, str) or not 0 < len(r.kind) <= MAX_KIND:
        raise ValueError(f"a reminder's kind must be 1 to {MAX_KIND} characters")
    if not isinstance(r.locale, str) or len(r.locale) > MAX_LOCALE:
        raise ValueError(f"a reminder's locale must be at most {MAX_LOCALE} characters")
    if len(encode_data(r.payload)) > MAX_PAYLOAD:
        raise ValueError(f"a reminder's payload must be at most {MAX_PAYLOAD} characters of JSON")
    return NewReminder(
        chat_id=int(r.chat_id),
        user_id=int(r.user_id),
        deadline=r.deadline,
        remind_at=to_utc(r.remind_at),
        kind=r.kind,
        locale=r.locale,
        payload=r.payload,
    )


def reminder_identity(r: NewReminder) -> tuple[int, int, dt.date, str]:
    """What makes two reminders the same one (the table's unique key)."""
    return (r.chat_id, r.user_id, r.deadline, r.kind)


def unique_reminders(reminders: Any) -> tuple[list[NewReminder], list[tuple[int, int, dt.date, str]]]:
    """(validated reminders without repeats - the last of a repeat wins -, identity of each input in order)."""
    checked = [check_new_reminder(r) for r in reminders]
    last: dict[tuple[int, int, dt.date, str], NewReminder] = {}
    for r in checked:
        last.pop(reminder_identity(r), None)
        last[reminder_identity(r)] = r
    return list(last.values()), [reminder_identity(r) for r in checked]


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, str):
        return to_utc(dt.datetime.fromisoformat(value))
    return to_utc(value)


def as_date(value: Any) -> dt.date:
    """A stored deadline: a date, or SQLite's ISO text."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def decode_reminder(row: Any) -> Reminder:
    """A stored reminder row (a mapping with the column names) as a `Reminder`.

    An unreadable payload is logged (ids only) and read as ``{}``: the reminder
    is still worth sending, with a text that does without the amount.
    """
    payload: Any = row["payload"]
    try:
        payload = json.loads(payload)
        if not isinstance(payload, dict):
            raise ValueError(f"a JSON {type(payload).__name__}, not an object")
    except (TypeError, ValueError) as exc:
        log.warning(
            "unreadable payload of reminder %s (chat %s user %s): %s; using none",
            row["id"],
            row["chat_id"],
            row["user_id"],
            type(exc).__name__,
        )
        payload = {}
    sent_at = row["sent_at"]
    return Reminder(
        id=int(row["id"]),
        chat_id=int(row["chat_id"]),
        user_id=int(row["user_id"]),
        deadline=as_date(row["deadline"]),
        remind_at=_moment(row["remind_at"]),
        kind=row["kind"],
        locale=row["locale"],
        payload=payload,
        created_at=_moment(row["created_at"]),
        sent_at=None if sent_at is None else _moment(sent_at),
        cancelled=bool(row["cancelled"]),
    )


def check_limit(limit: int) -> int:
    limit = int(limit)
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return limit
