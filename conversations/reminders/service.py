"""`ReminderService`: offer, send, list and cancel reminders over a `ReminderStore` (see the package's docstring
for when they go out and why each is sent at most once)."""

from __future__ import annotations

import builtins
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal

from conversations.api import ChatKey, NewReminder, Reminder, ReminderStore, Reply
from conversations.i18n import Texts, texts_for

from .buttons import cancel_all_choice, cancel_choice
from .calendar import calendar_attachment
from .offer import Offer
from .payload import CURE, PAYMENT, PAYMENT_KIND, ReminderPayload
from .schedule import DEFAULT_OFFSETS, DEFAULT_SEND_HOUR_UTC, plan_reminders
from .texts import (
    deadline_offer_text,
    deadline_passed_text,
    payment_offer_text,
    payment_passed_text,
    reminder_text,
    reminders_list_text,
)

log = logging.getLogger("conversations.reminders")


class ReminderUndeliverable(Exception):
    """Raised by a `send_due` callback when a reminder can never be delivered (keep it as sent)."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    """Aware UTC; a naive datetime is taken as UTC (as the stores do)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _series(r: Reminder) -> tuple[int, int, dt.date, bool]:
    """The reminders that go out for one deadline: a later one supersedes an earlier one still unsent."""
    return r.chat_id, r.user_id, r.deadline, r.kind.startswith(PAYMENT_KIND)


def _is_private(key: ChatKey) -> bool:
    # Telegram: a private chat's id is the person's user id; groups are negative.
    return key.chat_id == key.user_id


def _kept_amount(key: ChatKey, amount: Decimal | int | str | None) -> Decimal | None:
    """The amount to keep in the reminder: a positive number, and only in a private chat (nothing financial
    in a group's rows)."""
    money = None if amount is None else Decimal(str(amount))
    return money if money is not None and money.is_finite() and money > 0 and _is_private(key) else None


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
        texts = self._texts_for(locale)
        kept = _kept_amount(key, amount)
        if breakdown_deadline < now.date():
            return Offer([], Reply(deadline_passed_text(texts, breakdown_deadline)))
        kind = None if distribution_type is None else str(distribution_type)
        payload = ReminderPayload(amount=kept, distribution_type=kind)
        pending = await self._add(key, breakdown_deadline, payload, locale, now)
        calendar = calendar_attachment(
            texts, key, breakdown_deadline, kept, now=now, alarm_days=self.offsets, cure=kind == CURE
        )
        text, line = deadline_offer_text(texts, pending, breakdown_deadline)
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
        if due <= now.date():
            return Offer([], Reply(payment_passed_text(texts, due)))
        kept = _kept_amount(key, tax)
        payload = ReminderPayload(kept, PAYMENT, avoided_by, with_return)
        pending = await self._add(key, due, payload, locale, now, PAYMENT_KIND)
        text, line = payment_offer_text(texts, pending, due, alone=alone, with_return=with_return)
        calendar = calendar_attachment(
            texts, key, due, kept, now=now, alarm_days=self.offsets, payment=True, with_return=with_return
        )
        return Offer(pending, Reply(text + "\n" + line, attachment=calendar), line)

    async def _add(
        self, key: ChatKey, deadline: dt.date, payload: ReminderPayload, locale: str | None, now: dt.datetime,
        kind_prefix: str = "",
    ) -> list[Reminder]:
        """Store the reminders for one deadline (again: no duplicates); the ones now pending for it."""
        # The person's own language tag, not what we speak today: a catalog added
        # before the reminder goes out is then used for it.
        tag = (locale or "").strip()[:35] or "en"
        stored = payload.to_json()
        plan = plan_reminders(deadline, now.date(), self.offsets, self.send_hour_utc)
        new = [NewReminder(key.chat_id, key.user_id, deadline, at, kind_prefix + kind, tag, stored) for kind, at in plan]
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
            rows += ((cancel_all_choice(texts),),)
        return Reply(reminders_list_text(reminders, texts), choices=rows)

    async def cancel(self, user_id: int, reminder_id: int) -> bool:
        """Cancel one of this person's pending reminders; False if it is not theirs or not pending."""
        return await self._store.cancel_reminder(user_id, reminder_id)

    async def cancel_all(self, user_id: int) -> int:
        return await self._store.cancel_all_reminders(user_id)
