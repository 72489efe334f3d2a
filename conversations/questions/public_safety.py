"""🚒 Whether the job left was in public safety: asked only when that would waive the 10% (IRC 72(t)(10))."""

from __future__ import annotations

import datetime as dt

from calculator.models import Event
from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.question import Ctx, Question, help_text, yes_no_choices
from conversations.reading.errors import ParseError
from conversations.reading.people import PUBLIC_SAFETY_JOBS
from conversations.reading.text import fold
from conversations.reading.yes_no import parse_yes_no
from conversations.state.answers import Answers

HELP = N_("💡 Police officers, firefighters, emergency medical workers, corrections officers and some "
        "federal officers (such as air traffic controllers and customs and border officers) owe no 10% tax on their "
        "government employer's plan if they leave in or after the year they turn 50, or after 25 years of service (IRC "
        "72(t)(10)); so do private-sector firefighters, from 2023. If that wasn't your job, tap No.")



def needed(answers: Answers, today: dt.date) -> bool:
    """Only when that would waive the 10% (leaving in or after the year of 50), once the timing of leaving
    is known."""
    event = answers.event
    if answers.age is None:
        return False
    if event is Event.SEPARATION and not answers.answered("left_when"):
        return False
    if event not in (Event.SEPARATION, Event.PLAN_TERMINATION):
        return False
    unknowns = probe.unknowns(answers, today)
    return unknowns is not None and unknowns.safety


def parse(text: str, ctx: Ctx) -> Answers:
    try:
        return Answers(public_safety=parse_yes_no(text))
    except ParseError:
        if PUBLIC_SAFETY_JOBS.search(fold(text)):  # "I was a firefighter": yes
            return Answers(public_safety=True)
        raise


def ack(update: Answers, ctx: Ctx) -> str:
    return ctx._("Public safety job") if update.public_safety else ctx._("Not a public safety job")


QUESTION = Question(
    name="public_safety",
    help=help_text(HELP),
    needed=needed,
    prompt=lambda ctx: ctx._("🚒 Were you a firefighter, police officer, EMT, corrections officer or other public "
        "safety employee in that job? For them, leaving in or after the year they turn 50, or after 25 years of "
        "service, waives the 10% tax.",
    ),
    example=lambda ctx: ctx._("Tap Yes or No"),
    choices=yes_no_choices("public_safety"),
    parse=parse,
    fields=("public_safety",),
    writes=("public_safety",),
    reopens=("service",),
    ack=ack,
    expects_answer=False,
    probed=True,
)
