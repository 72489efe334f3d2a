"""Where one thing a person does goes: a command, a button's data, or typed text at the step they are at.

Button data carries everything needed to act on it, so buttons of old messages
keep working after a restart:

    a:<step>:<value>                 answer a question
    w:<estimate>:<kind>[:<value>]    a what-if on a kept estimate
    c:<command>[:<arg>]              a command (c:start, c:forget:yes...)
    q:<topic>                        a Q&A answer (conversations.replies.faq)
    rm:<estimate>                    "⏰ Remind me" of a kept estimate's rollover deadline
    rmd:x:<id> / rmd:x:all           cancel reminders (conversations.reminders)
    e:<payload>                      a prefilled estimate from a deep-link payload (conversations.replies.payloads),
                                     for "show it here anyway" in a group

Asides (/faq and its topics, /privacy, /reminders, reminder buttons) leave the
conversation in hand as it was: in a private chat its question is shown again.
"""

from __future__ import annotations

import dataclasses

from conversations import flow
from conversations.api import Button, Command, Incoming, Reply, Text
from conversations.questions.balance import event_instead
from conversations.reading import ParseError
from conversations.reading.line import BORROWED_NOT_OWED
from conversations.reading.whatif import typed_button as button_in_words
from conversations.reminders import CANCEL_PREFIX, parse_cancel_button
from conversations.replies.faq import topic_from_callback
from conversations.replies.payloads import parse_estimate_payload
from conversations.state.conversation import DONE, WHATIF_RATE
from conversations.turns.answering import answer, answer_button
from conversations.turns.commands import command, start, welcome_line
from conversations.turns.context import Turn
from conversations.turns.faq import topic_reply, typed_question
from conversations.turns.one_line import prefilled, quick_answers, quick_problem
from conversations.turns.reminders import cancel_reminders, remind
from conversations.turns.whatif import text_after_estimate, typed_button, typed_rate, whatif

__all__ = ["run"]

#: Commands a "c:<command>" button may run.
_BUTTON_COMMANDS = frozenset({"start", "back", "cancel", "help", "estimate", "faq", "reminders", "privacy", "forget"})


async def run(turn: Turn, incoming: Incoming) -> list[Reply]:
    if isinstance(incoming, Command):
        return await command(turn, incoming.name.lower(), incoming.args)
    if isinstance(incoming, Button):
        return await button(turn, incoming.data)
    if isinstance(incoming, Text):
        if turn.step == DONE and (said := button_in_words(incoming.text)):
            return await typed_button(turn, said)
        return text(turn, incoming.text)
    raise TypeError(f"not an Incoming: {type(incoming).__name__}")


async def button(turn: Turn, data: str) -> list[Reply]:
    kind, _, rest = data.partition(":")
    if kind == "a":
        step_name, _, value = rest.partition(":")
        if step_name in flow.BY_NAME:
            return answer_button(turn, step_name, value)
    elif kind == "w":
        estimate_id, _, what = rest.partition(":")
        what, _, value = what.partition(":")
        return whatif(turn, estimate_id, what, value)
    elif kind == "c":
        name, _, arg = rest.partition(":")
        if name in _BUTTON_COMMANDS:
            return await command(turn, name, arg if name == "forget" else "")
    elif kind == "q":
        topic = topic_from_callback(data)
        if topic is not None:
            return turn.aside([topic_reply(turn, topic)])
    elif kind == "rm":
        return await remind(turn, rest)
    elif kind == "e":
        quick = parse_estimate_payload(rest)
        if quick is not None:
            return prefilled(turn, quick)
    elif data.startswith(CANCEL_PREFIX):
        target = parse_cancel_button(data)
        if target is not None:
            return await cancel_reminders(turn, target)
    if turn.in_conversation():
        return turn.current_question(turn._("🤷 That button no longer works."))
    return [Reply(turn._("🤷 That button no longer works. Send /start for a new estimate."), choices=turn.start_choice())]


def text(turn: Turn, typed: str) -> list[Reply]:
    if turn.step is None:
        return _first_text(turn, typed)
    if turn.step == DONE:
        return text_after_estimate(turn, typed)
    if turn.step == WHATIF_RATE:
        return typed_rate(turn, typed)
    return answer(turn, turn.step, typed)


def _first_text(turn: Turn, typed: str) -> list[Reply]:
    """Typing without /start begins a conversation; an answer to the first question counts, anything else
    just gets the welcome."""
    try:
        flow.BY_NAME["balance"].parse(typed, turn.ctx())
        refused = None
    except ParseError as err:
        if (asked := typed_question(turn, typed, err)) is not None:
            return asked  # "what is a loan offset?": answered, and no estimate started
        refused = err
    welcome = start(turn)
    if refused is not None:
        if refused.suggestions or refused.template == BORROWED_NOT_OWED or event_instead(typed) is not None:
            # "How much tax on a 20k 401k loan?": the welcome, and the amount it holds to confirm; "I got laid
            # off": the welcome, what happened taken, and the balance asked.
            [reply] = answer(turn, "balance", typed)
            return [dataclasses.replace(reply, text=welcome_line(turn) + "\n\n" + reply.text)]
        if quick_answers(turn, typed) is None and quick_problem(turn, typed) is None:
            return welcome
    return answer(turn, "balance", typed)
