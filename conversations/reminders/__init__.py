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

When reminders go out (`schedule.plan_reminders`): at `send_hour_utc` (15:00 UTC is
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

The package, by concern: `service` (ReminderService: offering, sending, listing,
cancelling over the store), `schedule` (when they go out), `payload` (what a
reminder row carries, typed: ReminderPayload), `calendar` (the .ics file),
`texts` (what the chat says), `buttons` (the cancel buttons), `offer` (Offer,
`together`).
"""

from .buttons import ALL, CANCEL_PREFIX, parse_cancel_button
from .offer import Offer, together
from .service import ReminderService, ReminderUndeliverable

__all__ = [
    "ALL",
    "CANCEL_PREFIX",
    "Offer",
    "ReminderService",
    "ReminderUndeliverable",
    "parse_cancel_button",
    "together",
]
