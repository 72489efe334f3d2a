"""Answering a question, typed or tapped, and stepping back: /back and /cancel."""

from __future__ import annotations

import dataclasses

from conversations import flow
from conversations.api import Choice, Reply
from conversations.i18n import N_
from conversations.questions.balance import event_instead
from conversations.questions.question import UNSURE, Noted, button_data
from conversations.questions.rate import INCOME_NOT_RATE, filing_for_rate, income_for_rate
from conversations.reading import ParseError, Refused
from conversations.reading.shortcuts import asks_for_help
from conversations.state.answers import Answers
from conversations.state.conversation import WHATIF_RATE
from conversations.turns.context import Turn
from conversations.turns.faq import typed_question
from conversations.turns.one_line import acknowledgements, quick_fill, quick_problem, take_pairs
from conversations.turns.progress import advance

EVENT_FIRST = N_("That answers the next question. First, the balance:")
# Characters of button labels that fit side by side in one row on a phone.
_ONE_ROW = 36


def answer(turn: Turn, step_name: str, text: str, *, from_button: bool = False) -> list[Reply]:
    step = flow.BY_NAME[step_name]
    if step_name == "balance" and not from_button and len(text.split()) > 1:
        filled = quick_fill(turn, text)
        if filled is not None:
            return filled
    if step_name == "rate" and not from_button and (pairs := filing_for_rate(text)) is not None:
        # "single", "married filing jointly": not a rate, but what the brackets need to work it out.
        taken, refused = take_pairs(turn, pairs)
        acks = acknowledgements(turn, taken)
        if not acks and not refused:  # "married": the filing question asks which; say why it comes
            acks = [step.ack(Answers(federal_rate=None), turn.ctx())]
        return advance(turn, " · ".join(a for a in acks if a), note="\n".join(refused))
    if step_name == "rate" and not from_button and (income := income_for_rate(text, turn.ctx())) is not None:
        # "65,000": an income, not a rate. The brackets work the rate out from it once the filing status is known.
        take_pairs(turn, [("rate", UNSURE), ("income", str(income))])
        return advance(turn, turn._(INCOME_NOT_RATE).format(amount=turn.texts.money(income)))
    try:
        update = step.parse(text, turn.ctx())
    except Noted as err:
        # Kept for a later question ("When did you leave?" after the offset's day), or for how this one is asked.
        turn.state.step = step_name
        if err.notes is not None:
            turn.state.answers = turn.answers.merged(err.notes)
        return [turn.question(step_name, before=("📝 " if err.notes is not None else "🤔 ") + turn.error_text(err))]
    except ParseError as err:
        turn.state.step = step_name
        return _not_an_answer(turn, step_name, text, err, from_button=from_button)
    if not from_button and step.doubt is not None and (doubt := step.doubt(text, update, turn.ctx())) is not None:
        turn.state.step = step_name  # "45" for the balance: asked about, with a button to take it as it is
        return _not_an_answer(turn, step_name, text, doubt, from_button=from_button)
    turn.state.record(step_name, update)
    return advance(turn, step.ack(update, turn.ctx()))


def _not_an_answer(turn: Turn, step_name: str, text: str, err: ParseError, *, from_button: bool) -> list[Reply]:
    """The question again, headed by why the text does not answer it (or by what the text asked instead)."""
    step = flow.BY_NAME[step_name]
    if not from_button and not isinstance(err, Refused) and (asked := typed_question(turn, text, err)):
        return turn.aside(asked)  # "what's the deadline?" at a question: its answer, then the question
    if not from_button and step.help is not None and not isinstance(err, Refused) and asks_for_help(text):
        # "?", "help", "not sure" where that is not an answer: say what is asked and where to find it.
        return [turn.question(step_name, before=step.help(turn.ctx()))]
    if step_name == "balance" and not from_button:
        if event_instead(text) is not None and (taken := take_pairs(turn, [("event", text)])[0]):
            # "I got fired": what happened, the next question, is taken (with when, if said); the balance comes again.
            return advance(turn, " · ".join(acknowledgements(turn, taken)), note="📝 " + turn._(EVENT_FIRST))
        err = quick_problem(turn, text) or err
    reply = turn.question(step_name, before="🤔 " + turn.error_text(err))
    if err.suggestions:  # the likely answers ("Which year?"), as buttons above the question's own
        row = tuple(Choice(label, button_data(step_name, value)) for label, value in err.suggestions)
        # Short labels share a row ("Oct 3, 2025"); dates written out ("12 de septiembre de 2026") get one
        # each, or a phone cuts them.
        rows = (row,) if sum(len(c.label) for c in row) <= _ONE_ROW else tuple((c,) for c in row)
        reply = dataclasses.replace(reply, choices=(*rows, *reply.choices))
    return [reply]


def answer_button(turn: Turn, step_name: str, value: str) -> list[Reply]:
    if turn.step is None:
        return [
            Reply(
                turn._("That button is from a conversation that has ended. Start a new estimate?"),
                choices=turn.start_choice(),
            )
        ]
    # A button from an earlier message re-answers its question, as long as
    # that question is still part of this conversation's path; the later
    # answers stay, except those that depended on it.
    if step_name != turn.step and not flow.is_relevant(turn.answers, step_name, turn.today):
        return turn.current_question(turn._("That button belongs to a question that no longer applies."))
    return answer(turn, step_name, value, from_button=True)


def back(turn: Turn) -> list[Reply]:
    history = turn.state.history
    if turn.step is None:
        return [Reply(turn._("Nothing to go back to. Send /start to begin."), choices=turn.start_choice())]
    if not history:
        return [turn.question(turn.step if turn.in_conversation() else "balance",
                              before=turn._("↩️ This is the first question."))]
    step_name = turn.state.rewind(len(history) - 1)
    return [turn.question(step_name, before=turn._("↩️ Back one question."))]


def cancel(turn: Turn) -> list[Reply]:
    was_active = turn.in_conversation() or turn.step == WHATIF_RATE
    turn.state.restart()
    text = (
        turn._("👌 Cancelled. Send /start whenever you want a new estimate.")
        if was_active
        else turn._("👌 Nothing to cancel. Send /start for a new estimate.")
    )
    return [Reply(text, choices=turn.start_choice())]
