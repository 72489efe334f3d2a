"""📅 When they left the job: within the 12 months before the offset, or the day (the rollover deadline hangs on it)."""

from __future__ import annotations

import datetime as dt

from calculator.models import Event
from calculator.rules.ages import add_months
from calculator.rules.distribution import month_decides
from conversations.api import Choice
from conversations.i18n import N_, Texts
from conversations.questions.age import age_on_new_offset
from conversations.questions.dates import from_sentence, read_day, too_far_ahead, which_year
from conversations.questions.leaving import check_left_for_age
from conversations.questions.question import Ctx, Question, Rows, button_data, help_text
from conversations.reading.dates import NEED_DAY, parse_date, unmistakable_day
from conversations.reading.errors import ParseError, YearMissing
from conversations.reading.shortcuts import says_recent
from conversations.reading.spans import month_said, recent_span
from conversations.reading.text import fold
from conversations.reading.when import OVER_A_YEAR, split_days
from conversations.state.answers import Answers

HELP = N_("💡 If you left less than 12 months before the offset, tap the button: you can then roll it "
        "over until your tax return's extended due date. If it was longer ago, send the day you left, e.g. {typed}: "
        "the window is then only 60 days.")

_RECENT = "recent"
_WITHIN = Answers(separation_date=None, separation_month=None)  # the offset's day, asked before, stays


def recent_label(ctx: Ctx) -> str:
    if ctx.offset_day() == ctx.today:
        return ctx._("Within the last 12 months")
    return ctx._("Within 12 months before the offset")


def choices(ctx: Ctx) -> Rows:
    return ((Choice(recent_label(ctx), button_data("left_when", _RECENT)),),)


def parse(text: str, ctx: Ctx) -> Answers:
    """The answer, or the time at the end of a sentence ("my last day was 3/15/2026", "I was laid off on March
    15") when the whole does not read as one."""
    # "More than a year ago": not within the 12 months, but which month still matters (the rule of 55's year).
    if OVER_A_YEAR.search(fold(text)):
        raise ParseError(N_("More than 12 months before the offset makes the rollover deadline 60 days after it. "
                            "Please send the month you left, e.g. {month}: its year can decide the 10% tax too."),
                         month=ctx.texts.month(add_months(ctx.offset_day(), -14)))
    return from_sentence(_answer, text, ctx)


def _answer(text: str, ctx: Ctx) -> Answers:
    folded = fold(text)
    if folded == _RECENT or says_recent(folded):
        return _WITHIN
    month = month_said(text, today=ctx.today, latest=ctx.offset_day())
    if month is not None:
        return _month_answer(month, ctx)
    span = recent_span(text, ctx.today)
    if span is not None:
        # "last month", "3 weeks ago", "in October": no day, but maybe enough to know it was within
        # the 12 months before the offset (then it is "Within the last 12 months").
        first, last = span
        offset = ctx.offset_day()
        if first > offset:
            raise ParseError(N_("The offset can't come before the day you left. Please check the dates."))
        if last <= offset and offset <= add_months(first, 12):
            return _WITHIN
        raise ParseError(NEED_DAY)  # whether it was within 12 months hangs on the day
    return _days_answer(text, ctx)


def _month_answer(month: dt.date, ctx: Ctx) -> Answers:
    """"September 2025", "in October": the year the rule of 55 needs, and "within 12 months" when every day
    of the month gives the same answer."""
    offset = ctx.offset_day()
    if month > offset:
        raise ParseError(N_("The offset can't come before the day you left. Please check the dates."))
    if month_decides(Event.SEPARATION, month, offset):
        raise ParseError(
            N_("Please send the day too, e.g. {typed}: leaving early or late in {month} decides whether the "
               "offset came within 12 months."),
            typed=ctx.texts.typed_date(month.replace(day=15)), month=ctx.texts.month(month),
        )
    check_left_for_age(month, offset, ctx)
    return Answers(separation_date=month, separation_month=True)


def _both_days(left: dt.date, offset: dt.date | str | None, ctx: Ctx) -> str:
    """A button's answer for the day they left, with the offset's day typed after it: that one as typed
    while its own order is still to ask ("3/1/2026"), otherwise as a day (short, for the button's data)."""
    if offset is None:
        return left.isoformat()
    if isinstance(offset, str):
        try:
            offset = parse_date(offset, locale=ctx.locale, today=ctx.today, ask_order=True)
        except ParseError:
            return f"{left.isoformat()};{offset[:20]}"
    return f"{left.isoformat()};{offset.isoformat()}"


def _days_answer(text: str, ctx: Ctx) -> Answers:
    """"2025-06-01" is the day they left; a second date is the day of the offset."""
    parts = split_days(text)
    if len(parts) > 2:
        raise ParseError(N_("Please send one date (the day you left), or two: the day you left and the day of the offset."))
    second = parts[1] if len(parts) == 2 else None
    latest = ctx.today if second else min(ctx.today, ctx.offset_day())  # no later day can be the one they left
    try:  # a button for the day they left keeps the offset's day with it
        separation = read_day(parts[0] if parts else text, ctx, latest=latest,
                              answer=lambda d: _both_days(d, second, ctx))
    except YearMissing as missing:
        if second is not None:
            raise
        raise which_year(missing, ctx, latest=min(ctx.today, ctx.offset_day())) from None
    offset = (ctx.offset_day() if second is None
              else read_day(second, ctx, answer=lambda d: _both_days(separation, d, ctx)))
    if separation > ctx.today:
        raise ParseError(N_("That date is in the future. When did you leave (or tap \"Within the last 12 months\")?"))
    if offset < separation:
        raise ParseError(N_("The offset can't come before the day you left. Please check the dates."))
    if too_far_ahead(offset, ctx):
        raise ParseError(N_("That offset date is too far ahead. Please send a date within the next year."))
    check_left_for_age(separation, offset, ctx)
    if len(parts) < 2:
        return Answers(separation_date=separation, separation_month=None)
    update = Answers(separation_date=separation, separation_month=None, offset_date=None if offset == ctx.today else offset)
    return age_on_new_offset(update, ctx)  # the age asked was on the old day of the offset


def separation_said(text: str, texts: Texts, locale: str, today: dt.date, offset: dt.date, age: int | None) -> Answers:
    """When someone said they left ("in September", "last month"), as "When did you leave?" takes it, for a
    one-line estimate whose offset is `offset`: separation_date (None: within the 12 months) and
    separation_month. Raises ParseError where the day is needed."""
    answers = Answers(event=Event.SEPARATION, offset_date=offset, age=age)
    return parse(text, Ctx(texts, locale, today, answers))


def settled_by(ctx: Ctx) -> Answers | None:
    """"I got laid off last month" at "What happened?" answers this, with the offset's day known by then."""
    hint = ctx.answers.left_hint
    if not hint:
        return None
    try:
        return parse(hint, ctx)
    except ParseError:
        return None  # e.g. "last month" before an offset next year: the day is asked


def ack(update: Answers, ctx: Ctx) -> str:
    left = update.separation_date
    if left is None:
        return recent_label(ctx)
    if update.separation_month:
        return ctx._("Left in {month}").format(month=ctx.texts.month(left))
    text = ctx._("Left on {date}").format(date=ctx.texts.date(left))
    if update.offset_date:
        text += "; " + ctx._("offset on {date}").format(date=ctx.texts.date(update.offset_date))
    return text


QUESTION = Question(
    name="left_when",
    help=help_text(HELP),
    needed=lambda answers, today: answers.event is Event.SEPARATION,
    prompt=lambda ctx: ctx._("📅 When did you leave? If the loan was offset more than 12 months after you left, "
        "the rollover deadline is much shorter.",
    ),
    example=lambda ctx: ctx._("Tap the button, or type the date you left, e.g. {typed}").format(
        typed=ctx.texts.typed_date(unmistakable_day(add_months(ctx.offset_day(), -4), ctx.locale))
    ),
    choices=choices,
    parse=parse,
    fields=("separation_date", "offset_date"),
    writes=("separation_date", "separation_month", "offset_date"),
    reopens=("birthday", "left_date"),
    ack=ack,
    placeholder=lambda ctx: add_months(ctx.offset_day(), -4).isoformat(),
    settled_by=settled_by,
)
