"""Sending the engine's replies to a chat, in order, each message retried on transient errors.

A reply's file goes with sendDocument, an image (a drawn chart, bot.outgoing.pictures) with sendPhoto.
"""

from __future__ import annotations

from dataclasses import replace

from telegram import InputFile, Message, MessageEntity, ReplyParameters, User
from telegram.constants import ChatType

from bot.outgoing.pictures import start_drawings
from bot.outgoing.plan import CAPTION_LIMIT, Outgoing, plan_messages, utf16_len
from bot.throttle import DEFAULT_RETRY, RetryPolicy
from conversations.api import Reply

__all__ = ["send_replies"]


async def send_replies(
    bot,  # noqa: ANN001 - telegram.Bot
    chat_id: int,
    chat_type: str,
    replies: list[Reply],
    *,
    owner_id: int,
    quote: Message | None = None,
    mention: User | None = None,
    retry: RetryPolicy = DEFAULT_RETRY,
    charts: bool = False,
    what: str = "a reply",
) -> list[Message]:
    """Send the engine's replies to a chat, in order; returns the messages sent.

    Each message is retried on transient errors per `retry` (at least once
    delivery: after a timeout Telegram may have delivered it already); the
    last error is raised and the rest of the messages are not sent.

    With `charts`, a reply's picture is drawn (bot.outgoing.pictures) and sent
    as a photo: with the reply's text as its caption when the text fits one
    (1,024 characters), else after the text, which does not wait for it.
    Without, or when it fails to draw, the text goes alone.
    """
    group = chat_type != ChatType.PRIVATE
    reply_parameters = (
        ReplyParameters(message_id=quote.message_id, allow_sending_without_reply=True)
        if group and quote is not None
        else None
    )
    named = mention if group else None
    # A caption that names the person ("Ann: ...") must still fit Telegram's limit.
    caption_room = CAPTION_LIMIT - (utf16_len(named.first_name or "🙂") + 2 if named is not None else 0)
    sent: list[Message] = []
    for reply, drawing in start_drawings(replies, enabled=charts, what=what):
        if drawing is not None and reply.attachment is None and utf16_len(reply.text) <= caption_room:
            drawn, drawing = await drawing.result(), None  # the caption waits for its photo
            reply = replace(reply, attachment=drawn) if drawn is not None else reply
        for out in plan_messages(reply, group=group, owner_id=owner_id):
            sent.append(await _send(bot, chat_id, out, named, reply_parameters, retry))
        if drawing is not None and (drawn := await drawing.result()) is not None:
            photo = Outgoing("", None, (drawn.filename, drawn.content, drawn.mime_type))
            sent.append(await _send(bot, chat_id, photo, named, reply_parameters, retry))
    return sent


def _with_mention(text: str, mention: User | None) -> tuple[str, list[MessageEntity] | None]:
    """In groups, a reply to a button press names the person who pressed it (a text mention)."""
    if mention is None:
        return text, None
    name = mention.first_name or "🙂"
    entities = [MessageEntity(MessageEntity.TEXT_MENTION, 0, utf16_len(name), user=mention)]
    return (f"{name}: {text}" if text else name), entities


async def _send(
    bot,  # noqa: ANN001 - telegram.Bot
    chat_id: int,
    out: Outgoing,
    mention: User | None,
    reply_parameters: ReplyParameters | None,
    retry: RetryPolicy,
) -> Message:
    text, entities = _with_mention(out.text, mention)
    if out.document is None:
        return await retry.call(
            "sendMessage",
            lambda: bot.send_message(
                chat_id,
                text,
                entities=entities,
                reply_markup=out.markup,
                reply_parameters=reply_parameters,
                **retry.timeouts(),
            ),
        )
    filename, content, mime = out.document
    upload = InputFile(content, filename=filename, attach=False)
    # An image goes as a photo, shown in the chat (Telegram recompresses it); anything else as a file to keep.
    method, send, field = (
        ("sendPhoto", bot.send_photo, "photo") if mime.startswith("image/")
        else ("sendDocument", bot.send_document, "document")
    )  # fmt: skip
    return await retry.call(
        method,
        lambda: send(
            chat_id,
            caption=text or None,
            caption_entities=entities if text else None,
            reply_markup=out.markup,
            reply_parameters=reply_parameters,
            **{field: upload},
            **retry.timeouts(),
        ),
    )
