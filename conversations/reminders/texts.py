"""What the reminders say in the chat: the reminder itself, /reminders' list, and the replies to "Remind me"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from conversations.api import Reminder
from conversations.i18n import Texts

from .payload import ReminderPayload


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
    payload = ReminderPayload.from_json(reminder.payload)
    if payload.is_payment:
        first = _payment_reminder(payload, texts, date, left)
    elif payload.is_cure:
        first = _(
            "⏰ Reminder: make up your missed 401(k) loan payments by {date} ({left}), or the whole balance "
            "is taxed as a distribution. Your plan's cure period may end sooner: check with it."
        ).format(date=date, left=left)
    elif payload.amount is None:
        first = _(
            "⏰ Reminder: to keep your 401(k) loan offset from being taxed, roll it over into an IRA or "
            "your new employer's plan by {date} ({left})."
        ).format(date=date, left=left)
    else:
        first = _(
            "⏰ Reminder: to keep your 401(k) loan offset from being taxed, deposit {amount} in an IRA or "
            "your new employer's plan by {date} ({left})."
        ).format(amount=texts.money(payload.amount), date=date, left=left)
    return "\n\n".join(
        [first, _("Already done? Then you're all set. /reminders lists your reminders and cancels them.")]
    )


def _payment_reminder(payload: ReminderPayload, texts: Texts, date: str, left: str) -> str:
    """The reminder to pay the tax: with the year's return, or as an estimated payment; and what can still
    make it go away."""
    _ = texts.gettext
    amount = payload.amount
    money = texts.money(amount) if amount is not None else ""
    if year := payload.return_year:
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
    if payload.avoided_by == "rollover":
        text += " " + _("Rolled it over already, or will by the deadline? Then there is none to pay.")
    elif payload.avoided_by == "cure":
        text += " " + _("Made up the missed payments in time? Then there is none to pay.")
    return text


def _describe(reminder: Reminder, texts: Texts) -> str:
    when, deadline = texts.date(reminder.remind_at.date()), texts.date(reminder.deadline)
    if ReminderPayload.from_json(reminder.payload).is_payment:
        return texts.gettext("{when}: for paying the tax by {deadline}").format(when=when, deadline=deadline)
    return texts.gettext("{when}: for the {deadline} deadline").format(when=when, deadline=deadline)


def reminders_list_text(reminders: Sequence[Reminder], texts: Texts) -> str:
    _ = texts.gettext
    if not reminders:
        return _("You have no reminders pending.")
    lines = [_("⏰ Your reminders:")]
    lines += [f"• {_describe(r, texts)}" for r in reminders]
    return "\n".join(lines)


# --- the replies to "Remind me" ------------------------------------------------------------


def _dates(texts: Texts, pending: Sequence[Reminder]) -> str:
    return texts.date_list([r.remind_at.date() for r in pending])


def deadline_passed_text(texts: Texts, deadline: dt.date) -> str:
    return texts.gettext(
        "That rollover deadline ({date}) has already passed, so there is nothing to remind you of."
    ).format(date=texts.date(deadline))


def deadline_offer_text(texts: Texts, pending: Sequence[Reminder], deadline: dt.date) -> tuple[str, str]:
    """What was set up before a rollover (or cure) deadline, and the last line: what the attached file holds."""
    _ = texts.gettext
    date = texts.date(deadline)
    if pending:
        text = _(
            "⏰ Done: I'll remind you here on {dates}, before your {date} deadline. "
            "/reminders lists them and cancels them."
        ).format(dates=_dates(texts, pending), date=date)
    else:
        text = _("⏰ Your deadline is today ({date}): there is no time left for a reminder.").format(date=date)
    return text, _("📅 The attached file puts the deadline in your calendar.")


def payment_passed_text(texts: Texts, due: dt.date) -> str:
    return texts.gettext(
        "The tax payment due {date} is due today or has passed, so there is nothing to remind you of."
    ).format(date=texts.date(due))


def payment_offer_text(
    texts: Texts, pending: Sequence[Reminder], due: dt.date, *, alone: bool, with_return: int | None
) -> tuple[str, str]:
    """What was set up before the day to pay the tax (`alone`: no deadline's reminders with it, so it says what
    /reminders does), and the last line: what the attached file holds."""
    _ = texts.gettext
    when, date = _dates(texts, pending), texts.date(due)
    if with_return is not None:
        text = (_("⏰ Done: I'll remind you here on {dates} to pay the tax with your {year} return by {date}. "
                  "/reminders lists them and cancels them.") if alone else
                _("⏰ And on {dates}, to pay the tax with your {year} return by {date}, if it is still owed "
                  "then.")).format(dates=when, year=str(with_return), date=date)
    elif alone:
        text = _("⏰ Done: I'll remind you here on {dates} to pay the tax by {date} as an estimated tax payment. "
                 "/reminders lists them and cancels them.").format(dates=when, date=date)
    else:
        text = _("⏰ And on {dates}, to pay the tax by {date} as an estimated tax payment, if it is still "
                 "owed then.").format(dates=when, date=date)
    return text, _("📅 The attached file puts the payment in your calendar.")


def both_dates_line(texts: Texts) -> str:
    """The last line when one calendar file holds a deadline and the day to pay the tax."""
    return texts.gettext("📅 The attached file puts both dates in your calendar.")
