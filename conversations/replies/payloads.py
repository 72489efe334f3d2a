"""Deep links that start a private estimate (`estimate_link`), and the payloads in them that carry an
estimate's numbers (issue #4).

A deep link ``https://t.me/<bot>?start=<payload>`` arrives as ``/start <payload>``.
Telegram allows at most 64 characters of ``A-Za-z0-9_-`` in it, so the numbers
travel in a compact form:

    e_<balance>_<age>_<event>_<rate>[_<state>[_<offset date>]]

- ``e`` first, then the values, each after an underscore, in this order;
- balance: dollars, digits, ``p`` for the decimal point (``15000``, ``15000p50``);
- age: whole years (``45``);
- event: ``left`` (left the job), ``terminated`` (the plan ended) or ``default``
  (missed payments); any one-word event the parser knows works too (``quit``,
  ``fired``, ``retired``...), ``-`` standing for a space (``laid-off``);
- rate: the federal rate in percent, ``p`` for the point (``22``, ``22p5``);
- state: optional two-letter code (``CA``);
- offset date: optional, ``YYYYMMDD`` (``20251103``); without it the offset is today;
- an empty value (two underscores in a row) or ``x`` means "not known": that
  question is asked. Trailing unknowns may be left out.

Examples: ``e_15000_45_left_22``, ``e_15000p50_59_terminated_24_CA``,
``e_20000_40`` (asks what happened and the rate). ``estimate`` alone (see
`ESTIMATE_PAYLOAD`) starts an empty estimate.

Decoding turns the values back into one line ("$15000 45 left 22%") and reads it
with `parse_quick`, the parser of typed one-liners and
/estimate, so a payload means exactly what the same typed line would.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from calculator.models import Event, FilingStatus
from conversations.reading import ParseError, QuickAnswers, parse_quick

__all__ = [
    "ESTIMATE_PAYLOAD",
    "PAYLOAD_PREFIX",
    "clean_username",
    "estimate_link",
    "is_estimate_payload",
    "is_valid_payload",
    "make_estimate_payload",
    "parse_estimate_payload",
    "payload_text",
]

# The /start payload of the "start a private estimate" deep link.
ESTIMATE_PAYLOAD = "estimate"

PAYLOAD_PREFIX = "e"
# https://core.telegram.org/api/links#bot-links: start parameter, up to 64 of A-Za-z0-9_-
_PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Telegram usernames: 5-32 characters, letters, digits and underscores, starting with a letter.
_USERNAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
_UNKNOWN = ("", "x", "X")
# Words the one-line parser reads as each filing status.
_FILING_CODES = {
    FilingStatus.SINGLE: "single", FilingStatus.MARRIED_JOINT: "mfj", FilingStatus.MARRIED_SEPARATE: "mfs",
    FilingStatus.HEAD_OF_HOUSEHOLD: "hoh", FilingStatus.QUALIFYING_SURVIVING_SPOUSE: "qss",
}
_EVENT_WORDS = {Event.SEPARATION: "left", Event.PLAN_TERMINATION: "terminated", Event.DEFAULT: "default"}
# What each position may look like (anything else there is treated as not known).
_BALANCE_RE = re.compile(r"\d{1,7}(?:p\d{1,2})?")
_AGE_RE = re.compile(r"\d{1,3}")
_EVENT_RE = re.compile(r"[A-Za-z][A-Za-z-]{0,30}")
_RATE_RE = re.compile(r"\d{1,3}(?:p\d{1,3})?")
_STATE_RE = re.compile(r"[A-Za-z]{2}")
_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")


def _number(value: Decimal | int | str) -> str:
    number = Decimal(str(value))
    if not number.is_finite() or number < 0:
        raise ValueError(f"not a payload number: {value!r}")
    text = format(number.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", "p")


def make_estimate_payload(
    balance: Decimal | int | str | None,
    age: int | None,
    event: Event | str | None,
    rate: Decimal | int | str | None,
    state: str | None = None,
    offset_date: dt.date | None = None,
    state_rate: Decimal | int | str | None = None,
    filing_status: FilingStatus | str | None = None,
    income: Decimal | int | str | None = None,
) -> str:
    """The /start payload for a prefilled estimate: ``e_15000_45_left_22``; a state's rate goes last
    (``e_15000_45_left_22_CA__9p3``), then a filing status and income, which stand in for a federal rate
    (``e_15000_45_left__CA___single_60000``), so payloads made before them read the same.

    Any value may be None (that question is then asked). `event` is an `Event`
    or its value ("separation", "plan-termination", "default"). Raises
    ValueError when the result would not be a valid deep-link payload.
    """
    parts: list[str] = []
    parts.append("" if balance is None else _number(balance))
    parts.append("" if age is None else str(int(age)))
    if event is None:
        parts.append("")
    else:
        parts.append(_EVENT_WORDS[Event(event)])
    parts.append("" if rate is None else _number(rate))
    parts.append("" if not state else str(state).upper())
    parts.append("" if offset_date is None else offset_date.strftime("%Y%m%d"))
    # Read back as the second rate of the line, so only with a state and a federal rate.
    parts.append("" if state_rate is None or not state or rate is None else _number(state_rate))
    if filing_status is not None and income is not None and rate is None:
        parts.append(_FILING_CODES[FilingStatus(filing_status)])
        parts.append(_number(income))
    while parts and parts[-1] == "":
        parts.pop()
    payload = "_".join([PAYLOAD_PREFIX, *parts])
    if not is_valid_payload(payload):
        raise ValueError(f"cannot make a deep-link payload of {payload!r}")
    return payload


def is_estimate_payload(payload: str) -> bool:
    """Whether a /start payload is one of ours carrying values (``e_...``)."""
    return is_valid_payload(payload) and payload.startswith(PAYLOAD_PREFIX + "_")


def payload_text(payload: str) -> str | None:
    """The one line a payload stands for ("$15000 45 left 22%"); None if it isn't an estimate payload.

    Values that don't fit their position are left out (and so asked for).
    """
    if not is_estimate_payload(payload):
        return None
    values = payload.split("_")[1:]
    values += [""] * (9 - len(values))
    balance, age, event, rate, state, offset, state_rate, filing, income = values[:9]
    words: list[str] = []
    if balance not in _UNKNOWN and _BALANCE_RE.fullmatch(balance):
        words.append("$" + balance.replace("p", "."))
    if age not in _UNKNOWN and _AGE_RE.fullmatch(age) and 14 <= int(age) <= 120:
        words.append(age)
    if event not in _UNKNOWN and _EVENT_RE.fullmatch(event):
        words.append(event.replace("-", " ").lower())
    if rate not in _UNKNOWN and _RATE_RE.fullmatch(rate):
        words.append(rate.replace("p", ".") + "%")
    if state not in _UNKNOWN and _STATE_RE.fullmatch(state):
        words.append(state.upper())
        if state_rate not in _UNKNOWN and _RATE_RE.fullmatch(state_rate):
            words.append(state_rate.replace("p", ".") + "%")  # right after the state: the state's rate
    if filing.lower() in _FILING_CODES.values() and income not in _UNKNOWN and _BALANCE_RE.fullmatch(income):
        words.append(filing.lower())
        words.append(income.replace("p", ".") + " income")
    if (m := _DATE_RE.fullmatch(offset)) is not None:
        try:
            words.append(dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat())
        except ValueError:
            pass  # not a real day: left out like any value that doesn't fit
    return " ".join(words)


def parse_estimate_payload(payload: str) -> QuickAnswers | None:
    """The answers an ``e_...`` payload carries; None if it is not one, or says nothing we can read."""
    text = payload_text(payload)
    if not text:
        return None
    try:
        quick = parse_quick(text, locale="en")
    except ParseError:
        return None
    return quick if quick.count() else None


def is_valid_payload(payload: str) -> bool:
    """A deep-link start parameter Telegram accepts: 1-64 characters of A-Za-z0-9_-."""
    return isinstance(payload, str) and _PAYLOAD_RE.fullmatch(payload) is not None


def clean_username(bot_username: str) -> str:
    """A bot's Telegram username without its "@"; ValueError for one Telegram wouldn't accept."""
    name = bot_username.strip().removeprefix("@") if isinstance(bot_username, str) else ""
    if not _USERNAME_RE.fullmatch(name):
        raise ValueError(f"not a Telegram username: {bot_username!r}")
    return name


def estimate_link(bot_username: str, payload: str = ESTIMATE_PAYLOAD) -> str:
    """https://t.me/<bot>?start=<payload>: opens a private chat with the bot and starts an estimate there.

    Raises ValueError for a username Telegram wouldn't accept or a payload
    longer than 64 characters or outside A-Za-z0-9_-. On arrival the bot sees
    `/start <payload>`.
    """
    name = clean_username(bot_username)
    if not is_valid_payload(payload):
        raise ValueError(f"deep-link payload must be 1-64 characters of A-Za-z0-9_-: {payload!r}")
    return f"https://t.me/{name}?start={payload}"
