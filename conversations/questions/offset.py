"""📆 When the loan was offset: the day the plan took the unpaid balance (it sets the tax year and deadline)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator.models import Event
from calculator.rules.ages import add_months
from conversations.i18n import N_
from conversations.questions.age import age_on_new_offset
from conversations.questions.dates import read_day, sentence_reader, too_far_ahead, which_year
from conversations.questions.question import Ctx, Noted, Question, Rows, help_text, one_choice
from conversations.reading.dates import NEED_DAY, unmistakable_day
from conversations.reading.errors import ParseError, YearMissing
from conversations.reading.events import names_leaving
from conversations.reading.rates import PERCENT_WORDS, fraction_as_percent, parse_percent
from conversations.reading.shortcuts import says_not_yet
from conversations.reading.spans import line_tails, month_said, time_said
from conversations.reading.text import fold
from conversations.state.answers import Answers

HELP = N_("💡 The offset is the day the plan cancelled the unpaid loan by taking it out of your account. It "
        "usually comes soon after you leave, or when the grace period for missed payments ends. The plan's notice or "
        "your account history shows the day. If it hasn't happened yet, or you can't find it, tap \"Today, or not "
        "yet\" for an estimate as of today.")

_TODAY = "today"
LEFT_NOT_OFFSET = N_(
    "That sounds like when you left the job. The offset is another day: when the plan took the unpaid loan from "
    "your account, often weeks or months after you left. The plan's notice or your account history shows it. If it "
    "hasn't happened yet, or you can't find it, tap \"Today, or not yet\"."
)
LEFT_NOTED_NOT_OFFSET = N_(
    "Noted: that is when you left the job, and I'll use it in a moment. The offset is another day: when the plan took the "
    "unpaid loan from your account, often weeks or months after you left. The plan's notice or your account history "
    "shows it. If it hasn't happened yet, or you can't find it, tap \"Today, or not yet\"."
)


class LeftNotOffset(Noted):
    """When they left, said where the offset's day is asked. `hint`, the words that say when, answers "When did
    you leave?" when it comes (as "laid off in March" at "What happened?" does); None when they cannot."""

    def __init__(self, hint: str | None) -> None:
        super().__init__(LEFT_NOTED_NOT_OFFSET if hint else LEFT_NOT_OFFSET, Answers(left_hint=hint) if hint else None)


def _left_not_offset(text: str, ctx: Ctx) -> LeftNotOffset:
    if ctx.answers.event is not Event.SEPARATION:
        return LeftNotOffset(None)  # a plan that ended asks whether and when they left in its own words
    hint = time_said(text, locale=ctx.locale, today=ctx.today)
    if hint is None:  # a month ("I left in March"): the end of the line that names one
        hint = next((tail for tail in line_tails(text) if month_said(tail, today=ctx.today) is not None), None)
    return LeftNotOffset(hint)


def example_day(ctx: Ctx) -> dt.date:
    return unmistakable_day(add_months(ctx.today, -2), ctx.locale)


def example(ctx: Ctx) -> str:
    day = example_day(ctx)
    if ctx.answers.form_1099r is not None:
        return ctx._("Your Form 1099-R shows only the year: the plan's notice or your account history shows the day. "
                     "Type it, e.g. {typed} or {written}").format(
            typed=ctx.texts.typed_date(day), written=ctx.texts.long_date(day))
    return ctx._("Tap the button if it is today or still to come, or type the date, e.g. {typed} or {written}").format(
        typed=ctx.texts.typed_date(day), written=ctx.texts.long_date(day)
    )


_today_choice = one_choice(N_("Today, or not yet"), "offset", _TODAY)


def choices(ctx: Ctx) -> Rows:
    # With a Form 1099-R in hand the offset has happened, in the form's year: today would be the wrong year's
    # tax and deadline from January to the filing season, when the forms arrive.
    if ctx.answers.form_1099r is not None:
        return ()
    return _today_choice(ctx)


def parse(text: str, ctx: Ctx) -> Answers:
    return age_on_new_offset(_offset_answer(text, ctx), ctx)


def _rate_typed(text: str, ctx: Ctx) -> Decimal | None:
    """The tax rate "0.22" or "22%" means, typed a question early (no date has a day 0 or a percent sign);
    None for anything else, a day such as "10.8" included."""
    try:
        rate = parse_percent(text, locale=ctx.locale)
    except ParseError:
        return None
    meant = fraction_as_percent(rate, text)
    if meant is not None:
        return meant
    folded = fold(text)
    return rate if "%" in folded or any(word in folded for word in PERCENT_WORDS) else None


def _offset_answer(text: str, ctx: Ctx) -> Answers:
    folded = fold(text).strip(" .!")
    if folded == _TODAY or says_not_yet(folded):  # "not yet", "still waiting": the estimate as of today
        return Answers(offset_date=None)
    if (rate := _rate_typed(text, ctx)) is not None:
        raise ParseError(N_("That looks like a tax rate ({rate}), not a date: I'll ask for your rate in a moment. "
                            "Please send the day of the offset, e.g. {example}."),
                         rate=ctx.texts.percent(rate), example=ctx.texts.typed_date(example_day(ctx)))
    try:
        offset = read_day(text, ctx)
    except YearMissing as missing:  # a day the plan has announced can be meant, a few months ahead
        if names_leaving(text):
            raise _left_not_offset(text, ctx) from None
        raise which_year(missing, ctx, latest=ctx.today, ahead_days=92) from None
    except ParseError as error:
        if names_leaving(text):  # "I left in March": the day they left, which is asked after this one
            raise _left_not_offset(text, ctx) from None
        if error.template != NEED_DAY:
            raise
        # A year or a month without the day: what Form 1099-R (which shows only the year) leads people to send.
        raise ParseError(N_("Please send the day too, e.g. {example}: it is on the plan's notice or your account "
                            "statement (Form 1099-R shows only the year)."),
                         example=ctx.texts.typed_date(example_day(ctx))) from None
    if too_far_ahead(offset, ctx):
        raise ParseError(N_("That offset date is too far ahead. Please send a date within the next year."))
    if offset.year < 2000:
        raise ParseError(N_("That is too long ago for this estimate. Please check the year."))
    return Answers(offset_date=None if offset == ctx.today else offset)


def ack(update: Answers, ctx: Ctx) -> str:
    if update.offset_date is None:
        return ctx._("Offset today")
    return ctx._("Offset on {date}").format(date=ctx.texts.date(update.offset_date))


QUESTION = Question(
    name="offset",
    help=help_text(HELP),
    needed=lambda answers, today: answers.event is not Event.DEFAULT,
    prompt=lambda ctx: ctx._("📆 When was the loan offset, the day the plan took the unpaid balance from your "
        "account? It sets the tax year and the deadline.",
    ),
    example=example,
    choices=choices,
    parse=sentence_reader(parse),
    fields=("offset_date",),
    writes=("offset_date",),
    # A new offset day: the follow-ups that hang on it are decided again.
    reopens=("birthday", "left_date", "plan_left"),
    ack=ack,
    placeholder=lambda ctx: example_day(ctx).isoformat(),
)
