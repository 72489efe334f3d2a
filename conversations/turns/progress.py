"""After answers are recorded: the next question, or the breakdown once nothing is missing."""

from __future__ import annotations

from pydantic import ValidationError

from calculator.models import OffsetInput
from conversations import flow
from conversations.api import Reply
from conversations.replies.breakdown import breakdown_reply
from conversations.replies.calculator_errors import localized_error
from conversations.state.conversation import DONE
from conversations.turns.context import Turn


def advance(turn: Turn, ack: str, note: str = "") -> list[Reply]:
    """The next question (or the breakdown), headed by the acknowledgement of what was just answered."""
    nxt = flow.next_step(turn.answers, turn.today)
    # A question an earlier answer already settled ("I got laid off last month") is answered from it, and said.
    while nxt is not None and (hinted := flow.answer_from_hint(nxt, turn.ctx())) is not None:
        turn.state.record(nxt, hinted)
        ack = "\n✔️ ".join(a for a in (ack, flow.BY_NAME[nxt].ack(hinted, turn.ctx())) if a)
        nxt = flow.next_step(turn.answers, turn.today)
    before = "\n\n".join(p for p in ("✔️ " + ack if ack else "", note) if p)
    turn.state.whatif = None
    return ask_or_finish(turn, nxt, before)


def ask_or_finish(turn: Turn, nxt: str | None, before: str) -> list[Reply]:
    if nxt is not None:
        turn.state.step = nxt
        return [turn.question(nxt, before=before)]
    return finish(turn, before)


def finish(turn: Turn, before: str) -> list[Reply]:
    try:
        inputs = turn.answers.offset_input(turn.today)
        return show_estimate(turn, inputs, title=before or None, after_done=True)
    except (ValidationError, ValueError) as err:
        field, message = localized_error(turn.texts, err)
        if field == "filing_status":  # no brackets for that year: the rate question is where to fix it
            field = "federal_rate"
        return rewind_for(turn, field, message)


def show_estimate(turn: Turn, inputs: OffsetInput, *, title: str | None, after_done: bool) -> list[Reply]:
    from calculator import estimate

    breakdown = estimate(inputs, today=turn.today)
    estimate_id = turn.state.keep_estimate(inputs)
    if after_done:
        turn.state.step = DONE
    return [breakdown_reply(turn.texts, breakdown, inputs, estimate_id, title=title, today=turn.today)]


def rewind_for(turn: Turn, field: str | None, message: str) -> list[Reply]:
    """Re-ask the question whose answer the calculator could not use."""
    target = flow.step_for_field(field) if field else None
    history = turn.state.history
    index = next((i for i in range(len(history) - 1, -1, -1) if history[i].step == target), None)
    if index is None and history:
        index = len(history) - 1
    if index is None:
        turn.state.restart()
        turn.state.step = "balance"
        return [turn.question("balance", before="⚠️ " + message)]
    return [turn.question(turn.state.rewind(index), before="⚠️ " + message)]
