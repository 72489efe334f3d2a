"""💼 The year's other income (on the brackets), before tax and without the loan."""

from __future__ import annotations

from calculator.models import Event
from conversations.i18n import N_
from conversations.questions import social_security
from conversations.questions.question import Ctx, Question, help_text, no_choices
from conversations.reading.amounts import parse_amount
from conversations.reading.errors import ParseError
from conversations.reading.income import NO_INCOME_WORDS, NOT_YEARLY, SOCIAL_SECURITY_WORDS
from conversations.reading.shortcuts import is_one_of
from conversations.reading.text import fold
from conversations.state.answers import Answers

HELP = N_("💡 All your other income for the year before tax: wages, self-employment, interest, unemployment "
        "and other retirement money, but not this loan. A rough figure is fine; if the year looks like the last one, "
        "the total income on last year's Form 1040 (line 9) is a good guide. Send 0 if there is none.")

# By (Social Security asked next, so left out here; the offset's year is past, this year or to come).
_PROMPTS = {
    (False, "now"): N_("💼 About how much other income will you have this year, before tax and without the loan? "
                       "I'll take off the standard deduction."),
    (False, "past"): N_("💼 About how much other income did you have in {year}, before tax and without the loan? "
                        "I'll take off the standard deduction."),
    (False, "ahead"): N_("💼 About how much other income will you have in {year}, before tax and without the loan? "
                         "I'll take off the standard deduction."),
    (True, "now"): N_("💼 About how much other income will you have this year, before tax and without the loan or "
                      "Social Security? I'll take off the standard deduction."),
    (True, "past"): N_("💼 About how much other income did you have in {year}, before tax and without the loan or "
                       "Social Security? I'll take off the standard deduction."),
    (True, "ahead"): N_("💼 About how much other income will you have in {year}, before tax and without the loan or "
                        "Social Security? I'll take off the standard deduction."),
}


def prompt(ctx: Ctx) -> str:
    year = ctx.offset_day().year  # the tax year is the offset's
    when = "now" if year == ctx.today.year else "ahead" if year > ctx.today.year else "past"
    template = _PROMPTS[(social_security.needed(ctx.answers, ctx.today), when)]
    return ctx._(template).format(year=str(year))


def parse(text: str, ctx: Ctx) -> Answers:
    if SOCIAL_SECURITY_WORDS.search(fold(text)):
        if social_security.needed(ctx.answers, ctx.today):
            raise ParseError(N_("Please send your other income without Social Security: I'll ask about your "
                                "benefits next, because they are taxed differently."))
        raise ParseError(N_("Please send your other income without Social Security benefits, e.g. 40000."))
    if NOT_YEARLY.search(fold(text)):
        if ctx.answers.event is Event.SEPARATION:
            # Pay stopped when they left: twelve months of it would overstate the year.
            raise ParseError(N_("Please send your income for the whole year, e.g. 40000: what you earned before "
                                "leaving, plus any new job's pay or unemployment benefits."))
        raise ParseError(N_("Please send your income for the whole year, e.g. 60000 (a month's pay times 12)."))
    if is_one_of(text, NO_INCOME_WORDS):
        return Answers(income=0)
    return Answers(income=parse_amount(text, locale=ctx.locale, allow_zero=True))


QUESTION = Question(
    name="income",
    help=help_text(HELP),
    needed=lambda answers, today: answers.on_brackets,
    prompt=prompt,
    example=lambda ctx: ctx._("For example: 60000 or $60,000 (0 if none)"),
    choices=no_choices,
    parse=parse,
    fields=("income", "filing_status"),  # "income is required with filing_status" is fixed here
    writes=("income",),
    ack=lambda update, ctx: ctx.texts.money(update.income),  # type: ignore[arg-type]
    placeholder="60000",
)
