"""🏦 Social Security benefits (on the brackets): the offset can make up to 85% of them taxable (IRC 86)."""

from __future__ import annotations

import datetime as dt

from calculator.models import FilingStatus
from conversations.i18n import N_
from conversations.questions.question import Ctx, Question, help_text, one_choice
from conversations.questions.skipping import unsure
from conversations.reading.amounts import parse_amount
from conversations.reading.errors import ParseError
from conversations.reading.income import MONTHLY, NO_BENEFITS_WORDS, NOT_YEARLY, without_monthly_words
from conversations.reading.shortcuts import SKIP_WORDS, is_one_of
from conversations.reading.text import fold
from conversations.reading.yes_no import parse_yes_no
from conversations.state.answers import Answers

HELP = N_("💡 The year's benefits are in box 5 of Form SSA-1099. Or send the monthly benefit before "
        "any Medicare premium is taken out, e.g. \"1900 a month\". Tap None if there are none.")

_SPOUSE_AGE_GAP = 10  # on a joint return, a spouse this much older may already get benefits
_NONE = "none"
# Skipping, where "none" and "no" say there are no benefits.
_SKIP_BENEFITS = SKIP_WORDS - {"none", "no", "ninguno", "ninguna"}
# By (a joint return, the offset's year is this year or one to come).
_PROMPTS = {
    (False, True): N_("🏦 Do you get Social Security benefits? If so, about how much in {year} in all? The offset "
                      "can make part of them taxable."),
    (True, True): N_("🏦 Do you or your spouse get Social Security benefits? If so, about how much in {year}, both "
                     "together? The offset can make part of them taxable."),
    (False, False): N_("🏦 Did you get Social Security benefits in {year}? If so, about how much in all? The offset "
                       "can make part of them taxable."),
    (True, False): N_("🏦 Did you or your spouse get Social Security benefits in {year}? If so, about how much, both "
                      "together? The offset can make part of them taxable."),
}


def needed(answers: Answers, today: dt.date) -> bool:
    """On the brackets, from the age Social Security retirement benefits can start (62), or on a joint
    return when a somewhat older spouse could be getting them."""
    if not answers.on_brackets or answers.age is None:
        return False
    from calculator.data.rules import rules

    earliest = rules().ss_age
    if answers.filing_status is FilingStatus.MARRIED_JOINT:
        return answers.age + _SPOUSE_AGE_GAP >= earliest
    return answers.age >= earliest


def prompt(ctx: Ctx) -> str:
    year = ctx.offset_day().year
    joint = ctx.answers.filing_status is FilingStatus.MARRIED_JOINT
    return ctx._(_PROMPTS[(joint, year >= ctx.today.year)]).format(year=str(year))


def parse(text: str, ctx: Ctx) -> Answers:
    if is_one_of(text, NO_BENEFITS_WORDS):
        return Answers(social_security=0, social_security_monthly=None)
    if unsure(text) or is_one_of(text, _SKIP_BENEFITS):
        # Not counted; the breakdown says what that leaves out.
        return Answers(social_security=None, social_security_monthly=None)
    try:
        said_yes = parse_yes_no(text)
    except ParseError:
        said_yes = False
    if said_yes:
        raise ParseError(N_("About how much for the whole year? For example 24000 (box 5 of Form SSA-1099), "
                            "or 2000 a month."))
    folded = fold(text)
    if MONTHLY.search(folded):
        # Benefits are paid monthly, so people quote the month: taken as twelve of them, which the ack says.
        try:
            monthly = parse_amount(without_monthly_words(folded), locale=ctx.locale)
        except ParseError:
            monthly = None
        if monthly is not None:
            return Answers(social_security=monthly * 12, social_security_monthly=monthly)
    if NOT_YEARLY.search(folded):
        raise ParseError(N_("Please send the year's total, e.g. 24000 (it is in box 5 of Form SSA-1099)."))
    amount = parse_amount(text, locale=ctx.locale, allow_zero=True)
    if 0 < amount < 100:
        raise ParseError(N_("Please send the benefits in dollars for the whole year, e.g. 24000, or tap None."))
    return Answers(social_security=amount, social_security_monthly=None)


def ack(update: Answers, ctx: Ctx) -> str:
    value = update.social_security
    if value is None:
        return ctx._("Not counted")
    if value == 0:
        return ctx._("None")
    if update.social_security_monthly:
        return ctx._("{yearly} for the year (12 × {monthly}; /back to change)").format(
            yearly=ctx.texts.money(value), monthly=ctx.texts.money(update.social_security_monthly)
        )
    return ctx.texts.money(value)


QUESTION = Question(
    name="social_security",
    help=help_text(HELP),
    needed=needed,
    prompt=prompt,
    example=lambda ctx: ctx._("For example: 24000 (box 5 of Form SSA-1099), or tap None"),
    choices=one_choice(N_("None"), "social_security", _NONE),
    parse=parse,
    fields=("social_security",),
    writes=("social_security", "social_security_monthly"),
    ack=ack,
    placeholder="24000",
)
