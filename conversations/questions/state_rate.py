"""🏛 The state's income tax rate: asked only when neither its law (one rate) nor its brackets settle it, and
the state taxes this person's 401(k) money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator import has_income_tax
from calculator.rules.states import has_brackets, local_tax, statutory_rate
from conversations.api import Choice
from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.question import SKIP, UNSURE, Ctx, Question, Rows, button_data
from conversations.questions.rate import brackets_known, refuse_fraction
from conversations.questions.skipping import skips, unsure
from conversations.reading.errors import ParseError
from conversations.reading.places import CITY_NYC, state_name
from conversations.reading.rates import parse_percent, split_sum
from conversations.reading.text import fold
from conversations.state.answers import Answers

HELP = N_("💡 Use your state's rate on your top income, from your last state return or the state's tax "
        "table. Tap Skip to leave state tax out.")
# Above it a state rate is a typo (California's top is 13.3%, New York City's with the state's 14.8%): the chat's
# question and one-line estimates refuse it alike.
STATE_RATE_MAX = 20
STATE_RATE_TOO_HIGH = N_("No state taxes income at more than about 14%. Please check the rate, e.g. 5%.")


class SaidAs(Answers):
    """An update with how the rate was said ("4.75% + 3.2%"), for its acknowledgement only: never recorded."""

    parts: tuple[Decimal, ...] = ()


def by_state_brackets(answers: Answers, today: dt.date) -> bool:
    """The state's tax is worked out by its own brackets (California): the federal tax is worked out by
    brackets, from a filing status and income, and the state's tables cover the year."""
    state = answers.state
    return bool(
        state and answers.state_rate is None and has_income_tax(state) and answers.on_brackets
        and answers.filing_status is not None and answers.income is not None
        and has_brackets(state, answers.offset_day(today).year)
    )


def needed(answers: Answers, today: dt.date, *, brackets: bool = True) -> bool:
    """Whether to ask the state's rate: it taxes 401(k) distributions, and not this person's
    (Iowa excludes retirement income from 55 by December 31), and neither its law (one rate on all
    income) nor (with `brackets`) its brackets and the answers so far settle it."""
    state = answers.state
    if not state or not has_income_tax(state):
        return False
    if statutory_rate(state, answers.offset_day(today).year) is not None:
        return False  # one rate on all income, set by the state's law: nothing to ask
    if brackets and by_state_brackets(answers, today):
        return False
    from calculator import exclusion_age

    if exclusion_age(state) is None or answers.age is None or answers.event is None:
        return True
    unknowns = probe.unknowns(answers, today)
    return unknowns is None or not unknowns.state_exempt


def _brackets_offer(ctx: Ctx) -> bool:
    """On the flat federal rate, whether "not sure" of the state's rate can switch to working both taxes out
    from the filing status and income (California, for the years its tables and the federal ones cover)."""
    state = ctx.answers.state
    return bool(state) and not ctx.answers.on_brackets and brackets_known(ctx) and has_brackets(
        state, ctx.offset_day().year  # type: ignore[arg-type]
    )


def choices(ctx: Ctx) -> Rows:
    skip = (Choice(ctx._("Skip"), button_data("state_rate", SKIP)),)
    if _brackets_offer(ctx):
        return ((Choice(ctx._("Not sure: work it out from my income"), button_data("state_rate", UNSURE)),), skip)
    return (skip,)


def prompt(ctx: Ctx) -> str:
    state = ctx.answers.state or ""
    local = local_tax(state) if state else None
    if local is not None and local.kind == "county":  # every resident owes one: ask for both in one rate
        return ctx._("🏛 What is your {state} income tax rate, with your county's? (optional)").format(
            state=state_name(ctx.texts, state)
        )
    city = ctx.answers.state_city
    if local is not None and city:  # they said they live in New York City or Yonkers
        prompt = (ctx._("🏛 What is your {state} income tax rate, with New York City's? (optional)") if city == CITY_NYC
                  else ctx._("🏛 What is your {state} income tax rate, with Yonkers'? (optional)"))
        return prompt.format(state=state_name(ctx.texts, state))
    return ctx._("🏛 What is your {state} income tax rate? (optional)").format(state=state_name(ctx.texts, state))


def example(ctx: Ctx) -> str:
    if _brackets_offer(ctx):
        return ctx._("For example: 5% or 9.3%. Not sure? I'll work it out from your filing status and income.")
    local = local_tax(ctx.answers.state or "")
    if local is None:
        return ctx._("For example: 5% or 9.3%. Tap Skip if you don't know.")
    pct = ctx.texts.percent
    params = {"state_rate": pct(local.example[0]), "local_rate": pct(local.example[1])}
    city = ctx.answers.state_city
    if local.kind == "county":
        return ctx._("For example: {state_rate} + {local_rate}, the state's rate and your county's. Tap Skip if "
                     "you don't know.").format(**params)
    if local.kind == "city" and city == CITY_NYC:
        return ctx._("For example: {state_rate} + {local_rate}, the state's rate and the city's. Tap Skip if you "
                     "don't know.").format(**params)
    if local.kind == "city" and city and local.surcharge is not None:
        # Yonkers: a share of the state tax, so at the example's state rate that share of it.
        params["local_rate"] = pct(local.example[0] * local.surcharge / 100)
        return ctx._("For example: {state_rate} + {local_rate}, the state's rate and Yonkers' ({surcharge} of "
                     "the state tax). Tap Skip if you don't know.").format(**params, surcharge=pct(local.surcharge))
    if local.kind == "city":
        return ctx._("For example: {state_rate}, or {state_rate} + {local_rate} if you live in New York City. "
                     "Tap Skip if you don't know.").format(**params)
    return ctx._("For example: {state_rate}, or {state_rate} + {local_rate} if your school district taxes "
                 "income. Tap Skip if you don't know.").format(**params)


def help(ctx: Ctx) -> str:
    text = ctx._(HELP)
    local = local_tax(ctx.answers.state or "")
    if local is None:
        return text
    pct = ctx.texts.percent
    params = {
        "state": state_name(ctx.texts, ctx.answers.state or ""),
        "example": f"{pct(local.example[0])} + {pct(local.example[1])}",
        "high": pct(local.city_rates[1]) if local.city_rates else "",
    }
    if local.kind == "county":
        extra = ctx._("{state}'s counties tax it too: add your county's rate, from your pay stub or last state "
                      "return, to the state's, e.g. \"{example}\".")
    elif local.kind == "city":
        extra = ctx._("If you live in New York City or Yonkers, the city taxes it too: add the city's rate "
                      "(New York City's is up to {high}) to the state's.")
    else:
        extra = ctx._("Some {state} school districts tax all income, this included: if yours does, add its rate.")
    return text + " " + extra.format(**params)


def parse(text: str, ctx: Ctx) -> Answers:
    if (fold(text) == UNSURE or unsure(text)) and _brackets_offer(ctx):
        # Both taxes by brackets: the federal rate given gives way to the filing status and income asked next.
        return Answers(state_rate=None, federal_rate=None)
    if skips(text) or unsure(text):
        return Answers(state_rate=None)
    rates = []
    # "4.75% + 3.2%": a state's rate and a local one (a county's, a city's), as the question suggests.
    for part in split_sum(text):
        rates.append(parse_percent(part, locale=ctx.locale))
        refuse_fraction(rates[-1], part, ctx, highest=STATE_RATE_MAX)
    rate = sum(rates, Decimal(0))
    if rate > STATE_RATE_MAX:
        raise ParseError(STATE_RATE_TOO_HIGH)
    if len(rates) > 1:  # "4.75% + 3.2% = 7.95%"
        return SaidAs(state_rate=rate.normalize() + 0, parts=tuple(rates))
    return Answers(state_rate=rate.normalize() + 0)


def ack(update: Answers, ctx: Ctx) -> str:
    if isinstance(update, SaidAs):
        parts = " + ".join(ctx.texts.percent(r) for r in update.parts)
        return f"{parts} = {ctx.texts.percent(update.state_rate)}"  # type: ignore[arg-type]
    if update.state_rate is not None:
        return ctx.texts.percent(update.state_rate)
    if update.on_brackets:
        return ctx._("Not sure: I'll work out your federal and {state} tax from your filing status and income, "
                     "not a single rate.").format(state=state_name(ctx.texts, ctx.answers.state or ""))
    return ctx._("Skipped")


QUESTION = Question(
    name="state_rate",
    help=help,
    needed=needed,
    prompt=prompt,
    example=example,
    choices=choices,
    parse=parse,
    fields=("state_rate",),
    writes=("state_rate",),
    ack=ack,
    placeholder="5%",
    probed=True,
    # A state's rate typed in the line ("CA 9.3%") is kept where the brackets would otherwise work it out.
    kept_from_line=lambda answers, today: needed(answers, today, brackets=False),
)
