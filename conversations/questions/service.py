"""🎖 A public-safety employee's years of service: asked only when 25 of them would waive the 10% that
leaving after 50 does not (IRC 72(t)(10) as amended by SECURE 2.0)."""

from __future__ import annotations

import datetime as dt

from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.question import SKIP, Ctx, Question, help_text, one_choice
from conversations.questions.skipping import skips, unsure
from conversations.reading.errors import ParseError
from conversations.reading.people import years_of_service
from conversations.state.answers import Answers

HELP = N_("💡 Count the years you worked for that employer under its plan. If you don't know, tap Not sure: "
        "only the age rule is used then.")



def needed(answers: Answers, today: dt.date) -> bool:
    if not answers.safety_counts or answers.age is None:
        return False
    unknowns = probe.unknowns(answers, today)
    return unknowns is not None and unknowns.service


def parse(text: str, ctx: Ctx) -> Answers:
    if skips(text) or unsure(text):
        return Answers(service_years=None)
    years = years_of_service(text)  # "25+", "about 20"; "almost 25" is 24
    if years is None:
        raise ParseError(N_("Please send your years of service as a whole number, e.g. 25, or tap Not sure."))
    if years > 60 or years > (ctx.answers.age if ctx.answers.age is not None else 120) - 14:
        raise ParseError(N_("{years} years of service doesn't fit your age. Please check it, e.g. 25, or tap Not sure."),
                         years=years)
    return Answers(service_years=years)


def ack(update: Answers, ctx: Ctx) -> str:
    years = update.service_years
    if years is None:
        return ctx._("Not sure")
    return ctx.texts.ngettext("{count} year of service", "{count} years of service", years).format(count=years)


QUESTION = Question(
    name="service",
    help=help_text(HELP),
    needed=needed,
    prompt=lambda ctx: ctx._("🎖 How many years of service under that employer's plan did you have when you left? "
        "After 25, leaving at any age waives the 10% tax.",
    ),
    example=lambda ctx: ctx._("For example: 25, or tap Not sure"),
    choices=one_choice(N_("Not sure"), "service", SKIP),
    parse=parse,
    fields=("service_years",),
    writes=("service_years",),
    ack=ack,
    placeholder="25",
    probed=True,
)
