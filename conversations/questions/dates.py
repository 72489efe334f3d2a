"""What the date questions share: a date at the end of a sentence, the year of a date typed without
one, the order of a date both of whose orders are days, and examples that fit the answers so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from conversations.i18n import N_
from conversations.questions.question import Ctx
from conversations.reading.dates import BAD_DATE, parse_date, reads_one_way
from conversations.reading.errors import AmbiguousDate, ParseError, YearMissing
from conversations.reading.spans import line_tails
from conversations.reading.when import times_named
from conversations.state.answers import Answers

__all__ = ["date_example", "from_sentence", "read_day", "which_order", "which_year"]


def from_sentence(parse: Callable[[str, Ctx], Answers], text: str, ctx: Ctx) -> Answers:
    """`parse(text)`, or, when that cannot read the date in it, `parse` of the time at the end of the sentence:
    "my last day was 3/15/2026", "the plan took it on 3/1/2026"."""
    try:
        return parse(text, ctx)
    except ParseError as error:
        if error.template != BAD_DATE:
            raise
        if times_named(text) > 1:  # "12/1/2026 or 1/1/2027": which one is meant is not for the last words to say
            raise
        for tail in line_tails(text):
            try:
                return parse(tail, ctx)
            except ParseError as shorter:
                if shorter.template != BAD_DATE:
                    raise  # the time was found and says what is missing ("which year?", "the day too")
        raise


def sentence_reader(parse: Callable[[str, Ctx], Answers]) -> Callable[[str, Ctx], Answers]:
    """`parse`, reading the time at the end of a sentence too (`from_sentence`)."""
    return lambda text, ctx: from_sentence(parse, text, ctx)


def which_year(missing: YearMissing, ctx: Ctx, *, latest: dt.date, ahead_days: int = 0) -> ParseError:
    """For a date typed without its year ("October 3"): the likely ones as buttons. The last such day on or
    before `latest` and the one a year earlier, and, where a day still to come can be meant (an offset
    the plan has announced), the next one within `ahead_days`."""
    days = [d for year in range(latest.year + 1, latest.year - 3, -1) if (d := missing.in_year(year)) is not None]
    ahead = [d for d in days if latest < d <= latest + dt.timedelta(days=ahead_days)][-1:]
    likely = ahead + [d for d in days if d <= latest][:2]
    if not likely:
        return missing
    error = ParseError(N_("Which year? Tap it, or send the date with its year, e.g. {example}."),
                       example=_as_typed(likely[0], ctx))
    error.suggestions = tuple((ctx.texts.date(d), d.isoformat()) for d in likely)
    return error


def read_day(text: str, ctx: Ctx, *, counted: bool = True, latest: dt.date | None = None,
             answer: Callable[[dt.date], str] = dt.date.isoformat) -> dt.date:
    """The day typed (`counted`: "yesterday", "3 days ago" too). "3/1/2026" typed in Spanish, day first, is
    3 January, but copied from a US form it is 1 March: where both orders are days, the question asks which
    (`which_order`; `answer(day)` is what a button answers with), unless only one is on or before `latest`."""
    try:
        return parse_date(text, locale=ctx.locale, today=ctx.today if counted else None, ask_order=True)
    except AmbiguousDate as both:
        possible = [d for d in both.readings if latest is None or d <= latest]
        if len(possible) == 1:  # the other is not a day this answer can be: no need to ask
            return possible[0]
        if not possible:  # neither: the question says why about the language's own reading
            return both.readings[0]
        raise which_order(both, ctx, answer) from None


def which_order(both: AmbiguousDate, ctx: Ctx, answer: Callable[[dt.date], str] = dt.date.isoformat
                ) -> AmbiguousDate:
    """"Is that 3 January or 1 March?": the two readings, written out, as buttons."""
    both.suggestions = tuple((ctx.texts.date(d), answer(d)) for d in both.readings)
    return both


def _as_typed(day: dt.date, ctx: Ctx) -> str:
    """`day` as the language types it, or written out where those numbers read two ways ("3/10/2025")."""
    return ctx.texts.typed_date(day) if reads_one_way(day, ctx.locale) else ctx.texts.long_date(day)


def date_example(ctx: Ctx, day: dt.date) -> str:
    """"For example: 12/10/1966 or December 10, 1966": the day as the language types and writes it."""
    return ctx._("For example: {typed} or {written}").format(
        typed=ctx.texts.typed_date(day), written=ctx.texts.long_date(day)
    )


def too_far_ahead(day: dt.date, ctx: Ctx) -> bool:
    """Past the end of next year: further than any offset or payment this estimate is for."""
    return day > dt.date(ctx.today.year + 1, 12, 31)
