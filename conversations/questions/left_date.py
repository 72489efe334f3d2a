"""📅 The day they left: asked when "within the last 12 months" is not enough (the rule of 55's year)."""

from __future__ import annotations

import datetime as dt

from calculator.models import Event
from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.dates import sentence_reader
from conversations.questions.leaving import day_left, example_left_day, left_day_example, left_on
from conversations.questions.question import SKIP, Ctx, Question, help_text, one_choice
from conversations.questions.skipping import skips, unsure
from conversations.state.answers import Answers

HELP = N_("💡 The day you left decides which year you left in, and leaving in or after the year you turned "
        "55 waives the 10% tax. Tap Skip to see the estimate without it: it then says what the day could change.")


def needed(answers: Answers, today: dt.date) -> bool:
    """Whether "within the last 12 months" is not enough: the 10% rests on leaving this
    year rather than last (the rule of 55), so the day of leaving is asked."""
    if answers.event is not Event.SEPARATION or answers.age is None:
        return False
    if not answers.answered("left_when") or answers.separation_date:
        return False
    unknowns = probe.unknowns(answers, today)
    return unknowns is not None and unknowns.left_date


def prompt(ctx: Ctx) -> str:
    year = ctx.offset_day().year
    if ctx.answers.public_safety:
        return ctx._("📅 On what day did you leave the job? In public safety, leaving in or after the year you turn 50 "
            "waives the 10% tax, so whether you left in {year} or {previous} decides it.",
        ).format(year=str(year), previous=str(year - 1))
    return ctx._("📅 On what day did you leave the job? Leaving in or after the year you turn 55 waives the 10% tax, "
        "so whether you left in {year} or {previous} decides it.",
    ).format(year=str(year), previous=str(year - 1))


def parse(text: str, ctx: Ctx) -> Answers:
    if skips(text) or unsure(text):
        return Answers(separation_date=None, separation_month=None)
    return day_left(text, ctx, N_("That day is after the offset ({offset}). Please send the day you left the job."))


QUESTION = Question(
    name="left_date",
    help=help_text(HELP),
    needed=needed,
    prompt=prompt,
    example=left_day_example,
    choices=one_choice(N_("Skip"), "left_date", SKIP),
    parse=sentence_reader(parse),
    fields=("separation_date",),
    writes=("separation_date", "separation_month"),
    ack=lambda update, ctx: left_on(update, ctx, N_("Skipped")),
    placeholder=lambda ctx: example_left_day(ctx).isoformat(),
    probed=True,
)
