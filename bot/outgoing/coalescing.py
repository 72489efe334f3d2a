"""Turns waiting for the per-person throttle (bot.throttle.ReplyThrottle), and what several of them send at once."""

from __future__ import annotations

from dataclasses import dataclass, replace

from telegram import Message, User

from conversations.api import Reply
from conversations.i18n import N_, texts_for

__all__ = ["COALESCED", "PendingTurn", "coalesce"]

#: Put above the reply to the latest of several messages a person sent faster than we may answer.
COALESCED = N_("⏳ I got {count} messages in a row and read them all, in order. Here is where we are now:")


@dataclass(slots=True)
class PendingTurn:
    """One update's replies, waiting to be sent (see `bot.throttle.ReplyThrottle`)."""

    replies: list[Reply]
    locale: str
    quote: Message | None
    mention: User | None


def _is_result(reply: Reply) -> bool:
    """An estimate (what-if buttons, "w:..." data) or a file: never dropped when replies are coalesced."""
    return reply.attachment is not None or (
        not reply.expects_answer and any(c.data.startswith("w:") for row in reply.choices for c in row)
    )


def coalesce(turns: list[PendingTurn]) -> PendingTurn:
    """What to send for several turns at once: the latest turn, with a note, after any estimate before it.

    Every turn was already applied and saved by the engine, in order; the
    latest turn's replies show where the conversation stands now.
    """
    last = turns[-1]
    if len(turns) == 1:
        return last
    earlier = [r for t in turns[:-1] for r in t.replies if _is_result(r)][-1:]
    note = texts_for(last.locale).gettext(COALESCED).format(count=len(turns))
    replies = list(last.replies) or [Reply("")]
    replies[0] = replace(replies[0], text=f"{note}\n\n{replies[0].text}".rstrip())
    return PendingTurn([*earlier, *replies], last.locale, last.quote, last.mention)
