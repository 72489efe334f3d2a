"""❓ What happened to the loan: leaving the job, the plan's end, or missed payments."""

from __future__ import annotations

from calculator.models import Event
from conversations.api import Choice
from conversations.i18n import N_, Texts
from conversations.questions.question import Ctx, Noted, Question, Rows, always, button_data, help_text
from conversations.reading.errors import ParseError
from conversations.reading.events import parse_event
from conversations.reading.form_1099r import CODE_M
from conversations.reading.spans import time_said
from conversations.state.answers import Answers

HELP = N_("💡 Tap \"I left my job\" if you no longer work for the employer whose plan made the loan: "
    "quitting, a layoff, being fired and retiring all count. Tap \"The plan was terminated\" if the employer "
    "ended the 401(k) plan itself. Tap \"I missed payments\" if you still work there and the loan payments "
    "stopped. Have the Form 1099-R? Its box 7 code M means one of the first two, L the third.")

_LABELS = {
    Event.SEPARATION: N_("I left my job"),
    Event.PLAN_TERMINATION: N_("The plan was terminated"),
    Event.DEFAULT: N_("I missed payments (still employed)"),
}


def event_label(texts: Texts, event: Event) -> str:
    return texts.gettext(_LABELS[event])


def _code_m(ctx: Ctx) -> bool:
    # Code M on the form: a qualified plan loan offset, from leaving or the plan's end, not missed payments.
    return ctx.answers.form_1099r == "m"


def choices(ctx: Ctx) -> Rows:
    shown = (Event.SEPARATION, Event.PLAN_TERMINATION) if _code_m(ctx) else tuple(Event)
    return tuple((Choice(event_label(ctx.texts, e), button_data("event", e.value)),) for e in shown)


def prompt(ctx: Ctx) -> str:
    if _code_m(ctx):
        return ctx._("❓ Code M on Form 1099-R is a qualified plan loan offset: it comes from leaving your job or "
                     "from the plan ending. Which was it?")
    return ctx._("❓ What happened to the loan?")


def example(ctx: Ctx) -> str:
    if _code_m(ctx):
        return ctx._("Tap a button, or type \"left my job\" or \"plan ended\"")
    return ctx._("Tap a button, or type e.g. \"left my job\", \"plan ended\" or \"missed payments\"")


def parse(text: str, ctx: Ctx) -> Answers:
    try:
        event = parse_event(text)
    except ParseError as err:
        if err.template == CODE_M:  # "M1": the form is in hand, and its code leaves two answers (the question says so)
            raise Noted(N_("Noted: code M on Form 1099-R."), Answers(form_1099r="m")) from None
        raise
    # "I got laid off last month": kept to answer "When did you leave?" when it comes (its `settled_by`).
    hint = time_said(text, locale=ctx.locale, today=ctx.today) if event is Event.SEPARATION else None
    return Answers(event=event, left_hint=hint)


def settled_by(ctx: Ctx) -> Answers | None:
    """A Form 1099-R's code L (loans treated as deemed distributions) answers "What happened?"."""
    return Answers(event=Event.DEFAULT, left_hint=None) if ctx.answers.form_1099r == "l" else None


QUESTION = Question(
    name="event",
    help=help_text(HELP),
    needed=always,
    prompt=prompt,
    example=example,
    choices=choices,
    parse=parse,
    fields=("event",),
    writes=("event", "left_hint"),
    # Missed payments ask their own date. A day of the offset given before stays: it dates the distribution.
    reopens=("missed", "left_when", "plan_left", "birthday", "left_date"),
    ack=lambda update, ctx: event_label(ctx.texts, update.event),  # type: ignore[arg-type]
    expects_answer=False,
    settled_by=settled_by,
)
