"""The calendar file (.ics, RFC 5545) sent with a reminder offer: one all-day event on the deadline, with
alarms before it. In a group chat it names no amount."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from conversations.api import Attachment, ChatKey
from conversations.i18n import Texts

from .payload import PAYMENT_KIND
from .schedule import DEFAULT_OFFSETS

PRODID: Final = "-//loan-offset-bot//Rollover deadline//EN"
UID_DOMAIN: Final = "loan-offset-bot"

# RFC 5545 TEXT may not hold control characters other than the (escaped) newline.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped; other controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL_CHARACTERS.sub("", text)


def _fold(line: str) -> bytes:
    """One content line as UTF-8, folded so no physical line exceeds 75 octets (CRLF excluded).

    Continuation lines start with a space, which counts toward their 75; a
    multi-byte character is never split.
    """
    out: list[bytes] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b" "
            limit = 75
        current += encoded
    out.append(current)
    return b"\r\n".join(out) + b"\r\n"


def _amount_text(amount: Decimal | str | None) -> str | None:
    if amount is None:
        return None
    if isinstance(amount, str):
        return amount
    return f"${Decimal(amount):,.2f}"


def ics_for_deadline(
    deadline: dt.date,
    amount: Decimal | str | None,
    summary: str,
    description: str,
    uid_seed: str,
    *,
    now: dt.datetime | None = None,
    alarm_days: Sequence[int] = DEFAULT_OFFSETS,
) -> bytes:
    """An RFC 5545 calendar with one all-day event on `deadline` and a reminder alarm per `alarm_days`.

    `summary` and `description` are final text, except that ``{amount}`` in them
    is replaced by `amount` (a string as given - use `Texts.money` -, or a
    Decimal shown as ``$1,234.50``). The UID is a hash of `uid_seed`, so the same
    seed gives the same UID and importing the file again updates the event
    instead of adding a second one; the seed itself is not in the file.
    """
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise TypeError("deadline must be a date")
    shown = _amount_text(amount)
    if shown is not None:
        summary = summary.replace("{amount}", shown)
        description = description.replace("{amount}", shown)
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    uid = hashlib.sha256(uid_seed.encode("utf-8")).hexdigest()[:32] + "@" + UID_DOMAIN
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{deadline:%Y%m%d}",
        f"DTEND;VALUE=DATE:{deadline + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
    ]
    for days in alarm_days:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            f"TRIGGER:-P{int(days)}D",
            "END:VALARM",
        ]
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return b"".join(_fold(line) for line in lines)


def calendar_attachment(
    texts: Texts,
    key: ChatKey,
    deadline: dt.date,
    amount: Decimal | None,
    *,
    now: dt.datetime | None = None,
    alarm_days: Sequence[int] = DEFAULT_OFFSETS,
    cure: bool = False,
    payment: bool = False,
    with_return: int | None = None,
) -> Attachment:
    """The .ics for a person's deadline, in their language (no amount when `amount` is None).

    `cure`: the deadline ends the cure period for missed loan payments, not a rollover; `payment`: it is the
    day to pay the tax as an estimated payment (or, `with_return`, with that year's return), and `amount` the tax.
    """
    seed = f"{key.chat_id}:{key.user_id}:{deadline.isoformat()}"
    if payment:
        # A seed of its own: the payment's event sits next to a rollover deadline on the same day.
        summary, description = _payment_event(texts, deadline, amount, with_return)
        name, seed = ("estimated-tax" if with_return is None else "tax-with-return"), f"{seed}:{PAYMENT_KIND}"
    elif cure:
        summary, description = _cure_event(texts, deadline)
        name = "loan-cure-deadline"
    else:
        summary, description = _rollover_event(texts, deadline, amount)
        name = "rollover-deadline"
    description += "\n\n" + texts.gettext("An estimate, not tax advice: confirm with a tax professional.")
    content = ics_for_deadline(deadline, None, summary, description, uid_seed=seed, now=now, alarm_days=alarm_days)
    return Attachment(f"{name}-{deadline.isoformat()}.ics", content, "text/calendar")


def _payment_event(texts: Texts, deadline: dt.date, amount: Decimal | None, year: int | None) -> tuple[str, str]:
    _ = texts.gettext
    date, money = texts.date(deadline), texts.money(amount) if amount is not None else ""
    if year is not None:
        summary = (_("Pay the federal tax on a 401(k) loan offset with your {year} return") if amount is None else
                   _("Pay {amount} federal tax with your {year} return (401(k) loan offset)")).format(
            amount=money, year=year)
        description = _(
            "Your {year} federal return is due {date}, with the tax on your 401(k) loan if it is still owed: an "
            "extension gives more time to file, not to pay, and interest runs on tax paid late."
        ).format(year=year, date=date)
        return summary, description
    summary = (_("Pay the estimated federal tax on a 401(k) loan offset") if amount is None else
               _("Pay {amount} estimated federal tax (401(k) loan offset)")).format(amount=money)
    description = _(
        "Estimated tax payment due {date} (Form 1040-ES, or IRS Direct Pay) for the federal tax on your "
        "401(k) loan, if it is still owed: paid by then, no underpayment penalty builds up on it."
    ).format(date=date)
    return summary, description


def _cure_event(texts: Texts, deadline: dt.date) -> tuple[str, str]:
    _ = texts.gettext
    summary = _("401(k) loan: make up the missed payments")
    description = _(
        "Last day your plan can allow to make up the missed 401(k) loan payments (the longest cure period; "
        "yours may be shorter): paid by {date}, the loan is not taxed."
    ).format(date=texts.date(deadline))
    return summary, description


def _rollover_event(texts: Texts, deadline: dt.date, amount: Decimal | None) -> tuple[str, str]:
    _ = texts.gettext
    date = texts.date(deadline)
    if amount is None:
        summary = _("401(k) loan offset: rollover deadline")
        description = _(
            "Last day to roll over your 401(k) loan offset: deposit the amount in an IRA or your new "
            "employer's plan by {date} so it is not taxed."
        ).format(date=date)
    else:
        summary = _("Roll over {amount} (401(k) loan offset)").format(amount=texts.money(amount))
        description = _(
            "Last day to roll over your 401(k) loan offset: deposit {amount} in an IRA or your new "
            "employer's plan by {date} so it is not taxed."
        ).format(amount=texts.money(amount), date=date)
    return summary, description
