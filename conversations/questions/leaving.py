"""What the questions about leaving the job share: the day left, checked against the offset and the age."""

from __future__ import annotations

import datetime as dt

from calculator.rules.ages import add_months
from conversations.i18n import N_
from conversations.questions.dates import date_example, read_day, which_year
from conversations.questions.question import Ctx
from conversations.reading.dates import unmistakable_day
from conversations.reading.errors import ParseError, YearMissing
from conversations.reading.spans import month_said
from conversations.state.answers import Answers

__all__ = ["check_left_for_age", "day_left", "example_left_day", "left_day_example", "left_on"]


def check_left_for_age(left: dt.date, offset: dt.date, ctx: Ctx) -> None:
    age = ctx.answers.age
    if left.year < 1950 or (age is not None and offset.year - left.year > age - 14):
        raise ParseError(N_("That date is too long ago for the age you gave. Please check the year."))


def day_left(text: str, ctx: Ctx, after_offset: str) -> Answers:
    """A day of leaving the job, typed: on or before the offset (else `after_offset`), and plausible for the age.
    A month ("September 2025") does too: these questions are asked for the year it settles."""
    offset = ctx.offset_day()
    month = month_said(text, today=ctx.today, latest=offset)
    try:
        left = month if month is not None else read_day(text, ctx, latest=min(ctx.today, offset))
    except YearMissing as missing:
        raise which_year(missing, ctx, latest=min(ctx.today, offset)) from None
    if left > offset:
        raise ParseError(after_offset, offset=ctx.texts.date(offset))
    check_left_for_age(left, offset, ctx)
    return Answers(separation_date=left, separation_month=True if month is not None else None)


def left_on(update: Answers, ctx: Ctx, otherwise: str) -> str:
    """"Left in September 2025", "Left on Sep 15, 2025", or `otherwise` (an N_ message) when no day was given."""
    left = update.separation_date
    if left is None:
        return ctx._(otherwise)
    if update.separation_month:
        return ctx._("Left in {month}").format(month=ctx.texts.month(left))
    return ctx._("Left on {date}").format(date=ctx.texts.date(left))


def example_left_day(ctx: Ctx) -> dt.date:
    return unmistakable_day(add_months(ctx.offset_day(), -3), ctx.locale)  # within the 12 months they said


def left_day_example(ctx: Ctx) -> str:
    return date_example(ctx, example_left_day(ctx))
