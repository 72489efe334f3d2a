"""💵 How much is still owed on the loan: the amount, or a Form 1099-R quoted with it."""

from __future__ import annotations

import re
from decimal import Decimal

from calculator.models import Event
from conversations.i18n import N_
from conversations.questions.question import Ctx, Question, always, help_text, no_choices
from conversations.reading.amounts import AMOUNT_WITH_WORDS, parse_amount
from conversations.reading.errors import ParseError
from conversations.reading.events import parse_event
from conversations.reading.form_1099r import read_form_1099r
from conversations.reading.line import AMOUNT_IN_SENTENCE, amount_in_sentence
from conversations.reading.text import fold
from conversations.reading.whatif import WHAT_IF
from conversations.state.answers import Answers

MAX_BALANCE = Decimal("1000000")
# A bare number below this is asked about before it is used: more likely an age typed a question early (14 to 99)
# than what is left of a 401(k) loan, which plans make from $1,000 or so; and a balance paid down to a few
# hundred dollars still goes through unasked. "$45" or "45.00" says money, and is taken.
SMALL_BALANCE = Decimal(100)
_BARE_NUMBER = re.compile(r"\d{1,2}")

HELP = N_("💡 The unpaid balance, interest included, is on your latest 401(k) statement or the plan's "
    "website, with the loan's details. If the loan was already offset, the plan's notice shows the amount, and "
    "box 1 of the Form 1099-R includes it. A round figure such as 15k is fine for an estimate.")


def parse(text: str, ctx: Ctx) -> Answers:
    # A Form 1099-R quoted with the amount ("my 1099-R says 12,000, code M1"): the offset has happened, so the
    # offset's question offers no "Today, or not yet". Its box 7 code's loan letter answers "What happened?" ("l",
    # missed payments) or leaves two answers to choose from ("m").
    form = read_form_1099r(fold(text))
    if form is not None and not any(c.isdigit() for c in form.rest):
        raise ParseError(N_("Please send the amount too: box 1 of the Form 1099-R, e.g. 12000."))
    try:
        amount = parse_amount(text if form is None else form.rest, locale=ctx.locale, maximum=MAX_BALANCE)
    except ParseError as error:
        if form is not None or error.template != AMOUNT_WITH_WORDS:
            raise
        # "how much tax on a 20k 401k loan": the one amount in a sentence, offered as a button to confirm.
        found = amount_in_sentence(text, ctx.locale, ctx.today)
        if found is None:
            raise
        if found.template == AMOUNT_IN_SENTENCE:
            found.suggestions = ((ctx.texts.money(found.params["amount"]), str(found.params["amount"])),)
        raise found from None
    return Answers(balance=amount, form_1099r=None if form is None else form.code or "")


def doubt(text: str, update: Answers, ctx: Ctx) -> ParseError | None:
    """"45" for the balance: probably the age, typed one question early. Asked, with the amount as a button."""
    if update.balance is None or update.balance >= SMALL_BALANCE or not _BARE_NUMBER.fullmatch(text.strip()):
        return None
    amount = ctx.texts.money(update.balance)
    error = ParseError(N_("{amount} is very little for a 401(k) loan: tap it if that is the balance. If it was your "
                          "age, please send the balance first, e.g. 15000 (your age comes later)."), amount=amount)
    error.suggestions = ((amount, str(update.balance)),)
    return error


def event_instead(text: str) -> Event | None:
    """What happened, said where the balance is asked ("I got fired", "laid off"): the next question's answer.
    None for anything else, a question about it included ("what if I'm fired", "¿y si me despiden?")."""
    if "?" in text or "¿" in text or WHAT_IF.match(text) or any(c.isdigit() for c in text):
        return None
    try:
        return parse_event(text)
    except ParseError:
        return None


def ack(update: Answers, ctx: Ctx) -> str:
    amount = ctx.texts.money(update.balance)  # type: ignore[arg-type]
    if update.form_1099r is None:
        return amount
    # Box 1 is the whole distribution: cash paid out with the offset (the rest of the account) is in it too.
    return ctx._("{amount} (if box 1 also counts cash paid out to you, the offset is only the loan's part: /back to "
                 "change it)").format(amount=amount)


QUESTION = Question(
    name="balance",
    help=help_text(HELP),
    needed=always,
    prompt=lambda ctx: ctx._("💵 How much is still owed on the 401(k) loan (the unpaid balance)?"),
    example=lambda ctx: ctx._("For example: 15000, $15,000 or 15k"),
    choices=no_choices,
    parse=parse,
    fields=("balance",),
    writes=("balance", "form_1099r"),
    ack=ack,
    placeholder="15000",
    doubt=doubt,
)
