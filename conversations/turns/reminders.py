"""Reminders from a conversation: "⏰ Remind me" under a breakdown, /reminders, and cancelling them."""

from __future__ import annotations

from calculator.models import DistributionType
from conversations.api import Reply
from conversations.reminders import ALL, together
from conversations.replies.payment import payment_due
from conversations.replies.way_out import deposit_amount, reminder_deadline
from conversations.turns.context import Turn


async def remind(turn: Turn, estimate_id: str) -> list[Reply]:
    """⏰ Remind me: reminders before the rollover deadline of a kept estimate, and an .ics for the calendar."""
    from calculator import estimate

    inputs = turn.state.estimate(estimate_id)
    if inputs is None:
        return turn.aside(
            [Reply(turn._("That estimate is no longer kept. Start a new one?"), choices=turn.start_choice())]
        )
    breakdown = estimate(inputs, today=turn.today)
    deadline = reminder_deadline(breakdown)
    # The day to pay the tax by (an estimated payment's, or the return's), which the breakdown names too.
    due = payment_due(breakdown, turn.today)
    kind = breakdown.distribution_type
    if deadline is None and due is None and kind is DistributionType.DEEMED_DISTRIBUTION:
        return turn.aside(
            [Reply(turn._("A deemed distribution can't be rolled over, so there is no deadline to remind you of."))]
        )
    if deadline is None and due is None:  # the rollover's deadline has passed (an older message's button, or typed)
        return turn.aside([Reply(turn._("No deadline that could still avoid the tax is ahead, so there is "
                                        "nothing to remind you of."))])
    offers = []
    if deadline is not None:
        rollover = breakdown.rollover_eligible
        offer = await turn.env.reminders.offer(
            turn.env.key,
            deadline,
            # For missed payments what is owed to the plan is not known here, only the day.
            deposit_amount(breakdown) if rollover else None,
            turn.locale,
            distribution_type=getattr(kind, "value", kind),
        )
        offers.append(offer)
    if due is not None:
        avoided_by = "rollover" if breakdown.rollover_eligible else "cure" if breakdown.cure_possible else None
        payment = await turn.env.reminders.offer_payment(
            turn.env.key, due.day, breakdown.federal_income_tax + breakdown.early_withdrawal_penalty, turn.locale,
            alone=deadline is None, avoided_by=avoided_by, with_return=due.with_return,
        )
        offers.append(payment)
    # One message: both texts, and one calendar file with both dates.
    return turn.aside([together(*offers, turn.texts).reply if len(offers) == 2 else offers[0].reply])


def _reminders_chat(turn: Turn) -> int | None:
    # In a private chat all of the person's reminders; in a group only this group's.
    return None if turn.private else turn.env.key.chat_id


async def reminders_reply(turn: Turn) -> Reply:
    return await turn.env.reminders.list_reply(turn.env.key.user_id, turn.locale, chat_id=_reminders_chat(turn))


async def cancel_reminders(turn: Turn, target: int | str) -> list[Reply]:
    service, user_id = turn.env.reminders, turn.env.key.user_id
    if target == ALL:
        chat = _reminders_chat(turn)
        if chat is None:
            count = await service.cancel_all(user_id)
        else:
            count = 0
            for reminder in await service.list(user_id, chat):
                count += await service.cancel(user_id, reminder.id)
        text = (
            turn.texts.ngettext("✅ Cancelled {count} reminder.", "✅ Cancelled {count} reminders.", count).format(
                count=count
            )
            if count
            else turn._("Nothing left to cancel.")
        )
    else:
        done = await service.cancel(user_id, int(target))
        text = turn._("✅ Reminder cancelled.") if done else turn._("That reminder was already sent or cancelled.")
    listing = await reminders_reply(turn)
    return turn.aside([Reply(text + "\n\n" + listing.text, choices=listing.choices)])
