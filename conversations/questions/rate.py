"""🧾 The federal income tax rate (the top bracket), or "not sure": the brackets work it out."""

from __future__ import annotations

from decimal import Decimal

from babel.lists import format_list

from conversations.api import Choice
from conversations.i18n import N_, Texts
from conversations.questions import social_security
from conversations.questions.question import UNSURE, Ctx, Question, Rows, always, button_data
from conversations.questions.skipping import unsure
from conversations.reading.amounts import parse_amount
from conversations.reading.errors import ParseError, Refused
from conversations.reading.filing import MARRIED_WHICH, parse_filing_status
from conversations.reading.rates import RATE_RANGE, fraction_as_percent, parse_percent
from conversations.reading.text import fold
from conversations.state.answers import Answers

HELP = N_("💡 Your federal rate is the bracket your last dollar of taxable income falls in (10%, 12%, 22%, 24%, "
        "32%, 35% or 37%), not the share of your income paid in tax.")

RATES = ("10", "12", "22", "24", "32", "35", "37")
# Also for one-liners with a filing status and income (conversations.replies.quick_estimate).
NO_BRACKETS = N_("I have the tax brackets for {years} only, not {year}, the offset's year. Please send your rate, "
                 "e.g. 22% (your top bracket that year).")


def brackets_known(ctx: Ctx) -> bool:
    """Whether the calculator has the offset year's brackets ("not sure" works them out)."""
    from calculator import SUPPORTED_BRACKET_YEARS

    return ctx.offset_day().year in SUPPORTED_BRACKET_YEARS


def no_brackets_params(texts: Texts, year: int) -> dict[str, str]:
    """NO_BRACKETS's params for an offset in `year`: the years with brackets, listed for the locale."""
    from calculator import SUPPORTED_BRACKET_YEARS

    return {
        "years": format_list([str(y) for y in sorted(SUPPORTED_BRACKET_YEARS)], locale=texts.locale),
        "year": str(year),
    }


def _no_brackets_params(ctx: Ctx) -> dict[str, str]:
    return no_brackets_params(ctx.texts, ctx.offset_day().year)


def choices(ctx: Ctx) -> Rows:
    pct = ctx.texts.percent
    rows = (
        tuple(Choice(pct(Decimal(r)), button_data("rate", r)) for r in RATES[:4]),
        tuple(Choice(pct(Decimal(r)), button_data("rate", r)) for r in RATES[4:]),
    )
    if not brackets_known(ctx):
        return rows
    return (*rows, (Choice(ctx._("Not sure: work it out"), button_data("rate", UNSURE)),))


def example(ctx: Ctx) -> str:
    if brackets_known(ctx):
        if social_security.needed(ctx.answers.but(federal_rate=None), ctx.today):
            # A rate alone cannot show what the offset does to Social Security benefits (IRC 86): point to the way that can.
            return ctx._("Tap a rate or type one, e.g. 22%. Not sure, or on Social Security? Tap Not sure: I'll work "
                         "it out from your income and benefits.")
        return ctx._("Tap a rate or type one, e.g. 22%. Not sure? I'll work it out from your income.")
    return ctx._("Tap a rate or type one, e.g. 22%.")


def help(ctx: Ctx) -> str:
    text = ctx._(HELP)
    if brackets_known(ctx):
        return text + " " + ctx._("If you don't know it, tap \"Not sure: work it out\": I'll ask how you file and "
                                  "your income, and work the tax out bracket by bracket.")
    return text + " " + ctx._(NO_BRACKETS).format(**_no_brackets_params(ctx))


def parse(text: str, ctx: Ctx) -> Answers:
    if fold(text) == UNSURE or unsure(text):
        if not brackets_known(ctx):
            raise Refused(NO_BRACKETS, **_no_brackets_params(ctx))
        return Answers(federal_rate=None)
    if RATE_RANGE.search(fold(text)):
        if not brackets_known(ctx):
            raise ParseError(N_("Please send one rate: your top bracket in the offset's year, e.g. 22%."))
        raise ParseError(N_("Which bracket you are in depends on your income, so please send one rate, or tap "
                            "\"Not sure\" and I'll work it out from your filing status and income."))
    return Answers(federal_rate=checked_federal_rate(text, ctx, unsure_button=True))


# An amount this large typed for the rate is an income: no rate is over 100%, and no one's yearly income is
# likely to be under $1,000 (between 100 and 999 it is more likely a slip, and the rate's own error says so).
INCOME_AT_LEAST = Decimal(1000)
INCOME_NOT_RATE = N_("{amount} is an income, not a rate: I'll work your rate out from it and how you file.")


def income_for_rate(text: str, ctx: Ctx) -> Decimal | None:
    """"65,000" typed for the rate: the income to work the rate out from (answering "not sure"); None for
    anything else, and where the offset's year has no brackets to work it out by."""
    if "%" in text or not brackets_known(ctx):
        return None
    try:
        amount = parse_amount(text, locale=ctx.locale)
    except ParseError:
        return None
    return amount if amount >= INCOME_AT_LEAST else None


def filing_for_rate(text: str) -> list[tuple[str, str]] | None:
    """A filing status typed for the federal rate: "Not sure" (the brackets work the rate out) and the status, as
    (step, answer) pairs; "married" alone leaves jointly or separately to the filing question. None otherwise."""
    if any(c.isdigit() for c in text):
        return None
    try:
        status = parse_filing_status(text)
    except ParseError as err:
        return [("rate", UNSURE)] if err.template == MARRIED_WHICH else None
    return [("rate", UNSURE), ("filing", status.value)]


def checked_federal_rate(text: str, ctx: Ctx, *, unsure_button: bool) -> Decimal:
    """A typed federal rate that can be someone's top bracket: 10-37%, not a fraction (0.22).
    0% is refused where "Not sure" is offered instead (the brackets then work it out)."""
    rate = parse_percent(text, locale=ctx.locale)
    refuse_fraction(rate, text, ctx, highest=37)
    if 0 < rate < 10:
        if unsure_button:
            raise ParseError(N_("The lowest federal bracket is 10%. Please send your top bracket, e.g. 12%, or tap \"Not sure\"."))
        raise ParseError(N_("The lowest federal bracket is 10%. Please send your top bracket, e.g. 12%."))
    if rate == 0 and unsure_button:
        raise ParseError(N_("A federal rate of 0% means no tax. If you're not sure of your rate, tap \"Not sure\"."))
    if rate > 37:
        if unsure_button:
            raise ParseError(N_("The top federal rate is 37%. Please send your rate, e.g. 22%, or tap \"Not sure\"."))
        raise ParseError(N_("The top federal rate is 37%. Please send your federal rate, e.g. 22%."))
    return rate


def refuse_fraction(rate: Decimal, text: str, ctx: Ctx, *, highest: int) -> None:
    """Refuses a rate typed as a fraction ("0.22"), saying the percent it likely means."""
    meant = fraction_as_percent(rate, text)
    if meant is not None and meant <= highest:
        pct = ctx.texts.percent
        raise ParseError(
            N_("I read that as {typed}, less than one percent. If you meant {meant}, please send {meant}."),
            typed=pct(rate), meant=pct(meant),
        )


def ack(update: Answers, ctx: Ctx) -> str:
    if update.federal_rate is None:
        return ctx._("Not sure: I'll work it out from your income.")
    return ctx.texts.percent(update.federal_rate)


QUESTION = Question(
    name="rate",
    help=help,
    needed=always,
    prompt=lambda ctx: ctx._("🧾 What is your federal income tax rate (your top bracket)?"),
    example=example,
    choices=choices,
    parse=parse,
    fields=("federal_rate",),
    writes=("federal_rate",),
    reopens=("filing", "income", "social_security", "spouse"),
    ack=ack,
    expects_answer=False,
)
