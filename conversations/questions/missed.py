"""📅 When the first missed payment was due (missed payments while still employed): the cure period hangs on it."""

from __future__ import annotations

import datetime as dt
import re

from calculator.models import Event
from calculator.rules.ages import add_months
from conversations.i18n import N_
from conversations.questions.age import age_on_new_offset
from conversations.questions.dates import read_day, sentence_reader, too_far_ahead, which_year
from conversations.questions.question import SKIP, Ctx, Question, help_text, one_choice
from conversations.questions.skipping import skips, unsure
from conversations.reading.dates import NEED_DAY, parse_date, unmistakable_day
from conversations.reading.errors import ParseError, YearMissing
from conversations.reading.spans import month_said
from conversations.reading.text import fold
from conversations.reading.when import LAST_PAID, missed_payment_time
from conversations.state.answers import Answers

HELP = N_("💡 The first missed payment is the first one the plan didn't receive, e.g. the first paycheck "
        "without the loan deduction. Your loan statement or the plan's website lists the payments. If you don't "
        "know, tap Not sure.")

# A year in the text: a month named with it may be ahead.
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def needed(answers: Answers, today: dt.date) -> bool:
    # A date given in a one-liner is the deemed distribution's own: nothing to work out.
    return answers.event is Event.DEFAULT and not answers.answered("offset")


def example_day(ctx: Ctx) -> dt.date:
    return unmistakable_day(add_months(ctx.today, -1), ctx.locale)


def parse(text: str, ctx: Ctx) -> Answers:
    return age_on_new_offset(_missed_answer(text, ctx), ctx)


def _missed_answer(text: str, ctx: Ctx) -> Answers:
    if skips(text) or unsure(text) or fold(text) == SKIP:
        return Answers(missed_payment_date=None, missed_payment_month=None)
    folded = fold(text).strip(" .!")
    if m := LAST_PAID.match(folded):  # "since July": the first missed payment is in that month or after
        _ask_first_missed(folded[m.end():], ctx)
    text = missed_payment_time(folded)  # "I stopped paying in August" -> "august"
    # "October 2026", "last month": the cure period ends with a calendar quarter, so the month is enough.
    missed = month_said(text, today=ctx.today)
    if missed is None and _YEAR.search(text):
        # A month named with its year may be ahead, as a day may: "December 2026", a payment about to be missed.
        missed = month_said(text, today=dt.date.max, latest=ctx.today)
    by_month = missed is not None
    if missed is None:
        missed = _missed_day(text, ctx)
    if too_far_ahead(missed, ctx):
        raise ParseError(N_("That payment is too far ahead. Please send the due date of the first payment you missed."))
    if missed.year < 2000:
        raise ParseError(N_("That is too long ago for this estimate. Please check the year."))
    return Answers(missed_payment_date=missed, missed_payment_month=True if by_month else None)


def _missed_day(text: str, ctx: Ctx) -> dt.date:
    try:
        return read_day(text, ctx)
    except YearMissing as missing:
        raise which_year(missing, ctx, latest=ctx.today) from None
    except ParseError as error:
        if error.template != NEED_DAY:
            raise
        # Almost a month ("May" alone, "13/2026"): a month is enough here, so "send the day too" would mislead.
        example = example_day(ctx)
        raise ParseError(N_("Please send the month the first missed payment was due, e.g. {month}, or its day, "
                            "e.g. {typed}."),
                         month=ctx.texts.month(example), typed=ctx.texts.typed_date(example)) from None


def _ask_first_missed(said: str, ctx: Ctx) -> None:
    """After "since July": the first missed payment was due in that month or a later one (payments come with each
    paycheck or monthly). Asked, with the two likely months as buttons."""
    month = month_said(said, today=ctx.today)
    if month is None:
        try:
            month = parse_date(said, locale=ctx.locale, today=ctx.today).replace(day=1)
        except ParseError:
            return  # not a time: read as the answer itself
    nxt = add_months(month, 1)
    error = ParseError(N_("When was the first payment you missed due: in {month}, or in {next}? Tap it, or send its "
                          "month."), month=ctx.texts.month(month), next=ctx.texts.month(nxt))
    error.suggestions = tuple((ctx.texts.month(d), f"{d.month}/{d.year}") for d in (month, nxt) if d <= ctx.today)
    raise error


def ack(update: Answers, ctx: Ctx) -> str:
    missed = update.missed_payment_date
    if missed is None:
        return ctx._("Not sure when")
    if update.missed_payment_month:
        return ctx._("First missed payment due in {month}").format(month=ctx.texts.month(missed))
    return ctx._("First missed payment due {date}").format(date=ctx.texts.date(missed))


QUESTION = Question(
    name="missed",
    help=help_text(HELP),
    needed=needed,
    prompt=lambda ctx: ctx._("📅 When was the first loan payment you missed due? Your plan can give you until the "
        "end of the next calendar quarter to make it up, and then none of this is owed.",
    ),
    example=lambda ctx: ctx._("Type the date or just the month, e.g. {typed} or {month}, or tap Not sure").format(
        typed=ctx.texts.typed_date(example_day(ctx)), month=ctx.texts.month(example_day(ctx))
    ),
    choices=one_choice(N_("Not sure"), "missed", SKIP),
    parse=sentence_reader(parse),
    fields=("missed_payment_date", "missed_payment_month"),
    writes=("missed_payment_date", "missed_payment_month"),
    reopens=("birthday", "left_date", "plan_left"),
    ack=ack,
    placeholder=lambda ctx: example_day(ctx).isoformat(),
)
