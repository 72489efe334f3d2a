"""🏢 Whether someone whose plan ended also left the job: asked only when leaving would waive the 10%."""

from __future__ import annotations

import datetime as dt

from calculator.models import Event
from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.dates import sentence_reader
from conversations.questions.leaving import day_left, example_left_day, left_day_example, left_on
from conversations.questions.question import Ctx, Question, help_text, one_choice
from conversations.questions.skipping import skips
from conversations.reading.shortcuts import says_still_there
from conversations.reading.text import fold
from conversations.state.answers import Answers

HELP = N_("💡 Leaving the job in or after the year you turned 55 (50 in public safety) means no 10% tax. "
        "If you still work for that employer, tap \"Still working there\". If you left, send the day, e.g. {typed}.")

_STILL_THERE = "working"


def needed(answers: Answers, today: dt.date) -> bool:
    """Only when leaving in or after the year of 55 would remove the 10%."""
    if answers.event is not Event.PLAN_TERMINATION or answers.age is None:
        return False
    unknowns = probe.unknowns(answers, today)
    return unknowns is not None and unknowns.left_too


def prompt(ctx: Ctx) -> str:
    if ctx.answers.public_safety:
        return ctx._("🏢 Did you also leave that job, before the offset? In public safety, leaving in or after the year "
            "you turn 50 waives the 10% tax. Send the day you left, or tap the button if you still work there.",
        )
    return ctx._("🏢 Did you also leave that job, before the offset? Leaving in or after the year you turn 55 "
        "waives the 10% tax. Send the day you left, or tap the button if you still work there.",
    )


def parse(text: str, ctx: Ctx) -> Answers:
    folded = fold(text)
    if folded == _STILL_THERE or skips(text) or says_still_there(folded):
        return Answers(separation_date=None, separation_month=None)
    return day_left(
        text, ctx,
        N_("That is after the offset ({offset}): the rule of 55 covers only what is paid out after you leave. "
           "Send an earlier day, or tap \"Still working there\"."),
    )  # fmt: skip


QUESTION = Question(
    name="plan_left",
    help=help_text(HELP),
    needed=needed,
    prompt=prompt,
    example=left_day_example,
    choices=one_choice(N_("Still working there"), "plan_left", _STILL_THERE),
    parse=sentence_reader(parse),
    fields=("separation_date",),
    writes=("separation_date", "separation_month"),
    ack=lambda update, ctx: left_on(update, ctx, N_("Still working there")),
    placeholder=lambda ctx: example_left_day(ctx).isoformat(),
    probed=True,
)
