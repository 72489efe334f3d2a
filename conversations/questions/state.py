"""🗺 The state they live in (optional): its tax, by its one rate, its brackets, or the rate asked next."""

from __future__ import annotations

from decimal import Decimal

from calculator import has_income_tax
from calculator.rules.states import statutory_rate
from conversations.i18n import N_
from conversations.questions import state_rate
from conversations.questions.question import SKIP, Ctx, Question, always, help_text, one_choice
from conversations.questions.skipping import skips
from conversations.reading.errors import ParseError
from conversations.reading.places import CITY_NYC, UNKNOWN_STATE, closest_state, parse_place, state_name
from conversations.state.answers import Answers

HELP = N_("💡 The state you live in on the day of the offset taxes it, not the state where you worked. Tap Skip "
        "to leave state tax out.")


def parse(text: str, ctx: Ctx) -> Answers:
    if skips(text):
        return Answers(state=None, state_rate=None, state_city=None)
    try:
        state, city = parse_place(text)
    except ParseError as error:
        near = closest_state(text) if error.template == UNKNOWN_STATE else None
        if near is None:
            raise
        # "califronia": the state it most likely misspells, offered as a button.
        name = state_name(ctx.texts, near)
        guess = ParseError(N_("Did you mean {state}? Tap it, or send the state's two-letter code, e.g. CA."), state=name)
        guess.suggestions = ((name, near),)
        raise guess from None
    return Answers(state=state, state_rate=None, state_city=city)


def _city_name(ctx: Ctx, city: str) -> str:
    return ctx._("New York City") if city == CITY_NYC else "Yonkers"


def _law_rate(state: str, year: int) -> Decimal | None:
    return statutory_rate(state, year) if has_income_tax(state) else None


def ack(update: Answers, ctx: Ctx) -> str:
    if update.state is None:
        return ctx._("No state")
    name = state_name(ctx.texts, update.state)
    if update.state_city:  # "NYC": the state, and the city whose income tax the rate question asks for
        name = ctx._("{state} ({city})").format(state=name, city=_city_name(ctx, update.state_city))
    year = ctx.offset_day().year
    rate = _law_rate(update.state, year)
    if rate is None:
        if state_rate.by_state_brackets(ctx.answers.but(state=update.state), ctx.today):
            # Not asked either: worked out from the filing status and income already given.
            return ctx._("{state} (I'll work its tax out by its brackets)").format(state=name)
        return name
    # Not asked: the state's law sets one rate on all income.
    return ctx._("{state} (its rate for {year}: {rate})").format(state=name, year=str(year), rate=ctx.texts.percent(rate))


QUESTION = Question(
    name="state",
    help=help_text(HELP),
    needed=always,
    prompt=lambda ctx: ctx._("🗺 Which state do you live in? (optional)"),
    example=lambda ctx: ctx._("For example: CA or California. Tap Skip to leave state tax out."),
    choices=one_choice(N_("Skip"), "state", SKIP),
    parse=parse,
    fields=("state",),
    writes=("state", "state_city"),
    reopens=("state_rate",),
    ack=ack,
    placeholder="CA",
)
