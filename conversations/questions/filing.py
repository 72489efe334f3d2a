"""👪 How they will file (on the brackets: the rate was "not sure")."""

from __future__ import annotations

from babel.lists import format_list

from calculator.models import FilingStatus
from conversations.api import Choice
from conversations.i18n import N_, Texts
from conversations.questions.question import Ctx, Question, Rows, button_data, help_text
from conversations.reading.errors import ParseError
from conversations.reading.filing import WIDOWED, parse_filing_status
from conversations.reading.text import fold
from conversations.state.answers import Answers

HELP = N_("💡 Pick the status you'll use on your federal return for the year of the offset: Single if you're "
        "unmarried, or one of the married ones. Head of household is for an unmarried person who pays more than half "
        "the cost of a home for a qualifying child or relative. If nothing changed, it is the one on last year's "
        "return.")

_LABELS = {
    FilingStatus.SINGLE: N_("Single"),
    FilingStatus.MARRIED_JOINT: N_("Married, filing jointly"),
    FilingStatus.MARRIED_SEPARATE: N_("Married, filing separately"),
    FilingStatus.HEAD_OF_HOUSEHOLD: N_("Head of household"),
    FilingStatus.QUALIFYING_SURVIVING_SPOUSE: N_("Qualifying surviving spouse"),
}


def filing_label(texts: Texts, status: FilingStatus) -> str:
    """"Single", "Married, filing jointly"...: the filing status as its button says it."""
    return texts.gettext(_LABELS[FilingStatus(status)])


def choices(ctx: Ctx) -> Rows:
    return tuple(
        (Choice(ctx.texts.gettext(label), button_data("filing", status.value)),) for status, label in _LABELS.items()
    )


def parse(text: str, ctx: Ctx) -> Answers:
    # "Widowed" alone is not a filing status: the year of death still allows a joint return,
    # the two years after with a dependent child make a qualifying surviving spouse (IRC 2(a)),
    # and otherwise single or head of household. So it is explained, not guessed.
    if WIDOWED.search(fold(text)):
        year = ctx.offset_day().year
        raise ParseError(
            N_("Widowed? If your spouse died in {year}, you can still file jointly for {year}: tap \"Married, filing "
               "jointly\". If they died in {earlier} and your dependent child lives with you, tap \"Qualifying "
               "surviving spouse\". Otherwise tap Single, or Head of household if you keep up a home for a dependent."),
            year=str(year),
            earlier=format_list([str(year - 2), str(year - 1)], style="or", locale=ctx.texts.locale),
        )
    return Answers(filing_status=parse_filing_status(text))


QUESTION = Question(
    name="filing",
    help=help_text(HELP),
    needed=lambda answers, today: answers.on_brackets,
    prompt=lambda ctx: ctx._("👪 How will you file your tax return?"),
    example=lambda ctx: ctx._("Tap a button, or type e.g. single or jointly"),
    choices=choices,
    parse=parse,
    fields=("filing_status",),
    writes=("filing_status",),
    reopens=("social_security", "spouse"),
    ack=lambda update, ctx: filing_label(ctx.texts, update.filing_status),  # type: ignore[arg-type]
    expects_answer=False,
)
