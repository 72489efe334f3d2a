"""What a question is: how it is asked, how its answer is read, and when it is needed.

A question's `parse` turns typed text (or a button's value) into an update: an
`Answers` with only the fields it sets. Its `ack` echoes what was understood
("$15,000.00"), so a misread shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from calculator.models import Event
from calculator.rules.ages import add_months
from conversations.api import Choice
from conversations.i18n import Texts
from conversations.reading.dates import unmistakable_day
from conversations.reading.errors import ParseError
from conversations.state.answers import Answers

__all__ = [
    "SKIP", "UNSURE", "Ctx", "Noted", "Question", "Rows", "always", "button_data", "help_text", "no_choices",
    "one_choice", "yes_no_choices",
]  # fmt: skip

Rows = tuple[tuple[Choice, ...], ...]

#: A button's value for "skip" (and "not sure" where that skips).
SKIP = "-"
#: "Not sure" of a rate: the brackets work it out (also from a one-liner's filing status and income).
UNSURE = "unsure"


@dataclass(frozen=True, slots=True)
class Ctx:
    """What asking and reading a question may use: the language, today, and the answers so far."""

    texts: Texts
    locale: str
    today: dt.date
    answers: Answers

    def _(self, message: str) -> str:
        return self.texts.gettext(message)

    def offset_day(self) -> dt.date:
        return self.answers.offset_day(self.today)


def _no_ack(update: Answers, ctx: Ctx) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class Question:
    name: str
    #: Whether it is asked, given the answers so far (before its own answer) and the day.
    needed: Callable[[Answers, dt.date], bool]
    prompt: Callable[[Ctx], str]
    example: Callable[[Ctx], str]
    choices: Callable[[Ctx], Rows]
    #: Turns typed text or a button's value into an update; raises ParseError.
    parse: Callable[[str, Ctx], Answers]
    #: What the question means and where to find the answer, for "not sure", "help" or "?" typed
    #: where they are not an answer, and for /help in the middle of a question.
    help: Callable[[Ctx], str]
    #: The calculator's fields it answers: an error on one of them asks it again.
    fields: tuple[str, ...]
    #: The answers it writes, cleared when an earlier answer makes it be asked again.
    writes: tuple[str, ...]
    #: The later questions that an answer to this one asks again (their answers hung on it).
    reopens: tuple[str, ...] = ()
    ack: Callable[[Answers, Ctx], str] = _no_ack
    expects_answer: bool = True
    placeholder: str | Callable[[Ctx], str] | None = None  # greyed hint in Telegram's input field
    #: Asked only when the probe says the answer changes the result; once answered, it stays on the path.
    probed: bool = False
    #: The answer an earlier one already gave, when it settles this question; None: ask.
    settled_by: Callable[[Ctx], Answers | None] | None = None
    #: Whether an answer a one-line estimate gave is kept although the question is off the path.
    kept_from_line: Callable[[Answers, dt.date], bool] | None = None
    #: A typed answer that reads but may be a slip ("45" for the balance: an age?): (text, update) -> the
    #: ParseError asking about it, with the answer as a button (a tapped answer is taken); None: taken.
    doubt: Callable[[str, Answers, Ctx], ParseError | None] | None = None


class Noted(ParseError):
    """Not the answer, but something to keep for later questions (`notes`, merged into the answers), said with 📝
    as the question comes again; with no notes (None), a plain refusal."""

    def __init__(self, template: str, notes: Answers | None, **params: object) -> None:
        super().__init__(template, **params)
        self.notes = notes


def button_data(step: str, value: str) -> str:
    """Callback data for an answer button: "a:<step>:<value>" (well under Telegram's 64 bytes)."""
    return f"a:{step}:{value}"


def always(answers: Answers, today: dt.date) -> bool:
    return True


def no_choices(ctx: Ctx) -> Rows:
    return ()


def one_choice(label: str, step: str, value: str) -> Callable[[Ctx], Rows]:
    """One button, `label` (an N_ message) answering `step` with `value`."""
    return lambda ctx: ((Choice(ctx._(label), button_data(step, value)),),)


def yes_no_choices(step: str) -> Callable[[Ctx], Rows]:
    return lambda ctx: ((Choice(ctx._("Yes"), button_data(step, "yes")), Choice(ctx._("No"), button_data(step, "no"))),)


def help_text(template: str, *, missed_payments: str | None = None) -> Callable[[Ctx], str]:
    """A question's help from its N_ template ({born}: a birth date typed, {typed}: a day four months before the
    offset); `missed_payments` instead when the loan's payments were missed."""

    def text(ctx: Ctx) -> str:
        default = missed_payments is not None and ctx.answers.event is Event.DEFAULT
        return ctx._(missed_payments if default else template).format(  # type: ignore[arg-type]
            born=ctx.texts.typed_date(dt.date(ctx.today.year - 45, 5, 14)),
            typed=ctx.texts.typed_date(unmistakable_day(add_months(ctx.offset_day(), -4), ctx.locale)),
        )

    return text
