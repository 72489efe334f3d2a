"""🧓 Whether the spouse is 65 or older: a joint return on the brackets, asked only when it changes the tax."""

from __future__ import annotations

import datetime as dt

from calculator.models import FilingStatus
from conversations.i18n import N_
from conversations.questions import probe
from conversations.questions.question import Ctx, Question, help_text, yes_no_choices
from conversations.reading.errors import ParseError
from conversations.reading.people import SPOUSE_BORN, SPOUSE_WORDS
from conversations.reading.text import fold
from conversations.reading.yes_no import parse_yes_no
from conversations.state.answers import SENIOR, Answers

HELP = N_("💡 At 65 or older, each spouse adds to a joint return's standard deduction (and, for 2025 to 2028, "
        "a senior deduction), so the tax is lower. Tap Yes if your spouse is that old by the end of the year, or "
        "send their age.")



def needed(answers: Answers, today: dt.date) -> bool:
    """Married filing jointly, on the brackets, and a spouse of 65 would change the tax (the larger deductions)."""
    if answers.filing_status is not FilingStatus.MARRIED_JOINT or answers.income is None:
        return False
    if not answers.on_brackets or answers.age is None or answers.event is None:
        return False
    unknowns = probe.unknowns(answers, today)
    return unknowns is not None and unknowns.spouse


def _born_before(year: int) -> dt.date:
    # 65 by the end of the tax year, where a 1 January birthday counts for the
    # year before (Pub. 501): born before 2 January, 64 years earlier.
    return dt.date(year - 64, 1, 2)


def prompt(ctx: Ctx) -> str:
    year = ctx.offset_day().year
    return ctx._("🧓 Was your spouse born before {date}? Then they count as 65 or older for {year}, and a joint "
        "return's standard deduction is larger.",
    ).format(date=ctx.texts.long_date(_born_before(year)), year=str(year))


def parse(text: str, ctx: Ctx) -> Answers:
    # Without the words around the answer: "she's 66", "my wife is 63", "yes he is", "born 1960".
    words = [w for w in fold(text).replace(",", " ").strip(" .!").split() if w not in SPOUSE_WORDS]
    rest = " ".join(words)
    year = ctx.offset_day().year
    if rest.isdigit() and len(rest) <= 3:  # their age today, which is not yet their age at the end of the year
        at_year_end = int(rest) + (year - ctx.today.year)  # or one more, if the birthday is still to come
        if at_year_end >= SENIOR or at_year_end + 1 < SENIOR:
            return Answers(spouse_65=at_year_end >= SENIOR)
        raise ParseError(N_("At {age} it depends on the birthday. Was your spouse born before {date}? Tap Yes or No."),
                         age=int(rest), date=ctx.texts.long_date(_born_before(year)))
    if m := SPOUSE_BORN.fullmatch(rest):
        if int(m[1]) != year - 64:
            return Answers(spouse_65=int(m[1]) < year - 64)
        raise ParseError(N_("Born in {year}: only a birthday on January 1 counts. Was it? Tap Yes or No."), year=m[1])
    try:
        return Answers(spouse_65=parse_yes_no(text))
    except ParseError:
        raise ParseError(N_("Please answer yes or no (or send your spouse's age).")) from None


QUESTION = Question(
    name="spouse",
    help=help_text(HELP),
    needed=needed,
    prompt=prompt,
    example=lambda ctx: ctx._("Tap Yes or No, or send your spouse's age"),
    choices=yes_no_choices("spouse"),
    parse=parse,
    fields=("spouse_age",),
    writes=("spouse_65",),
    ack=lambda update, ctx: ctx._("Spouse 65 or older") if update.spouse_65 else ctx._("Spouse under 65"),
    expects_answer=False,
    probed=True,
)
