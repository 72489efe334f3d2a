"""`Offer`: what tapping "Remind me" set up, and the reply that says so; `together` makes two offers one message."""

from __future__ import annotations

from dataclasses import dataclass

from conversations.api import Attachment, Reminder, Reply
from conversations.i18n import Texts

from .texts import both_dates_line


@dataclass(frozen=True, slots=True)
class Offer:
    """What `ReminderService.offer` did: the reminders now pending, and the reply to send (`calendar_line`, its
    last line, says what the attached file holds)."""

    reminders: list[Reminder]
    reply: Reply
    calendar_line: str = ""


def _body(offer: Offer) -> str:
    """The offer's text without its calendar line."""
    text, line = offer.reply.text, offer.calendar_line
    return text[: -len(line) - 1] if line and text.endswith(line) else text


def together(first: Offer, second: Offer, texts: Texts) -> Offer:
    """Two offers made with one tap (a rollover's deadline, the day to pay the tax) as one message: both texts,
    and one calendar file with both events."""
    a, b = first.reply.attachment, second.reply.attachment
    if a is None or b is None:
        attachment = a or b
        line = first.calendar_line if a is not None else second.calendar_line
    else:
        events = b.content[b.content.index(b"BEGIN:VEVENT") : b.content.rindex(b"END:VCALENDAR")]
        end = a.content.rindex(b"END:VCALENDAR")
        attachment = Attachment(a.filename, a.content[:end] + events + a.content[end:], a.mime_type)
        line = both_dates_line(texts)
    text = "\n".join(p for p in (_body(first), _body(second), line) if p)
    return Offer(first.reminders + second.reminders, Reply(text, attachment=attachment), line)
