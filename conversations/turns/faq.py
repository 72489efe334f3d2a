"""The /faq topics: the index, one topic, and a question about the rules typed where an answer was expected."""

from __future__ import annotations

import dataclasses

from conversations.api import Choice, Reply
from conversations.reading import ParseError
from conversations.replies import faq as qa
from conversations.replies.payloads import ESTIMATE_PAYLOAD
from conversations.turns.context import Turn
from conversations.turns.links import link_choice
from conversations.turns.one_line import quick_answers


def faq_reply(turn: Turn) -> Reply:
    text = qa.index_text(turn.texts, turn.env.bot_username, private=turn.private)
    rows = tuple((Choice(label, qa.callback_data(topic_id)),) for topic_id, label in qa.topics(turn.texts))
    return Reply(text, choices=rows)


def topic_reply(turn: Turn, topic_id: str) -> Reply:
    link = link_choice(turn, ESTIMATE_PAYLOAD) if not turn.private else None
    text = qa.answer(topic_id, turn.texts, link.url if link is not None else None, private=turn.private) or ""
    button = link if link is not None else Choice(turn._("🆕 New estimate"), "c:start")
    return Reply(text, choices=((button,),))


def typed_question(turn: Turn, text: str, refused: ParseError | None = None) -> list[Reply] | None:
    """A question about the rules typed where an answer was expected ("what is a loan offset?", "¿qué plazo
    tengo?"): the /faq topic that answers it, headed by its title. None when it is not one, or when the text
    also holds answers (one amount to confirm, or a one-line estimate)."""
    if refused is not None and refused.suggestions or (topic := qa.topic_for_question(text)) is None:
        return None
    if quick_answers(turn, text) is not None:
        return None
    title = qa.heading(topic, turn.texts) + "\n\n"
    if turn.in_conversation():  # the question comes again below: no pointer to a new estimate
        return [Reply(title + (qa.answer(topic, turn.texts, closing=False) or ""))]
    reply = topic_reply(turn, topic)
    return [dataclasses.replace(reply, text=title + reply.text)]
