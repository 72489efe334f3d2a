"""Privacy (issue #4): the /privacy text, /forget, and the retention purge.

    text = privacy_text(texts, retention)                    # /privacy
    removed = await forget(store, user_id)                   # /forget: conversations and reminders, every chat
    counts = await purge(store, now, retention)              # daily job: what has outlived the retention

What is kept, and for how long (what `privacy_text` tells people, and what
`purge` enforces):

- a conversation's answers (an unfinished estimate, or the last one), keyed by
  chat id and Telegram user id: deleted `retention.conversations` (default 30
  days) after the last message, finished or abandoned;
- reminders: until sent, then `retention.reminders_after_sent` (default 7 days,
  so asking again for the same deadline does not send it twice); a cancelled
  one keeps no amount and goes within the same time after it was made; one
  whose deadline has passed goes then too.

Nothing about a person's finances is logged: the stores and the reminder service
log ids and counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from conversations.api import DurableStore, StateStore
from conversations.i18n import Texts

__all__ = ["PurgeCounts", "Retention", "forget", "privacy_text", "purge"]


@dataclass(frozen=True, slots=True)
class Retention:
    """How long things are kept (configurable; defaults: 30 days, and 7 days after a reminder is sent)."""

    conversations: dt.timedelta = dt.timedelta(days=30)
    reminders_after_sent: dt.timedelta = dt.timedelta(days=7)

    def __post_init__(self) -> None:
        for name in ("conversations", "reminders_after_sent"):
            value = getattr(self, name)
            if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
                raise ValueError(f"Retention.{name} must be a timedelta of 0 or more")

    @classmethod
    def days(cls, conversations: int = 30, reminders_after_sent: int = 7) -> Retention:
        return cls(dt.timedelta(days=conversations), dt.timedelta(days=reminders_after_sent))


@dataclass(frozen=True, slots=True)
class PurgeCounts:
    conversations: int = 0
    reminders: int = 0

    @property
    def total(self) -> int:
        return self.conversations + self.reminders


def _whole_days(span: dt.timedelta) -> int:
    return max(0, round(span.total_seconds() / 86400))


def privacy_text(texts: Texts, retention: Retention | int = Retention()) -> str:
    """What /privacy says, in the language of `texts`. An int `retention` is the conversation days."""
    if isinstance(retention, int):
        retention = Retention(conversations=dt.timedelta(days=retention))
    _ = texts.gettext
    conversation_days = _whole_days(retention.conversations)
    reminder_days = _whole_days(retention.reminders_after_sent)
    conversations_kept = texts.ngettext(
        "• Conversations: deleted {days} day after your last message, finished or not.",
        "• Conversations: deleted {days} days after your last message, finished or not.",
        conversation_days,
    ).format(days=conversation_days)
    reminders_kept = texts.ngettext(
        "• Reminders: until they are sent, then {days} more day (so asking twice never sends one twice). "
        "Cancelled ones keep no amount and go just as soon.",
        "• Reminders: until they are sent, then {days} more days (so asking twice never sends one twice). "
        "Cancelled ones keep no amount and go just as soon.",
        reminder_days,
    ).format(days=reminder_days)
    return "\n".join(
        [
            _("🔒 What I keep about you"),
            "",
            _(
                "• The answers of your unfinished estimate, or of your last one, stored under this chat's id "
                "and your Telegram user id: so you can pick up where you left off and try what-ifs."
            ),
            _(
                "• Your pending reminders: the deadline, when to send them, your language and, in a private "
                "chat, the amount to deposit or the tax to pay: so I can send them on time."
            ),
            "",
            _("⏳ For how long"),
            conversations_kept,
            reminders_kept,
            "",
            _("🙈 Nothing about your finances is written to the bot's logs."),
            "",
            _("🗑 /forget deletes everything I keep about you, in every chat, right now, reminders included."),
        ]
    )


async def forget(store: StateStore, user_id: int) -> int:
    """/forget: delete a person's conversations and reminders in every chat; returns rows removed.

    `store.forget_user` covers both tables (one transaction on PostgreSQL).
    """
    return await store.forget_user(int(user_id))


async def purge(store: DurableStore, now: dt.datetime, retention: Retention | int = Retention()) -> PurgeCounts:
    """Delete what has outlived `retention` as of `now`; run it daily (any instance may: it is idempotent).

    An int `retention` is the conversation days (reminders keep the default 7).
    """
    if isinstance(retention, int):
        retention = Retention(conversations=dt.timedelta(days=retention))
    conversations = await store.purge_older_than(now - retention.conversations)
    reminders = await store.purge_reminders_sent_before(now - retention.reminders_after_sent)
    return PurgeCounts(conversations=conversations, reminders=reminders)
