"""🗓 When they were born: asked only when the exact date changes the result (59½, 55 or 50 at leaving, 65, a
state's exclusion of retirement income)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator.models import Event
from calculator.rules.ages import add_months
from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.dates import date_example, read_day, sentence_reader
from conversations.questions.question import SKIP, Ctx, Question, help_text, one_choice
from conversations.questions.skipping import skips
from conversations.reading.dates import NEED_DAY, unmistakable_day
from conversations.reading.errors import ParseError, YearMissing
from conversations.reading.places import state_name
from conversations.state.answers import Answers

HELP = N_("💡 Your age alone leaves open whether you had reached the age that counts (59½, or 55 or 65 in "
        "the year) on the right day; your birth date settles it. Tap Skip to see the estimate without it: it then "
        "says what the birthday could change.")


def needed(answers: Answers, today: dt.date) -> bool:
    """Whether the exact birthday changes the result (59½, 55 at leaving, or 65 for the
    larger deduction once the brackets are known), asked of the calculator when it can tell."""
    if answers.age is None or answers.event is None:
        return False
    unknowns = probe.unknowns(answers, today)
    if unknowns is not None:
        return unknowns.birthday
    # Rule of thumb when the calculator cannot tell (e.g. a year without tables).
    if answers.age == 59:
        return True
    if answers.event is Event.SEPARATION:
        offset = answers.offset_day(today)
        separated = answers.separation_date or offset
        return answers.age - (offset.year - separated.year) in (54, 55)
    return False


def _state_tier_ahead(answers: Answers) -> tuple[str, int, Decimal] | None:
    """(state, age, amount) when the state's exclusion of retirement income grows at the age this person
    may reach by December 31 (Georgia: 62 and 65), which only the birthday settles."""
    state = answers.state
    if not state:
        return None
    from calculator.data.states import state_rules

    age = answers.age or 0
    for tier_age, amount in state_rules().exclusion_tiers.get(state, ()):
        if tier_age == age + 1:
            return state, tier_age, amount
    return None


def prompt(ctx: Ctx) -> str:
    age = ctx.answers.age or 0
    year = str(ctx.offset_day().year)
    tier = _state_tier_ahead(ctx.answers)
    if tier is not None and not (age >= 64 and ctx.answers.on_brackets):  # on the brackets 65 is asked below
        state, tier_age, amount = tier
        return ctx._("🗓 When were you born? {state} excludes up to {amount} a year of retirement income once you are "
            "{age} by December 31, {year}, so the exact date decides your state tax.",
        ).format(state=state_name(ctx.texts, state), amount=ctx.texts.money_whole(amount), age=str(tier_age),
                 year=year)
    if age >= 64:
        return ctx._("🗓 When were you born? At 65 or older by the end of {year} your standard deduction is larger, "
            "so the exact date decides your tax.",
        ).format(year=year)
    if age >= 59:
        return ctx._("🗓 When were you born? The 10% early withdrawal tax stops at 59½, so at 59 the exact date decides it.",
        )
    if ctx.answers.safety_counts:
        return ctx._("🗓 When were you born? Leaving a public safety job in or after the year you turn 50 waives the "
            "10% tax, so the exact date decides it.",
        )
    state = ctx.answers.state
    if state and ctx.answers.event is not Event.SEPARATION:
        from calculator import exclusion_age

        age_from = exclusion_age(state)
        if age_from is not None:  # the only other thing a birthday decides below 59
            return ctx._("🗓 When were you born? {state} does not tax retirement income once you are {age} by "
                "December 31, {year}, so the exact date decides your state tax.",
            ).format(state=state_name(ctx.texts, state), age=str(age_from), year=year)
    return ctx._("🗓 When were you born? Leaving a job in or after the year you turn 55 waives the 10% tax, "
        "so the exact date decides it.",
    )


def _shown_example(ctx: Ctx) -> dt.date:
    """The example typed in the text: one whose numbers read one way (not "10/12/1966" in Spanish)."""
    return unmistakable_day(example_birth_date(ctx), ctx.locale)


def example_birth_date(ctx: Ctx) -> dt.date:
    # A date that fits the age given: a fixed example ("1966-08-20") would make
    # a 59-year-old 60 today, and copying its form would then be refused.
    age = ctx.answers.age if ctx.answers.age is not None else 59
    return add_months(ctx.offset_day(), -(12 * age + 3))


def parse(text: str, ctx: Ctx) -> Answers:
    if skips(text):
        return Answers(birth_date=None)
    on = ctx.offset_day()
    age: int = ctx.answers.age  # type: ignore[assignment]  # asked after the age
    try:
        born = read_day(text, ctx, counted=False)
    except YearMissing as missing:
        # "May 14": the age on the day of the offset says the year.
        year = on.year - age - ((on.month, on.day) < (missing.month, missing.day))
        born = missing.in_year(year)
        if born is None:  # February 29 in a common year: the year is still needed
            raise
    except ParseError as error:
        if error.template != NEED_DAY:
            raise
        # "May 1967": the rules at this age turn on the day (59½ is six months after the birthday, to the day).
        raise ParseError(N_("Please send the day too, e.g. {typed}: at {age} the exact day decides it."),
                         typed=ctx.texts.typed_date(_shown_example(ctx)), age=age) from None
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if years != age:
        raise ParseError(
            N_("That date makes you {years} on the day of the offset, but you said {age}. Please check it, or /back to change your age."),
            years=years,
            age=age,
        )
    return Answers(birth_date=born)


def ack(update: Answers, ctx: Ctx) -> str:
    return ctx.texts.date(update.birth_date) if update.birth_date else ctx._("Skipped")


QUESTION = Question(
    name="birthday",
    help=help_text(HELP),
    needed=needed,
    prompt=prompt,
    example=lambda ctx: date_example(ctx, _shown_example(ctx)),
    choices=one_choice(N_("Skip"), "birthday", SKIP),
    parse=sentence_reader(parse),
    fields=("birth_date",),
    writes=("birth_date",),
    ack=ack,
    placeholder=lambda ctx: example_birth_date(ctx).isoformat(),
    probed=True,
)
