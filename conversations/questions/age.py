"""🎂 How old they are on the day of the offset (or their birth date, which says it)."""

from __future__ import annotations

from calculator.rules.ages import age_at
from conversations.i18n import N_
from conversations.questions.dates import which_order
from conversations.questions.question import Ctx, Question, always, help_text, no_choices
from conversations.reading.ages import parse_age
from conversations.reading.dates import parse_birth_date
from conversations.reading.errors import AmbiguousDate, ParseError
from conversations.state.answers import Answers

HELP = N_("💡 Your age on the day of the offset decides the 10% additional tax: none from 59½, or from 55 if "
        "you left the job in or after the year you turned 55. Send your age in years, e.g. 45, or your birth date, "
        "e.g. {born}.")
HELP_MISSED = N_("💡 Your age on the day of the offset decides the 10% additional tax: there is none from 59½. "
        "Send your age in years, e.g. 45, or your birth date, e.g. {born}.")


def parse(text: str, ctx: Ctx) -> Answers:
    try:
        # A typed age replaces a birth date given here before (the birthday question's own answer goes with it).
        return Answers(age=parse_age(text), birth_date=None)
    except ParseError as not_an_age:
        try:
            born = parse_birth_date(text, locale=ctx.locale, ask_order=True)
        except AmbiguousDate as both:  # "3/1/1980" in Spanish: 3 January or 1 March
            raise which_order(both, ctx) from None
        if born is None:
            raise not_an_age from None
    on = ctx.offset_day()
    years = age_at(born, on)
    if born >= on or not 14 <= years <= 120:
        raise ParseError(N_("{date} can't be your birth date. Please send your age, e.g. 45, or your birth date, "
                            "e.g. 5/14/1980."), date=born)
    return Answers(age=years, birth_date=born)


def age_on_new_offset(update: Answers, ctx: Ctx) -> Answers:
    """`update`, which moves the day of the offset, with the age on the new day when a birth date gave it
    ("15000 born 5/14/1969 left 22%" is read before the day of the offset is asked)."""
    born = ctx.answers.birth_date
    if born is None or ctx.answers.age is None:
        return update
    on = ctx.answers.merged(update).offset_day(ctx.today)
    return update.but(age=age_at(born, on)) if born < on else update


def ack(update: Answers, ctx: Ctx) -> str:
    if update.birth_date:
        return ctx._("{age} (born {date})").format(age=update.age, date=ctx.texts.date(update.birth_date))
    return str(update.age)


def prompt(ctx: Ctx) -> str:
    # The rules use the age on the day of the offset (59½, 55, 65).
    offset = ctx.offset_day()
    if offset == ctx.today:
        return ctx._("🎂 How old are you?")
    if ctx.answers.missed_payment is not None:
        if offset > ctx.today:
            return ctx._("🎂 How old will you be on {date}, when the cure period ends?").format(date=ctx.texts.date(offset))
        return ctx._("🎂 How old were you on {date}, when the cure period ended?").format(date=ctx.texts.date(offset))
    if offset > ctx.today:
        return ctx._("🎂 How old will you be on {date}, the day of the offset?").format(date=ctx.texts.date(offset))
    return ctx._("🎂 How old were you on {date}, the day of the offset?").format(date=ctx.texts.date(offset))


QUESTION = Question(
    name="age",
    help=help_text(HELP, missed_payments=HELP_MISSED),
    needed=always,
    prompt=prompt,
    example=lambda ctx: ctx._("For example: 45"),
    choices=no_choices,
    parse=parse,
    fields=("age",),
    writes=("age", "birth_date"),
    # The day of leaving does not clear the birthday: a birth date given stays true.
    reopens=("birthday", "left_date", "plan_left"),
    ack=ack,
    placeholder="45",
)
