"""The Telegram messages one engine `Reply` becomes.

Private chats: any text reaches us, so no ForceReply (it would only turn every
answer into a quote). Groups: a question that wants a typed answer goes out
with ``ForceReply(selective=True)``; one message cannot carry both an inline
keyboard and ForceReply, so a question with buttons is sent as two messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import ForceReply, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from bot.outgoing.keyboards import keyboard
from conversations.api import Reply

__all__ = ["CAPTION_LIMIT", "TEXT_LIMIT", "Outgoing", "plan_messages", "split_text", "utf16_len"]

CAPTION_LIMIT = 1024
TEXT_LIMIT = int(MessageLimit.MAX_TEXT_LENGTH)  # 4096 UTF-16 code units
# The engine ends a question with "\n✏️ <example>"; in groups that line becomes the ForceReply message.
_EXAMPLE_MARK = "\n✏️ "


@dataclass(slots=True)
class Outgoing:
    """One Bot API message: its text (or caption), markup, and a file (name, bytes, MIME type) if any.

    A file whose MIME type is an image's goes as a photo (bot.outgoing.send), any other as a document.
    """

    text: str
    markup: InlineKeyboardMarkup | ForceReply | None = None
    document: tuple[str, bytes, str] | None = None


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` UTF-16 units, cut at line breaks where possible."""
    if utf16_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while utf16_len(line) > limit:
            cut = limit
            while utf16_len(line[:cut]) > limit:
                cut -= 1
            pieces.append(line[:cut])
            line = line[cut:]
        current = line
    if current:
        pieces.append(current)
    return [p for p in pieces if p.strip()] or [text[:limit]]


def plan_messages(reply: Reply, *, group: bool, owner_id: int) -> list[Outgoing]:
    """The Telegram messages one `Reply` becomes."""
    buttons = keyboard(reply.choices, owner_id if group else None)
    force = None
    if group and reply.expects_answer:
        placeholder = (reply.placeholder or "")[:64] or None
        force = ForceReply(selective=True, input_field_placeholder=placeholder)

    if reply.attachment is not None:
        attachment = reply.attachment
        document = (attachment.filename, attachment.content, attachment.mime_type)
        if utf16_len(reply.text) <= CAPTION_LIMIT:
            return [Outgoing(reply.text, buttons or force, document)]
        return [*_text_messages(reply.text, buttons or force), Outgoing("", None, document)]

    if buttons is not None and force is not None:
        return _question_with_buttons(reply.text, buttons, force)
    return _text_messages(reply.text, buttons or force)


def _question_with_buttons(text: str, buttons: InlineKeyboardMarkup, force: ForceReply) -> list[Outgoing]:
    # The question goes with its buttons; its last line (the engine's "✏️ For
    # example ..." hint) becomes a second message with the ForceReply, so the
    # reply box opens right under the question for that person only. Both
    # quote the person's message, which is what makes `selective` work.
    question, mark, example = text.rpartition(_EXAMPLE_MARK)
    if not mark or not question.strip():
        question, example = text, ""
    hint = ("✏️ " + example) if example.strip() else "✏️"
    return [*_text_messages(question, buttons), Outgoing(hint, force)]


def _text_messages(text: str, markup: InlineKeyboardMarkup | ForceReply | None) -> list[Outgoing]:
    pieces = split_text(text) if text.strip() else ["…"]
    return [Outgoing(p, markup if i == len(pieces) - 1 else None) for i, p in enumerate(pieces)]
