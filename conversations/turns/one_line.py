"""Several answers at once: a line such as "15000 45 left 22%" at a question, and the estimates /estimate and
deep links prefill, with what they leave out assumed and said."""

from __future__ import annotations

from babel.lists import format_list

from calculator.models import Event
from conversations import flow
from conversations.api import Reply
from conversations.i18n import N_
from conversations.questions.question import SKIP, UNSURE, Question
from conversations.reading import ParseError, QuickAnswers
from conversations.state.answers import Answers
from conversations.turns.context import Turn
from conversations.turns.progress import advance, ask_or_finish

_PLAN_457B_ACK = N_("a governmental 457(b) plan")

Taken = list[tuple[Question, Answers]]


def rate_answers(quick: QuickAnswers) -> list[tuple[str, str]]:
    """What a line says of the federal tax, as (step, answer) pairs: its rate, or a filing status and income for
    the brackets to work the rate out ("not sure"), or "married" and income, which leaves jointly or separately
    to the filing question."""
    if quick.brackets():
        return [("rate", UNSURE), ("filing", quick.filing_status.value), ("income", str(quick.income))]
    if quick.married_unsaid():
        return [("rate", UNSURE), ("income", str(quick.income))]
    return [] if quick.rate is None else [("rate", str(quick.rate))]


def _acknowledged(step_name: str, value: str) -> bool:
    """Whether a line's answer is acknowledged: "not sure" of the rate from a filing status and income is not
    (their own acknowledgements say it)."""
    return not (step_name == "rate" and value == UNSURE)


def quick_answers(turn: Turn, text: str) -> list[tuple[str, str]] | None:
    """Several answers in one line, as (step, canonical answer) pairs; None unless it gave two or more."""
    quick = turn.read_line(text)
    if isinstance(quick, ParseError) or quick.balance is None or quick.count() < 2:
        return None
    pairs = [("balance", str(quick.balance))]
    if quick.offset_date is not None:
        pairs.append(("offset", quick.offset_date.isoformat()))
    if (age := quick.age_answer()) is not None:
        pairs.append(("age", age))
    if quick.event is not None:
        pairs.append(("event", quick.event.value))
    pairs.extend(rate_answers(quick))
    if quick.state is not None:
        pairs.append(("state", quick.state))
        if quick.state_rate is not None:
            pairs.append(("state_rate", str(quick.state_rate)))
    return pairs


def quick_problem(turn: Turn, text: str) -> ParseError | None:
    """What is wrong with a line that tries to give several answers with numbers ("15000 45 on leave 22%"),
    so the reply names that rather than "an amount should be digits only"."""
    if len(text.split()) < 2 or not any(c.isdigit() for c in text):
        return None
    line = turn.read_line(text)
    return line if isinstance(line, ParseError) else None


def take_457b(turn: Turn, quick: QuickAnswers) -> bool:
    """Keep "457b" from a one-line answer with the answers (it is not a question of its own: the breakdown
    offers it as a what-if); True when that is new, to be acknowledged."""
    if not quick.plan_457b or turn.answers.governmental_457b:
        return False
    turn.state.push_history("balance")
    turn.state.answers = turn.answers.but(governmental_457b=True)
    return True


def quick_fill(turn: Turn, text: str) -> list[Reply] | None:
    """A one-liner typed at a question: every answer it holds recorded, then the next question."""
    pairs = quick_answers(turn, text)
    if pairs is None:
        return None
    quick = turn.read_line(text)
    plan_457b = not isinstance(quick, ParseError) and take_457b(turn, quick)
    taken, refused = take_pairs(turn, pairs)
    acks = acknowledgements(turn, taken)
    if plan_457b:
        acks.append(turn._(_PLAN_457B_ACK))
    _take_left_time(turn, quick)
    if not isinstance(quick, ParseError) and quick.form_1099r is not None:
        # "my 1099-R says 12000, 45, code M1": the offset has happened, and the code narrows "What happened?"
        turn.state.answers = turn.answers.but(form_1099r=quick.form_1099r)
    return advance(turn, " · ".join(a for a in acks if a), note="\n".join(refused))


def take_pairs(turn: Turn, pairs: list[tuple[str, str]]) -> tuple[Taken, list[str]]:
    """Record several answers given at once, each where its step is on the path: (what was taken, to
    acknowledge; why any was refused, said now and asked again later)."""
    taken: Taken = []
    refused = []
    for step_name, value in pairs:
        step = flow.BY_NAME[step_name]
        if turn.answers.answered(step_name) or not flow.takes_given(turn.answers, step_name, turn.today):
            continue
        try:
            update = step.parse(value, turn.ctx())
        except ParseError as err:
            # Asked again later; say now why ("2000000 45" must not just re-ask the balance).
            refused.append("🤔 " + turn.error_text(err))
            continue
        turn.state.record(step_name, update)
        if _acknowledged(step_name, value):
            taken.append((step, update))
    return taken, refused


def acknowledgements(turn: Turn, taken: Taken) -> list[str]:
    """The acknowledgements of answers a line gave, once all of them are recorded: "California" is then
    "by its brackets" only if no rate for it came later in the line."""
    ctx = turn.ctx()
    return [step.ack(update, ctx) for step, update in taken]


def _take_left_time(turn: Turn, quick: QuickAnswers | ParseError) -> None:
    """"Laid off in September" in a one-line answer: kept to answer "When did you leave?" when it comes
    (after the day of the offset), as the same words at "what happened" are."""
    if (
        not isinstance(quick, ParseError)
        and quick.left_time
        and turn.answers.event is Event.SEPARATION
        and not turn.answers.answered("left_when")
    ):
        turn.state.answers = turn.answers.but(left_hint=quick.left_time)


# --- a new estimate prefilled -----------------------------------------------------------


def prefilled(turn: Turn, quick: QuickAnswers) -> list[Reply]:
    """A new estimate with what /estimate, a one-liner or a deep link gave; the questions for the rest.

    What a quick estimate leaves out is assumed, and said: the offset is
    today, a person who left their job left within the last 12 months, and
    no state tax. /back or /start asks those too.
    """
    turn.state.restart()
    given = _given(quick)
    taken: Taken = []
    assumed: list[str] = []
    problem = ""
    plan_457b = take_457b(turn, quick)
    for step in flow.ORDER:
        if not _on_the_path(turn, step.name, given.get(step.name)):
            continue
        value, assumption = given.get(step.name), None
        if value is None:
            if (assuming := _assumed(turn, step.name, quick)) is None:
                continue
            value, assumption = assuming
            assumed.append(assumption)
        try:
            update = step.parse(value, turn.ctx())
        except ParseError as err:
            problem = problem or "🤔 " + turn.error_text(err)
            continue  # asked normally
        turn.state.record(step.name, update)
        if assumption is None and _acknowledged(step.name, value):
            taken.append((step, update))
    acks = acknowledgements(turn, taken)
    if plan_457b:
        acks.append(turn._(_PLAN_457B_ACK))
    if quick.form_1099r is not None:  # after the balance's own answer, which holds none
        turn.state.answers = turn.answers.but(form_1099r=quick.form_1099r)
    turn.state.whatif = None
    before = _prefilled_heading(turn, acks, assumed, problem)
    return ask_or_finish(turn, flow.next_step(turn.answers, turn.today), before)


def _given(quick: QuickAnswers) -> dict[str, str | None]:
    """What the line says, as the answer each question would take."""
    return {
        "balance": None if quick.balance is None else str(quick.balance),
        "age": quick.age_answer(),
        "event": None if quick.event is None else quick.event.value,
        "left_when": quick.left_time if quick.event is Event.SEPARATION else None,
        **dict(rate_answers(quick)),  # the federal tax: a rate, or what the brackets need
        "state": quick.state,
        "state_rate": None if quick.state_rate is None else str(quick.state_rate),
        "offset": None if quick.offset_date is None else quick.offset_date.isoformat(),
    }


def _on_the_path(turn: Turn, step_name: str, value: str | None) -> bool:
    """Whether a question still open takes what the line gave for it (or, given nothing, is asked at all)."""
    if turn.answers.answered(step_name):
        return False
    if step_name == "offset" and value is not None:
        return True  # a day typed in the line dates the distribution, missed payments included
    if value is not None:
        return flow.takes_given(turn.answers, step_name, turn.today)
    return flow.is_relevant(turn.answers, step_name, turn.today)


def _assumed(turn: Turn, step_name: str, quick: QuickAnswers) -> tuple[str, str] | None:
    """The answer assumed for a question the line left out, and how the assumption is said; None: asked."""
    if step_name in ("offset", "missed") and quick.form_1099r is not None:
        return None  # a Form 1099-R: the offset has happened, in the form's year; asked, not assumed today
    if step_name == "offset":
        return "today", turn._("the loan is offset today")
    if step_name == "missed":
        return SKIP, turn._("the loan is treated as a distribution today")
    if step_name == "left_when" and quick.event is Event.SEPARATION:
        if quick.offset_date in (None, turn.today):
            return "recent", turn._("you left your job within the last 12 months")
        return "recent", turn._("you left your job within 12 months before the offset")
    if step_name == "state":
        return SKIP, turn._("no state tax")
    return None


def _prefilled_heading(turn: Turn, acks: list[str], assumed: list[str], problem: str) -> str:
    lines = []
    if acks:
        lines.append("✔️ " + " · ".join(a for a in acks if a))
    if assumed:
        lines.append(
            turn._("ℹ️ Assuming {assumptions}. /start asks every question.").format(
                assumptions=format_list(assumed, locale=turn.texts.locale)
            )
        )
    if problem:
        lines.append(problem)
    return "\n".join(lines)
