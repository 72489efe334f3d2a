"""Deadline reminders (issue #4): a rollover deadline, or the end of a cure period for missed payments; and the
day to pay the tax (`offer_payment`: an estimated payment's, or, once the year is over, the return's due date),
a series of its own next to the deadline's.

No Telegram here. The bot layer wires it up like this:

    service = ReminderService(store)                 # the opened store (it is a ReminderStore too)

    # after a breakdown whose offset can still be rolled over, on "⏰ Remind me":
    offer = await service.offer(key, breakdown.rollover_deadline, amount_to_deposit, language_code,
                                distribution_type=breakdown.distribution_type)
    send(offer.reply)                                # text, plus the .ics as offer.reply.attachment
    # or, with the day to pay the tax as well, one message with one .ics for both:
    payment = await service.offer_payment(key, due, federal_tax, language_code, avoided_by="rollover")
    send(together(offer, payment, texts).reply)

    # every minute or so (a JobQueue job); survives restarts, several instances may run it:
    await service.send_due(deliver)                  # deliver(reminder, reply) sends reply to reminder.chat_id

    # /reminders, and its buttons:
    reply = await service.list_reply(user_id, language_code)
    target = parse_cancel_button(button_data)        # a reminder id, ALL, or None (not ours)
    await service.cancel(user_id, target)  /  await service.cancel_all(user_id)

When reminders go out (`plan_reminders`): at `send_hour_utc` (15:00 UTC is
10-11am in New York, 7-8am in Los Angeles) 30 and 7 days before the deadline,
skipping any that would fall today or earlier: the person has just seen the
deadline, a same-day nudge is noise. If that skips all of them and the deadline
is still ahead, there is one last reminder: the day before the deadline ("1d"),
or, when the deadline is tomorrow, the morning of the deadline itself ("0d").
A deadline today or past gets none (and `offer` says so).

Exactly once: `send_due` claims a reminder (an atomic "mark sent if unsent")
before sending it, so two instances, or a restart in the middle, never send one
twice. If sending raises, the claim is released and the next round retries;
if it raises `ReminderUndeliverable` (the person blocked the bot, the chat is
gone) it stays claimed. A crash between claim and send loses that one
reminder: at most once, never twice.

Stale reminders are retired, not sent: one whose deadline has passed (the bot was
down), and in a backlog the earlier reminders for a deadline that has a later
one due too (only the latest is sent).

In a group chat nothing about the person's money is kept or repeated: the
reminder and the calendar file say "your rollover deadline", without the amount.

Logging: reminder ids, chat and user ids and counts only, never an amount.
"""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from babel.lists import format_list

from conversations.api import Attachment, ChatKey, Choice, NewReminder, Reminder, ReminderStore, Reply
from conversations.i18n import Texts, texts_for

__all__ = [
    "ALL",
    "CANCEL_PREFIX",
    "PAYMENT",
    "DEFAULT_OFFSETS",
    "Offer",
    "ReminderService",
    "ReminderUndeliverable",
    "calendar_attachment",
    "cancel_choice",
    "ics_for_deadline",
    "parse_cancel_button",
    "plan_reminders",
    "reminder_text",
    "reminders_list_text",
    "together",
]

log = logging.getLogger("conversations.reminders")

DEFAULT_OFFSETS: Final = (30, 7)
DEFAULT_SEND_HOUR_UTC: Final = 15
PRODID: Final = "-//loan-offset-bot//Rollover deadline//EN"
UID_DOMAIN: Final = "loan-offset-bot"

# Inline-button data (Telegram allows 64 bytes): "rmd:x:123" cancels reminder 123, "rmd:x:all" all.
CANCEL_PREFIX: Final = "rmd:x:"
ALL: Final = "all"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- when -------------------------------------------------------------------------------


def plan_reminders(
    deadline: dt.date,
    today: dt.date,
    offsets: Iterable[int] = DEFAULT_OFFSETS,
    send_hour_utc: int = DEFAULT_SEND_HOUR_UTC,
) -> list[tuple[str, dt.datetime]]:
    """``[(kind, remind_at), ...]`` soonest first: ``("30d", 15:00 UTC 30 days before)``...

    A reminder whose day is `today` or earlier is skipped; if every one is, and
    the deadline is after today, there is one fallback: "1d" (the day before the
    deadline) or, when the deadline is tomorrow, "0d" (the deadline's morning).
    Nothing for a deadline today or past.
    """
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise TypeError("deadline must be a date")
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise TypeError("today must be a date")
    if not 0 <= int(send_hour_utc) <= 23:
        raise ValueError("send_hour_utc must be 0-23")
    days = sorted({int(d) for d in offsets}, reverse=True)
    if any(d < 0 for d in days):
        raise ValueError("reminder offsets are days before the deadline: 0 or more")
    at = dt.time(int(send_hour_utc), tzinfo=dt.UTC)

    plan = [(f"{d}d", dt.datetime.combine(deadline - dt.timedelta(days=d), at)) for d in days]
    plan = [(kind, moment) for kind, moment in plan if moment.date() > today]
    if not plan and deadline > today:
        d = 1 if deadline - dt.timedelta(days=1) > today else 0
        plan = [(f"{d}d", dt.datetime.combine(deadline - dt.timedelta(days=d), at))]
    return plan


# --- the calendar file -----------------------------------------------------------------


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped; other controls dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "", text)


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
    stamp = (now or utc_now()).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
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


CURE = "deemed_distribution"  # a reminder's distribution type when its deadline ends a cure period
# ... and when its deadline is the day to pay the tax (an estimated payment's, IRC 6654's installment; or the
# return's, payload "return_year"), which has reminders of its own next to the rollover's: their kinds start with
# PAYMENT_KIND, so neither series replaces the other.
PAYMENT = "estimated_tax"
PAYMENT_KIND = "tax"


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
    _ = texts.gettext
    date = texts.date(deadline)
    if payment:
        money = texts.money(amount) if amount is not None else ""
        if with_return is not None:
            summary = (_("Pay the federal tax on a 401(k) loan offset with your {year} return") if amount is None else
                       _("Pay {amount} federal tax with your {year} return (401(k) loan offset)")).format(
                amount=money, year=with_return)
            description = _(
                "Your {year} federal return is due {date}, with the tax on your 401(k) loan if it is still owed: an "
                "extension gives more time to file, not to pay, and interest runs on tax paid late."
            ).format(year=with_return, date=date)
        else:
            summary = (_("Pay the estimated federal tax on a 401(k) loan offset") if amount is None else
                       _("Pay {amount} estimated federal tax (401(k) loan offset)")).format(amount=money)
            description = _(
                "Estimated tax payment due {date} (Form 1040-ES, or IRS Direct Pay) for the federal tax on your "
                "401(k) loan, if it is still owed: paid by then, no underpayment penalty builds up on it."
            ).format(date=date)
        description += "\n\n" + _("An estimate, not tax advice: confirm with a tax professional.")
        content = ics_for_deadline(
            deadline, None, summary, description,
            uid_seed=f"{key.chat_id}:{key.user_id}:{deadline.isoformat()}:{PAYMENT_KIND}", now=now, alarm_days=alarm_days,
        )  # fmt: skip
        name = "estimated-tax" if with_return is None else "tax-with-return"
        return Attachment(f"{name}-{deadline.isoformat()}.ics", content, "text/calendar")
    if cure:
        summary = _("401(k) loan: make up the missed payments")
        description = _(
            "Last day your plan can allow to make up the missed 401(k) loan payments (the longest cure period; "
            "yours may be shorter): paid by {date}, the loan is not taxed."
        ).format(date=date)
        description += "\n\n" + _("An estimate, not tax advice: confirm with a tax professional.")
        content = ics_for_deadline(
            deadline, None, summary, description, uid_seed=f"{key.chat_id}:{key.user_id}:{deadline.isoformat()}",
            now=now, alarm_days=alarm_days,
        )  # fmt: skip
        return Attachment(f"loan-cure-deadline-{deadline.isoformat()}.ics", content, "text/calendar")
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
    description += "\n\n" + _("An estimate, not tax advice: confirm with a tax professional.")
    content = ics_for_deadline(
        deadline,
        None,
        summary,
        description,
        uid_seed=f"{key.chat_id}:{key.user_id}:{deadline.isoformat()}",
        now=now,
        alarm_days=alarm_days,
    )
    return Attachment(f"rollover-deadline-{deadline.isoformat()}.ics", content, "text/calendar")


# --- texts -------------------------------------------------------------------------------


def _payload_amount(reminder: Reminder) -> Decimal | None:
    value = reminder.payload.get("amount")
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount > 0 else None


def _days_left(texts: Texts, days: int) -> str:
    if days <= 0:
        return texts.gettext("that's today")
    if days == 1:
        return texts.gettext("that's tomorrow")
    return texts.ngettext("{days} day left", "{days} days left", days).format(days=days)


def reminder_text(reminder: Reminder, texts: Texts, today: dt.date) -> str:
    """The reminder message, in the language `texts` speaks."""
    _ = texts.gettext
    date = texts.date(reminder.deadline)
    left = _days_left(texts, (reminder.deadline - today).days)
    amount = _payload_amount(reminder)
    if reminder.payload.get("distribution_type") == PAYMENT:
        first = _payment_reminder(reminder, texts, amount, date, left)
    elif reminder.payload.get("distribution_type") == CURE:
        first = _(
            "⏰ Reminder: make up your missed 401(k) loan payments by {date} ({left}), or the whole balance "
            "is taxed as a distribution. Your plan's cure period may end sooner: check with it."
        ).format(date=date, left=left)
    elif amount is None:
        first = _(
            "⏰ Reminder: to keep your 401(k) loan offset from being taxed, roll it over into an IRA or "
            "your new employer's plan by {date} ({left})."
        ).format(date=date, left=left)
    else:
        first = _(
            "⏰ Reminder: to keep your 401(k) loan offset from being taxed, deposit {amount} in an IRA or "
            "your new employer's plan by {date} ({left})."
        ).format(amount=texts.money(amount), date=date, left=left)
    return "\n\n".join(
        [first, _("Already done? Then you're all set. /reminders lists your reminders and cancels them.")]
    )


def _payment_reminder(reminder: Reminder, texts: Texts, amount: Decimal | None, date: str, left: str) -> str:
    """The reminder to pay the tax: with the year's return (`return_year`), or as an estimated payment; and what
    can still make it go away (`avoided_by`)."""
    _ = texts.gettext
    money = texts.money(amount) if amount is not None else ""
    if year := reminder.payload.get("return_year"):
        text = (_(
            "⏰ Reminder: the federal tax on your 401(k) loan is due with your {year} return by {date} ({left}). An "
            "extension gives more time to file, not to pay."
        ) if amount is None else _(
            "⏰ Reminder: the {amount} of federal tax on your 401(k) loan is due with your {year} return by {date} "
            "({left}). An extension gives more time to file, not to pay."
        )).format(amount=money, year=str(year), date=date, left=left)
    else:
        text = (_(
            "⏰ Reminder: pay the federal tax on your 401(k) loan as an estimated tax payment by {date} ({left}): "
            "Form 1040-ES, or IRS Direct Pay. Then no underpayment penalty builds up."
        ) if amount is None else _(
            "⏰ Reminder: pay the {amount} of federal tax on your 401(k) loan as an estimated tax payment by {date} "
            "({left}): Form 1040-ES, or IRS Direct Pay. Then no underpayment penalty builds up."
        )).format(amount=money, date=date, left=left)
    avoided = reminder.payload.get("avoided_by")
    if avoided == "rollover":
        text += " " + _("Rolled it over already, or will by the deadline? Then there is none to pay.")
    elif avoided == "cure":
        text += " " + _("Made up the missed payments in time? Then there is none to pay.")
    return text


def _describe(reminder: Reminder, texts: Texts) -> str:
    if reminder.payload.get("distribution_type") == PAYMENT:
        return texts.gettext("{when}: for paying the tax by {deadline}").format(
            when=texts.date(reminder.remind_at.date()), deadline=texts.date(reminder.deadline)
        )
    return texts.gettext("{when}: for the {deadline} deadline").format(
        when=texts.date(reminder.remind_at.date()), deadline=texts.date(reminder.deadline)
    )


def reminders_list_text(reminders: Sequence[Reminder], texts: Texts) -> str:
    _ = texts.gettext
    if not reminders:
        return _("You have no reminders pending.")
    lines = [_("⏰ Your reminders:")]
    lines += [f"• {_describe(r, texts)}" for r in reminders]
    return "\n".join(lines)


def cancel_choice(reminder: Reminder, texts: Texts) -> Choice:
    return Choice(
        texts.gettext("❌ Cancel {when}").format(when=texts.date(reminder.remind_at.date())),
        f"{CANCEL_PREFIX}{reminder.id}",
    )


def parse_cancel_button(data: str) -> int | str | None:
    """The reminder id a cancel button names, `ALL`, or None when the data is not a cancel button."""
    if not isinstance(data, str) or not data.startswith(CANCEL_PREFIX):
        return None
    rest = data[len(CANCEL_PREFIX) :]
    if rest == ALL:
        return ALL
    # Ids are 64-bit integers in every store: a larger number (forged data) would overflow SQLite/PostgreSQL.
    return int(rest) if rest.isascii() and rest.isdigit() and len(rest) <= 19 and int(rest) < 2**63 else None


# --- the service --------------------------------------------------------------------------


class ReminderUndeliverable(Exception):
    """Raised by a `send_due` callback when a reminder can never be delivered (keep it as sent)."""


@dataclass(frozen=True, slots=True)
class Offer:
    """What `ReminderService.offer` did: the reminders now pending, and the reply to send (`calendar_line`, its
    last line, says what the attached file holds)."""

    reminders: list[Reminder]
    reply: Reply
    calendar_line: str = ""


def together(first: Offer, second: Offer, texts: Texts) -> Offer:
    """Two offers made with one tap (a rollover's deadline, the day to pay the tax) as one message: both texts,
    and one calendar file with both events."""
    def body(offer: Offer) -> str:
        text = offer.reply.text
        return text[: -len(offer.calendar_line) - 1] if offer.calendar_line and text.endswith(offer.calendar_line) else text

    a, b = first.reply.attachment, second.reply.attachment
    if a is None or b is None:
        attachment = a or b
        line = first.calendar_line if a is not None else second.calendar_line
    else:
        events = b.content[b.content.index(b"BEGIN:VEVENT") : b.content.rindex(b"END:VCALENDAR")]
        end = a.content.rindex(b"END:VCALENDAR")
        attachment = Attachment(a.filename, a.content[:end] + events + a.content[end:], a.mime_type)
        line = texts.gettext("📅 The attached file puts both dates in your calendar.")
    text = "\n".join(p for p in (body(first), body(second), line) if p)
    return Offer(first.reminders + second.reminders, Reply(text, attachment=attachment), line)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """Aware UTC; a naive datetime is taken as UTC (as the stores do)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _series(r: Reminder) -> tuple[int, int, dt.date, bool]:
    """The reminders that go out for one deadline: a later one supersedes an earlier one still unsent."""
    return r.chat_id, r.user_id, r.deadline, r.kind.startswith(PAYMENT_KIND)


def _is_private(key: ChatKey) -> bool:
    # Telegram: a private chat's id is the person's user id; groups are negative.
    return key.chat_id == key.user_id


class ReminderService:
    """Offer, send, list and cancel reminders over a `ReminderStore`.

    `clock` returns the current time (aware UTC); `texts_for` maps a stored
    locale to a `Texts` (default: `conversations.i18n.texts_for`).
    """

    def __init__(
        self,
        store: ReminderStore,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        offsets: Sequence[int] = DEFAULT_OFFSETS,
        send_hour_utc: int = DEFAULT_SEND_HOUR_UTC,
        texts_for: Callable[[str | None], Texts] = texts_for,
    ) -> None:
        self._store = store
        self._clock = clock
        self.offsets = tuple(offsets)
        self.send_hour_utc = send_hour_utc
        self._texts_for = texts_for

    def _now(self) -> dt.datetime:
        return _as_utc(self._clock())

    # --- offering -----------------------------------------------------------------------

    async def offer(
        self,
        key: ChatKey,
        breakdown_deadline: dt.date,
        amount: Decimal | int | str | None,
        locale: str | None,
        *,
        distribution_type: str | None = None,
    ) -> Offer:
        """Store the reminders for a deadline (again: no duplicates) and say so.

        `amount` is what to deposit to avoid the tax. `locale` is the person's
        Telegram language code. The reply carries the .ics as its attachment
        unless the deadline has passed.
        """
        now = self._now()
        today = now.date()
        texts = self._texts_for(locale)
        _ = texts.gettext
        money = None if amount is None else Decimal(str(amount))
        if money is not None and not (money.is_finite() and money > 0):
            money = None
        kept_amount = money if _is_private(key) else None  # nothing financial in a group's rows

        cure = distribution_type is not None and str(distribution_type) == CURE
        if breakdown_deadline < today:
            text = _("That rollover deadline ({date}) has already passed, so there is nothing to remind you of.")
            return Offer([], Reply(text.format(date=texts.date(breakdown_deadline))))

        pending = await self._add(key, breakdown_deadline, kept_amount, distribution_type, locale, now, "")
        calendar = calendar_attachment(
            texts, key, breakdown_deadline, kept_amount, now=now, alarm_days=self.offsets, cure=cure
        )
        date = texts.date(breakdown_deadline)
        if pending:
            when = format_list([texts.date(r.remind_at.date()) for r in pending], locale=texts.locale)
            text = _(
                "⏰ Done: I'll remind you here on {dates}, before your {date} deadline. "
                "/reminders lists them and cancels them."
            ).format(dates=when, date=date)
        else:
            text = _("⏰ Your deadline is today ({date}): there is no time left for a reminder.").format(date=date)
        line = _("📅 The attached file puts the deadline in your calendar.")
        return Offer(pending, Reply(text + "\n" + line, attachment=calendar), line)

    async def offer_payment(
        self, key: ChatKey, due: dt.date, tax: Decimal | None, locale: str | None, *, alone: bool = False,
        avoided_by: str | None = None, with_return: int | None = None,
    ) -> Offer:
        """Reminders before the day to pay the tax as an estimated payment (the breakdown's "(or pay it as an
        estimated tax payment by ...)"), and their .ics. `tax`: the federal tax to pay (the 10% included); `alone`: no rollover or cure
        deadline was offered with them (the reply then says what /reminders does); `avoided_by`: "rollover"
        or "cure", what can still make the tax go away (the reminder then says so); `with_return`: the year is
        over and the tax is paid with its return, due on `due`."""
        now = self._now()
        texts = self._texts_for(locale)
        _ = texts.gettext
        if due <= now.date():
            return Offer([], Reply(_("The tax payment due {date} is due today or has passed, so there is nothing to "
                                     "remind you of.").format(date=texts.date(due))))
        money = None if tax is None else Decimal(str(tax))
        kept = money if money is not None and money.is_finite() and money > 0 and _is_private(key) else None
        pending = await self._add(key, due, kept, PAYMENT, locale, now, PAYMENT_KIND, avoided_by, with_return)
        when = format_list([texts.date(r.remind_at.date()) for r in pending], locale=texts.locale)
        if with_return is not None:
            text = (_("⏰ Done: I'll remind you here on {dates} to pay the tax with your {year} return by {date}. "
                      "/reminders lists them and cancels them.") if alone else
                    _("⏰ And on {dates}, to pay the tax with your {year} return by {date}, if it is still owed "
                      "then.")).format(dates=when, year=str(with_return), date=texts.date(due))
        elif alone:
            text = _("⏰ Done: I'll remind you here on {dates} to pay the tax by {date} as an estimated tax payment. "
                     "/reminders lists them and cancels them.").format(dates=when, date=texts.date(due))
        else:
            text = _("⏰ And on {dates}, to pay the tax by {date} as an estimated tax payment, if it is still "
                     "owed then.").format(dates=when, date=texts.date(due))
        line = _("📅 The attached file puts the payment in your calendar.")
        calendar = calendar_attachment(
            texts, key, due, kept, now=now, alarm_days=self.offsets, payment=True, with_return=with_return
        )
        return Offer(pending, Reply(text + "\n" + line, attachment=calendar), line)

    async def _add(
        self, key: ChatKey, deadline: dt.date, amount: Decimal | None, distribution_type: str | None,
        locale: str | None, now: dt.datetime, kind_prefix: str, avoided_by: str | None = None,
        return_year: int | None = None,
    ) -> list[Reminder]:
        """Store the reminders for one deadline (again: no duplicates); the ones now pending for it."""
        payload: dict[str, Any] = {}
        if amount is not None:
            payload["amount"] = str(amount)
        if distribution_type is not None:
            payload["distribution_type"] = str(distribution_type)
        if avoided_by is not None:
            payload["avoided_by"] = avoided_by
        if return_year is not None:
            payload["return_year"] = return_year
        # The person's own language tag, not what we speak today: a catalog added
        # before the reminder goes out is then used for it.
        tag = (locale or "").strip()[:35] or "en"
        plan = plan_reminders(deadline, now.date(), self.offsets, self.send_hour_utc)
        new = [NewReminder(key.chat_id, key.user_id, deadline, at, kind_prefix + kind, tag, payload) for kind, at in plan]
        ids = set(await self._store.add_reminders(new, now))
        pending = [r for r in await self._store.list_reminders(key.user_id, key.chat_id) if r.id in ids]
        log.info("reminders offered: chat %s user %s, %d pending", key.chat_id, key.user_id, len(pending))
        return pending

    # --- sending ------------------------------------------------------------------------

    async def due(self, now: dt.datetime | None = None, limit: int = 100) -> list[Reminder]:
        """Reminders to send now. Stale ones (deadline passed; or an earlier one for a
        deadline whose later reminder is due too) are retired here instead of returned."""
        now = self._now() if now is None else _as_utc(now)
        due = await self._store.due_reminders(now, limit)
        latest: dict[tuple[int, int, dt.date, bool], Reminder] = {}
        for r in due:  # oldest first: the last one per deadline (and per kind: a rollover's, a payment's) wins
            latest[_series(r)] = r
        keep, retired = [], 0
        for r in due:
            stale = r.deadline < now.date()
            if stale or latest[_series(r)] is not r:
                retired += await self._store.claim_reminder(r.id, now)
            else:
                keep.append(r)
        if retired:
            log.info("reminders retired without sending (stale or superseded): %d", retired)
        return keep

    async def claim(self, reminder_id: int) -> bool:
        """Mark a reminder sent, now; True only for the one caller that should send it."""
        return await self._store.claim_reminder(reminder_id, self._now())

    def text(self, reminder: Reminder, texts: Texts | None = None) -> str:
        return reminder_text(reminder, texts or self._texts_for(reminder.locale), self._now().date())

    async def send_due(
        self, send: Callable[[Reminder, Reply], Awaitable[object]], *, limit: int = 100
    ) -> int:
        """Send what is due through `send(reminder, reply)`; returns how many were sent.

        Each reminder is claimed before `send` is called, so it is sent at most
        once across instances and restarts. If `send` raises, the claim is
        released (retried next round) - unless it raised `ReminderUndeliverable`.
        """
        now = self._now()
        sent = 0
        for reminder in await self.due(now, limit):
            if not await self._store.claim_reminder(reminder.id, now):
                continue  # another instance has it
            try:
                await send(reminder, Reply(self.text(reminder)))
            except ReminderUndeliverable:
                log.warning("reminder %s for chat %s is undeliverable; dropped", reminder.id, reminder.chat_id)
            except Exception:
                await self._store.release_reminder(reminder.id, now)
                log.exception("sending reminder %s to chat %s failed; will retry", reminder.id, reminder.chat_id)
            else:
                sent += 1
        return sent

    # --- listing and cancelling -----------------------------------------------------------

    async def list(self, user_id: int, chat_id: int | None = None) -> builtins.list[Reminder]:
        """A person's pending reminders (deadline not yet passed), soonest first."""
        today = self._now().date()
        return [r for r in await self._store.list_reminders(user_id, chat_id) if r.deadline >= today]

    async def list_reply(self, user_id: int, locale: str | None, chat_id: int | None = None) -> Reply:
        """/reminders: the list, a cancel button per reminder and one for all."""
        texts = self._texts_for(locale)
        reminders = await self.list(user_id, chat_id)
        rows = tuple((cancel_choice(r, texts),) for r in reminders)
        if len(reminders) > 1:
            rows += ((Choice(texts.gettext("❌ Cancel all"), f"{CANCEL_PREFIX}{ALL}"),),)
        return Reply(reminders_list_text(reminders, texts), choices=rows)

    async def cancel(self, user_id: int, reminder_id: int) -> bool:
        """Cancel one of this person's pending reminders; False if it is not theirs or not pending."""
        return await self._store.cancel_reminder(user_id, reminder_id)

    async def cancel_all(self, user_id: int) -> int:
        return await self._store.cancel_all_reminders(user_id)
