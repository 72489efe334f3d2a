"""The questions, in order, and what each answer writes into the answers.

The order is derived from the answers rather than wired step to step: the
next question is the first one still needed (`next_step`). So a follow-up
appears only when an earlier answer makes it matter, going back is just
restoring an earlier answers dict, and a button from an old message can
re-answer its step without any special path.

Answers are JSON-able: amounts and rates as decimal strings, dates as ISO
strings, and "asked but skipped" recorded as the key with None.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from babel.lists import format_list

from calculator.ages import add_months, age_at
from calculator.deadlines import cure_period_end
from calculator.distribution import month_decides
from calculator.models import Event, FilingStatus, OffsetInput
from calculator.states import has_brackets, local_tax, statutory_rate
from conversations.api import Choice
from conversations.i18n import N_, Texts
from conversations.parsing import (
    CODE_M,
    AMOUNT_IN_SENTENCE,
    AMOUNT_WITH_WORDS,
    BAD_DATE,
    MARRIED_WHICH,
    MONTH_NAMES,
    CITY_NYC,
    NEED_DAY,
    RATE_RANGE,
    ParseError,
    Refused,
    YearMissing,
    _fold,
    amount_in_sentence,
    fraction_as_percent,
    parse_age,
    parse_amount,
    parse_birth_date,
    parse_date,
    parse_event,
    parse_filing_status,
    parse_percent,
    parse_place,
    parse_yes_no,
    line_tails,
    read_form_1099r,
    month_said,
    names_leaving,
    recent_span,
    split_sum,
    state_name,
    time_said,
)
from conversations.public_safety import could_have_served, service_years_needed

Answers = dict[str, Any]
# answers[PLAN_457B]: the loan is from a governmental 457(b) plan (said in a one-line answer), which owes no 10%.
PLAN_457B = "governmental_457b"
Rows = tuple[tuple[Choice, ...], ...]

MAX_BALANCE = Decimal("1000000")
RATES = ("10", "12", "22", "24", "32", "35", "37")
SKIP = "-"
NO_STATE_TAX_FALLBACK = frozenset({"AK", "FL", "NV", "NH", "SD", "TN", "TX", "WA", "WY"})
_SKIP_WORDS = {"skip", "-", "none", "no", "n/a", "na", "pass",
               "omitir", "omite", "omita", "saltar", "salta", "salte", "saltar pregunta", "paso", "ninguno", "ninguna",
               "no aplica", "ningun estado",
               # at the state question: a state without one, or none to count
               "no state", "no state tax", "no state income tax", "sin impuesto estatal"}  # fmt: skip
# Not "?": that asks what the question means (asks_for_help), more often than it says "I don't know".
_UNSURE_WORDS = {"not sure", "unsure", "dont know", "don't know", "idk", "i don't know", "i dont know", "i'm not sure",
                 "im not sure", "no idea", "no clue", "dunno", "no se la verdad",
                 "no se", "no lo se", "no estoy seguro", "no estoy segura", "ni idea", "no tengo idea",
                 "no se cual", "no se cual es", "calculalo", "calculelo", "no sabe"}  # fmt: skip
# Asking what a question means, or where to find the answer ("?", "help", "where do I find that").
_HELP_WORDS = _UNSURE_WORDS | {
    "help", "huh", "what", "what?", "what do you mean", "what does that mean", "i don't understand",
    "i dont understand", "dont understand", "don't understand", "explain", "how do i know", "how do i find out",
    "how do i find it", "where do i find it", "where do i find that", "where can i find it", "where can i find that",
    "i don't remember", "i dont remember", "don't remember", "dont remember", "can't remember", "cant remember",
    "i forgot", "not sure what that is", "ayuda", "que", "que es eso", "que significa", "que quiere decir",
    "no entiendo", "no lo entiendo", "explicame", "expliqueme", "como lo se", "donde lo encuentro",
    "donde lo veo", "no me acuerdo", "no recuerdo", "no lo recuerdo",
}  # fmt: skip
# "Within the last 12 months", typed.
# "Last year" is not among them: left in January of last year, an offset now is more than 12 months later.
_RECENT_WORDS = ("12 months", "within", "recent", "12 meses", "en los ultimos", "reciente", "hace poco")


@dataclass(frozen=True, slots=True)
class Ctx:
    texts: Texts
    locale: str
    today: dt.date
    answers: Answers

    def _(self, message: str) -> str:
        return self.texts.gettext(message)


def button_data(step: str, value: str) -> str:
    """Callback data for an answer button: "a:<step>:<value>" (well under Telegram's 64 bytes)."""
    return f"a:{step}:{value}"


def offset_date(answers: Answers, today: dt.date) -> dt.date:
    """The day of the offset, or of the deemed distribution: for missed payments not made up, the
    end of the cure period (what the calculator assumes too); else the day given, or today."""
    missed = missed_payment(answers)
    if missed is not None:
        return cure_period_end(missed)
    value = answers.get("offset_date")
    return dt.date.fromisoformat(value) if value else today


def missed_payment(answers: Answers) -> dt.date | None:
    value = answers.get("missed_payment_date")
    if not value or answers.get("event") != Event.DEFAULT.value:
        return None
    return dt.date.fromisoformat(value)


def has_income_tax(state: str) -> bool:
    try:
        from calculator import has_income_tax as calc_has_income_tax
    except ImportError:
        return state not in NO_STATE_TAX_FALLBACK
    return bool(calc_has_income_tax(state))


# --- the steps ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    #: Whether the step is asked, given the answers so far (before its own answer).
    needed: Callable[[Answers], bool]
    prompt: Callable[[Ctx], str]
    example: Callable[[Ctx], str]
    choices: Callable[[Ctx], Rows]
    #: Turns typed text or a button's value into answer updates; raises ParseError.
    parse: Callable[[str, Ctx], Answers]
    #: The fields this step writes; an error on one of them re-asks this step.
    fields: tuple[str, ...]
    #: A short echo of what was understood ("$15,000.00"), so a misread shows at once.
    ack: Callable[[Answers, Ctx], str] = lambda updates, ctx: ""
    expects_answer: bool = True
    placeholder: str | Callable[[Ctx], str] | None = None  # greyed hint in Telegram's input field
    #: What the question means and where to find the answer, for "not sure", "help" or "?" typed
    #: where they are not an answer, and for /help in the middle of a question.
    help: Callable[[Ctx], str] | None = None


def _is(text: str, words: set[str]) -> bool:
    return _fold(text).strip(" .!") in words


def asks_for_help(text: str) -> bool:
    """Whether the text asks what the question means rather than answering it: "?", "help", "not sure"."""
    folded = _fold(text).strip(" .!¡¿?")
    return folded in _HELP_WORDS or (not folded and "?" in text)


# balance


# A Form 1099-R quoted with the amount ("my 1099-R says 12,000, code M1"): the offset has happened, so the offset's
# question offers no "Today, or not yet". The value is the box 7 code's loan letter, or "" without one: "l" answers
# "What happened?" (a deemed distribution: missed payments), "m" leaves two answers to choose from.
FORM = "form_1099r"


def _parse_balance(text: str, ctx: Ctx) -> Answers:
    form = read_form_1099r(_fold(text))
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
    return {"balance": str(amount), FORM: None if form is None else form.code or ""}


def _balance_ack(updates: Answers, ctx: Ctx) -> str:
    amount = ctx.texts.money(Decimal(updates["balance"]))
    if updates.get(FORM) is None:
        return amount
    # Box 1 is the whole distribution: cash paid out with the offset (the rest of the account) is in it too.
    return ctx._("{amount} (if box 1 also counts cash paid out to you, the offset is only the loan's part: /back to "
                 "change it)").format(amount=amount)


# age


def _parse_age(text: str, ctx: Ctx) -> Answers:
    try:
        # A typed age replaces a birth date given here before (the birthday question's own answer goes with it).
        return {"age": parse_age(text), "birth_date": None}
    except ParseError as not_an_age:
        born = parse_birth_date(text, locale=ctx.locale)
        if born is None:
            raise not_an_age from None
    on = offset_date(ctx.answers, ctx.today)
    years = age_at(born, on)
    if born >= on or not 14 <= years <= 120:
        raise ParseError(N_("{date} can't be your birth date. Please send your age, e.g. 45, or your birth date, "
                            "e.g. 5/14/1980."), date=born)
    return {"age": years, "birth_date": born.isoformat()}


def _age_ack(updates: Answers, ctx: Ctx) -> str:
    if updates.get("birth_date"):
        return ctx._("{age} (born {date})").format(
            age=updates["age"], date=ctx.texts.date(dt.date.fromisoformat(updates["birth_date"]))
        )
    return str(updates["age"])


# event

_EVENT_LABELS = {
    Event.SEPARATION: N_("I left my job"),
    Event.PLAN_TERMINATION: N_("The plan was terminated"),
    Event.DEFAULT: N_("I missed payments (still employed)"),
}


def event_label(texts: Texts, event: Event) -> str:
    return texts.gettext(_EVENT_LABELS[event])


def _event_choices(ctx: Ctx) -> Rows:
    # Code M on the form: a qualified plan loan offset, from leaving or the plan's end, not missed payments.
    shown = (Event.SEPARATION, Event.PLAN_TERMINATION) if ctx.answers.get(FORM) == "m" else tuple(Event)
    return tuple((Choice(event_label(ctx.texts, e), button_data("event", e.value)),) for e in shown)


def _event_prompt(ctx: Ctx) -> str:
    if ctx.answers.get(FORM) == "m":
        return ctx._("❓ Code M on Form 1099-R is a qualified plan loan offset: it comes from leaving your job or "
                     "from the plan ending. Which was it?")
    return ctx._("❓ What happened to the loan?")


def _event_example(ctx: Ctx) -> str:
    if ctx.answers.get(FORM) == "m":
        return ctx._("Tap a button, or type \"left my job\" or \"plan ended\"")
    return ctx._("Tap a button, or type e.g. \"left my job\", \"plan ended\" or \"missed payments\"")


def _parse_event(text: str, ctx: Ctx) -> Answers:
    try:
        event = parse_event(text)
    except ParseError as err:
        if err.template == CODE_M:  # "M1": the form is in hand, and its code leaves two answers (the question says so)
            raise Noted(N_("Noted: code M on Form 1099-R."), {FORM: "m"}) from None
        raise
    # "I got laid off last month": kept to answer "When did you leave?" when it comes (see `answer_from_hint`).
    hint = time_said(text, locale=ctx.locale, today=ctx.today) if event is Event.SEPARATION else None
    return {"event": event.value, "left_hint": hint}


def answer_from_hint(step: str, answers: Answers, ctx: Ctx) -> Answers | None:
    """The answer to `step` that an earlier one already gave, if it settles it: "When did you leave?"
    after "I got laid off last month" (with the offset's day known by then); "What happened?" after a
    Form 1099-R's code L (loans treated as deemed distributions). None: ask."""
    if step == "event":
        return {"event": Event.DEFAULT.value, "left_hint": None} if answers.get(FORM) == "l" else None
    hint = answers.get("left_hint")
    if step != "left_when" or not hint:
        return None
    try:
        return _parse_left_when(hint, ctx)
    except ParseError:
        return None  # e.g. "last month" before an offset next year: the day is asked


# when was the loan offset

_TODAY = "today"
# "Today or not yet", typed.
_TODAY_WORDS = {"today", "now", "not yet", "soon", "not done yet", "not offset yet", "this week",
                "hoy", "ahora", "todavia no", "aun no", "pronto", "esta semana"}  # fmt: skip


# "It hasn't happened yet", "still waiting": the estimate as of today, as the button gives.
_NOT_YET = re.compile(r"(?<![a-z])(?:not yet|(?:hasn'?t|has not|haven'?t|have not) (?:happened|been)|still waiting|"
                      r"todavia no|aun no|no ha pasado)(?![a-z])")
LEFT_NOT_OFFSET = N_(
    "That sounds like when you left the job. The offset is another day: when the plan took the unpaid loan from "
    "your account, often weeks or months after you left. The plan's notice or your account history shows it. If it "
    "hasn't happened yet, or you can't find it, tap \"Today, or not yet\"."
)
LEFT_NOTED_NOT_OFFSET = N_(
    "Noted: that is when you left the job, and I'll use it in a moment. The offset is another day: when the plan took the "
    "unpaid loan from your account, often weeks or months after you left. The plan's notice or your account history "
    "shows it. If it hasn't happened yet, or you can't find it, tap \"Today, or not yet\"."
)


class Noted(ParseError):
    """Not the answer, but something to keep for later questions (`notes`, merged into the answers), said with 📝
    as the question comes again; with no notes, a plain refusal."""

    def __init__(self, template: str, notes: Answers, **params: object) -> None:
        super().__init__(template, **params)
        self.notes = notes


class LeftNotOffset(Noted):
    """When they left, said where the offset's day is asked. `hint`, the words that say when, answers "When did
    you leave?" when it comes (as "laid off in March" at "What happened?" does); None when they cannot."""

    def __init__(self, hint: str | None) -> None:
        super().__init__(LEFT_NOTED_NOT_OFFSET if hint else LEFT_NOT_OFFSET, {"left_hint": hint} if hint else {})


def _left_not_offset(text: str, ctx: Ctx) -> LeftNotOffset:
    if ctx.answers.get("event") != Event.SEPARATION.value:
        return LeftNotOffset(None)  # a plan that ended asks whether and when they left in its own words
    hint = time_said(text, locale=ctx.locale, today=ctx.today)
    if hint is None:  # a month ("I left in March"): the end of the line that names one
        hint = next((tail for tail in line_tails(text) if month_said(tail, today=ctx.today) is not None), None)
    return LeftNotOffset(hint)


def _example_offset(ctx: Ctx) -> dt.date:
    return add_months(ctx.today, -2)


def _offset_example(ctx: Ctx) -> str:
    day = _example_offset(ctx)
    if ctx.answers.get(FORM) is not None:
        return ctx._("Your Form 1099-R shows only the year: the plan's notice or your account history shows the day. "
                     "Type it, e.g. {typed} or {written}").format(
            typed=ctx.texts.typed_date(day), written=ctx.texts.long_date(day))
    return ctx._("Tap the button if it is today or still to come, or type the date, e.g. {typed} or {written}").format(
        typed=ctx.texts.typed_date(day), written=ctx.texts.long_date(day)
    )


def _offset_choices(ctx: Ctx) -> Rows:
    # With a Form 1099-R in hand the offset has happened, in the form's year: today would be the wrong year's
    # tax and deadline from January to the filing season, when the forms arrive.
    if ctx.answers.get(FORM) is not None:
        return ()
    return ((Choice(ctx._("Today, or not yet"), button_data("offset", _TODAY)),),)


def _age_on_new_offset(updates: Answers, ctx: Ctx) -> Answers:
    """`updates` that move the day of the offset, with the age on the new day when a birth date gave it
    ("15000 born 5/14/1969 left 22%" is read before the day of the offset is asked)."""
    born = _date_or_none(ctx.answers.get("birth_date"))
    if born is None or "age" not in ctx.answers:
        return updates
    on = offset_date({**ctx.answers, **updates}, ctx.today)
    return {**updates, "age": age_at(born, on)} if born < on else updates


def _parse_offset(text: str, ctx: Ctx) -> Answers:
    return _age_on_new_offset(_offset_answer(text, ctx), ctx)


def _offset_answer(text: str, ctx: Ctx) -> Answers:
    folded = _fold(text).strip(" .!")
    if folded == _TODAY or folded in _TODAY_WORDS or _NOT_YET.search(folded):
        return {"offset_date": None}
    try:
        offset = parse_date(text, locale=ctx.locale, today=ctx.today)
    except YearMissing as missing:  # a day the plan has announced can be meant, a few months ahead
        if names_leaving(text):
            raise _left_not_offset(text, ctx) from None
        raise _which_year(missing, ctx, latest=ctx.today, ahead_days=92) from None
    except ParseError as error:
        if names_leaving(text):  # "I left in March": the day they left, which is asked after this one
            raise _left_not_offset(text, ctx) from None
        if error.template != NEED_DAY:
            raise
        # A year or a month without the day: what Form 1099-R (which shows only the year) leads people to send.
        raise ParseError(N_("Please send the day too, e.g. {example}: it is on the plan's notice or your account "
                            "statement (Form 1099-R shows only the year)."),
                         example=ctx.texts.typed_date(_example_offset(ctx))) from None
    if offset > dt.date(ctx.today.year + 1, 12, 31):
        raise ParseError(N_("That offset date is too far ahead. Please send a date within the next year."))
    if offset.year < 2000:
        raise ParseError(N_("That is too long ago for this estimate. Please check the year."))
    return {"offset_date": None if offset == ctx.today else offset.isoformat()}


def _offset_ack(updates: Answers, ctx: Ctx) -> str:
    if updates["offset_date"] is None:
        return ctx._("Offset today")
    return ctx._("Offset on {date}").format(date=ctx.texts.date(dt.date.fromisoformat(updates["offset_date"])))


# when was the first missed payment due (a default while still employed)


def _missed_needed(answers: Answers) -> bool:
    # A date given in a one-liner is the deemed distribution's own: nothing to work out.
    return answers.get("event") == Event.DEFAULT.value and not answered(answers, "offset")


def _offset_needed(answers: Answers) -> bool:
    return answers.get("event") != Event.DEFAULT.value


def _example_missed(ctx: Ctx) -> dt.date:
    return add_months(ctx.today, -1)


def _parse_missed(text: str, ctx: Ctx) -> Answers:
    return _age_on_new_offset(_missed_answer(text, ctx), ctx)


# Words around the time at "When was the first missed payment due?": "I stopped paying in August", "the payment
# due 9/1/2026", "dejé de pagar en agosto".
_MISSED_LEAD = re.compile(
    r"^(?:i |we )?(?:stopped paying|stopped|quit paying|missed(?: the)?(?: first)?(?: payment)?|"
    r"(?:the |my )?(?:first )?(?:missed )?payment(?: was)?(?: due)?|it was due|due|deje de pagar|no pague)"
    r"(?: on| in| el| en)?\s+"
)
# "since July", "my last payment was in July": the first missed payment is the next one, in that month or after.
_LAST_PAID = re.compile(
    r"^(?:i )?(?:haven'?t paid since|have not paid since|not paid since|since|(?:my )?last payment(?: was)?(?: made)?|"
    r"(?:i )?last paid|no pago desde|desde|(?:mi )?ultimo pago(?: fue)?)(?: on| in| el| en)?\s+"
)


def _missed_answer(text: str, ctx: Ctx) -> Answers:
    if _is(text, _SKIP_WORDS) or _is(text, _UNSURE_WORDS) or _fold(text) == SKIP:
        return {"missed_payment_date": None, "missed_payment_month": None}
    folded = _fold(text).strip(" .!")
    if m := _LAST_PAID.match(folded):
        _ask_first_missed(folded[m.end():], ctx)
    text = re.sub(r"\s+(?:payments?|pagos?)$", "", _MISSED_LEAD.sub("", folded))  # "missed the August payment"
    # "October 2026", "last month": the cure period ends with a calendar quarter, so the month is enough.
    missed = month_said(text, today=ctx.today)
    if missed is None and re.search(r"(?<!\d)\d{4}(?!\d)", text):
        # A month named with its year may be ahead, as a day may: "December 2026", a payment about to be missed.
        missed = month_said(text, today=dt.date.max, latest=ctx.today)
    by_month = missed is not None
    if missed is None:
        try:
            missed = parse_date(text, locale=ctx.locale, today=ctx.today)
        except YearMissing as missing:
            raise _which_year(missing, ctx, latest=ctx.today) from None
        except ParseError as error:
            if error.template != NEED_DAY:
                raise
            # Almost a month ("May" alone, "13/2026"): a month is enough here, so "send the day too" would mislead.
            example = _example_missed(ctx)
            raise ParseError(N_("Please send the month the first missed payment was due, e.g. {month}, or its day, "
                                "e.g. {typed}."),
                             month=ctx.texts.month(example), typed=ctx.texts.typed_date(example)) from None
    if missed > dt.date(ctx.today.year + 1, 12, 31):
        raise ParseError(N_("That payment is too far ahead. Please send the due date of the first payment you missed."))
    if missed.year < 2000:
        raise ParseError(N_("That is too long ago for this estimate. Please check the year."))
    return {"missed_payment_date": missed.isoformat(), "missed_payment_month": True if by_month else None}


def _ask_first_missed(said: str, ctx: Ctx) -> None:
    """After "since July": the first missed payment was due in that month or a later one (payments come with each
    paycheck or monthly). Asked, with the two likely months as buttons."""
    month = month_said(said, today=ctx.today)
    if month is None:
        try:
            month = parse_date(said, locale=ctx.locale, today=ctx.today).replace(day=1)
        except ParseError:
            return  # not a time: read as the answer itself
    nxt = add_months(month, 1)
    error = ParseError(N_("When was the first payment you missed due: in {month}, or in {next}? Tap it, or send its "
                          "month."), month=ctx.texts.month(month), next=ctx.texts.month(nxt))
    error.suggestions = tuple((ctx.texts.month(d), f"{d.month}/{d.year}") for d in (month, nxt) if d <= ctx.today)
    raise error


def _missed_ack(updates: Answers, ctx: Ctx) -> str:
    if updates["missed_payment_date"] is None:
        return ctx._("Not sure when")
    missed = dt.date.fromisoformat(updates["missed_payment_date"])
    if updates.get("missed_payment_month"):
        return ctx._("First missed payment due in {month}").format(month=ctx.texts.month(missed))
    return ctx._("First missed payment due {date}").format(date=ctx.texts.date(missed))


def _age_prompt(ctx: Ctx) -> str:
    # The rules use the age on the day of the offset (59½, 55, 65).
    offset = offset_date(ctx.answers, ctx.today)
    if offset == ctx.today:
        return ctx._("🎂 How old are you?")
    if missed_payment(ctx.answers) is not None:
        if offset > ctx.today:
            return ctx._("🎂 How old will you be on {date}, when the cure period ends?").format(date=ctx.texts.date(offset))
        return ctx._("🎂 How old were you on {date}, when the cure period ended?").format(date=ctx.texts.date(offset))
    if offset > ctx.today:
        return ctx._("🎂 How old will you be on {date}, the day of the offset?").format(date=ctx.texts.date(offset))
    return ctx._("🎂 How old were you on {date}, the day of the offset?").format(date=ctx.texts.date(offset))


# when did you leave

_RECENT = "recent"


def _left_when_needed(answers: Answers) -> bool:
    return answers.get("event") == Event.SEPARATION.value


def _recent_label(ctx: Ctx) -> str:
    if offset_date(ctx.answers, ctx.today) == ctx.today:
        return ctx._("Within the last 12 months")
    return ctx._("Within 12 months before the offset")


# "More than a year ago": not within the 12 months, but which month still matters (the rule of 55's year).
_OVER_A_YEAR = re.compile(r"(?<![a-z])(?:more than|over|longer than|mas de|hace mas de) (?:a|one|1|un|12) "
                          r"(?:year|years|months|ano|anos|meses)(?![a-z])")


def _parse_left_when(text: str, ctx: Ctx) -> Answers:
    """The answer, or the time at the end of a sentence ("my last day was 3/15/2026", "I was laid off on March
    15") when the whole does not read as one."""
    if _OVER_A_YEAR.search(_fold(text)):
        raise ParseError(N_("More than 12 months before the offset makes the rollover deadline 60 days after it. "
                            "Please send the month you left, e.g. {month}: its year can decide the 10% tax too."),
                         month=ctx.texts.month(add_months(offset_date(ctx.answers, ctx.today), -14)))
    return from_sentence(_left_when_answer, text, ctx)


def from_sentence(parse: Callable[[str, Ctx], Answers], text: str, ctx: Ctx) -> Answers:
    """`parse(text)`, or, when that cannot read the date in it, `parse` of the time at the end of the sentence:
    "my last day was 3/15/2026", "the plan took it on 3/1/2026"."""
    try:
        return parse(text, ctx)
    except ParseError as error:
        if error.template != BAD_DATE:
            raise
        times = len(re.findall(r"\d{1,4}[/.-]\d{1,2}", text)) + sum(_month_name(w) for w in text.split())
        if times > 1:  # "12/1/2026 or 1/1/2027": which one is meant is not for the last words to say
            raise
        for tail in line_tails(text):
            try:
                return parse(tail, ctx)
            except ParseError as shorter:
                if shorter.template != BAD_DATE:
                    raise  # the time was found and says what is missing ("which year?", "the day too")
        raise


def _month_name(word: str) -> bool:
    return (folded := _fold(word).strip(".,;:")) in MONTH_NAMES and folded != "may"  # "it may have been ..."


def _left_when_answer(text: str, ctx: Ctx) -> Answers:
    folded = _fold(text)
    if folded == _RECENT or any(words in folded for words in _RECENT_WORDS):
        return {"separation_date": None, "separation_month": None}  # the offset's day, asked before, stays
    offset = offset_date(ctx.answers, ctx.today)
    month = month_said(text, today=ctx.today, latest=offset)
    if month is not None:
        # "September 2025", "in October": the year the rule of 55 needs, and "within 12 months" when every day
        # of the month gives the same answer.
        if month > offset:
            raise ParseError(N_("The offset can't come before the day you left. Please check the dates."))
        if month_decides(Event.SEPARATION, month, offset):
            raise ParseError(
                N_("Please send the day too, e.g. {typed}: leaving early or late in {month} decides whether the "
                   "offset came within 12 months."),
                typed=ctx.texts.typed_date(month.replace(day=15)), month=ctx.texts.month(month),
            )
        _check_left_for_age(month, offset, ctx)
        return {"separation_date": month.isoformat(), "separation_month": True}
    span = recent_span(text, ctx.today)
    if span is not None:
        # "last month", "3 weeks ago", "in October": no day, but maybe enough to know it was within
        # the 12 months before the offset (then it is "Within the last 12 months").
        first, last = span
        offset = offset_date(ctx.answers, ctx.today)
        if first > offset:
            raise ParseError(N_("The offset can't come before the day you left. Please check the dates."))
        if last <= offset and offset <= add_months(first, 12):
            return {"separation_date": None, "separation_month": None}
        raise ParseError(NEED_DAY)  # whether it was within 12 months hangs on the day
    # "2025-06-01" is the day they left; a second date is the day of the offset.
    parts = [
        p
        for p in re.split(
            r"\s*(?:;|\band\b|\boffset\b|\bthen\b|\bto\b|\by\b|\bluego\b|\bdespu[eé]s\b|\bhasta\b|\bal?\b|->|→)\s*",
            text.strip(),
        )
        if p
    ]
    if len(parts) > 2:
        raise ParseError(N_("Please send one date (the day you left), or two: the day you left and the day of the offset."))
    try:
        separation = parse_date(parts[0] if parts else text, locale=ctx.locale, today=ctx.today)
    except YearMissing as missing:
        if len(parts) > 1:
            raise
        raise _which_year(missing, ctx, latest=min(ctx.today, offset_date(ctx.answers, ctx.today))) from None
    offset = parse_date(parts[1], locale=ctx.locale, today=ctx.today) if len(parts) == 2 else offset_date(ctx.answers, ctx.today)
    if separation > ctx.today:
        raise ParseError(N_("That date is in the future. When did you leave (or tap \"Within the last 12 months\")?"))
    if offset < separation:
        raise ParseError(N_("The offset can't come before the day you left. Please check the dates."))
    if offset > dt.date(ctx.today.year + 1, 12, 31):
        raise ParseError(N_("That offset date is too far ahead. Please send a date within the next year."))
    _check_left_for_age(separation, offset, ctx)
    if len(parts) < 2:
        return {"separation_date": separation.isoformat(), "separation_month": None}
    updates: Answers = {
        "separation_date": separation.isoformat(),
        "separation_month": None,
        "offset_date": None if offset == ctx.today else offset.isoformat(),
    }
    return _age_on_new_offset(updates, ctx)  # the age asked was on the old day of the offset


def separation_said(text: str, texts: Texts, locale: str, today: dt.date, offset: dt.date, age: int | None) -> Answers:
    """When someone said they left ("in September", "last month"), as "When did you leave?" takes it, for a
    one-line estimate whose offset is `offset`: separation_date (None: within the 12 months) and
    separation_month. Raises ParseError where the day is needed."""
    answers: Answers = {"event": Event.SEPARATION.value, "offset_date": offset.isoformat()}
    if age is not None:
        answers["age"] = age
    return _parse_left_when(text, Ctx(texts, locale, today, answers))


def _check_left_for_age(left: dt.date, offset: dt.date, ctx: Ctx) -> None:
    age = ctx.answers.get("age")
    if left.year < 1950 or (age is not None and offset.year - left.year > int(age) - 14):
        raise ParseError(N_("That date is too long ago for the age you gave. Please check the year."))


def _left_when_ack(updates: Answers, ctx: Ctx) -> str:
    if updates.get("separation_date") is None:
        return _recent_label(ctx)
    if updates.get("separation_month"):
        return ctx._("Left in {month}").format(month=ctx.texts.month(dt.date.fromisoformat(updates["separation_date"])))
    text = ctx._("Left on {date}").format(date=ctx.texts.date(dt.date.fromisoformat(updates["separation_date"])))
    if updates.get("offset_date"):
        text += "; " + ctx._("offset on {date}").format(
            date=ctx.texts.date(dt.date.fromisoformat(updates["offset_date"]))
        )
    return text


# birthday and day of leaving (only when they change the result)


def _probe_key(answers: Answers, today: dt.date) -> tuple:
    # Everything the probe estimate reads, so it can be memoized: next_step asks
    # on every turn, and each time it costs an estimate.
    return (
        answers.get("balance"), answers["age"], answers["event"], _probe_day(answers, today),
        answers.get("separation_date"), bool(answers.get("separation_month")), answers.get("birth_date"),
        answers.get("federal_rate", _RATE_UNKNOWN),
        answers.get("filing_status"), answers.get("income"), answers.get("spouse_65"), answers.get("public_safety"),
        answers.get("state"), answers.get("state_rate"), answers.get("service_years"), answers.get("social_security"),
        bool(answers.get(PLAN_457B)), today,
    )  # fmt: skip


_RATE_UNKNOWN = "unknown"  # not asked yet: the probe takes a flat 22%


def _probe_day(answers: Answers, today: dt.date) -> str | None:
    # The day the rules use: for missed payments, the end of the cure period.
    try:
        return offset_date(answers, today).isoformat()
    except (TypeError, ValueError):  # a damaged state: the probe fails and the callers fall back
        return str(answers.get("offset_date"))


class _Unknowns(NamedTuple):
    birthday: bool  # the exact birth date would change the result
    left_date: bool  # the day of leaving would (the rule of 55 rests on the year assumed)
    spouse: bool  # on a joint return, a spouse of 65 or older would (a larger deduction)
    left_too: bool  # the plan ended: having also left the job (the rule of 55) would
    safety: bool  # leaving a public-safety job (the 10% waived from the year of 50) would
    state_exempt: bool  # the state does not tax this person's retirement income (Iowa from 55)
    service: bool  # in public safety, 25 years of service under the plan would (at any age, SECURE 2.0)


_SENIOR = 65  # the spouse's age at year end that "65 or older" stands for


def _spouse_age(spouse_65: Any, filing: Any) -> int | None:
    return _SENIOR if spouse_65 and filing == FilingStatus.MARRIED_JOINT.value else None


def _probe(key: tuple) -> _Unknowns | None:
    """What the estimate from the answers so far (a flat 22% until the brackets are
    known) could not settle, or None when it cannot be worked out."""
    (balance, age, event, offset, separation, separation_month, born, rate, filing, income, spouse_65, safety_job, state, state_rate,
     service_years, benefits, plan_457b, today) = key
    try:
        from calculator import estimate

        bracket = rate is None and filing is not None and income is not None
        safety_counts = _safety_counts(safety_job, event, separation)
        fields = dict(
            balance=Decimal(balance) if balance else Decimal(1000),
            age=int(age),
            birth_date=_date_or_none(born),
            event=Event(event),
            offset_date=dt.date.fromisoformat(offset) if offset else today,
            separation_date=_date_or_none(separation),
            separation_month=separation_month and separation is not None,
            federal_rate=None if bracket else (Decimal(rate) if rate not in (None, _RATE_UNKNOWN) else Decimal(22)),
            filing_status=FilingStatus(filing) if bracket else None,
            income=Decimal(income) if bracket else None,
            social_security=Decimal(benefits) if bracket and benefits is not None else None,
            spouse_age=_spouse_age(spouse_65, filing) if bracket else None,
            public_safety=safety_counts,
            service_years=service_years if safety_counts else None,
            state=state or None,
            state_rate=Decimal(state_rate) if state and state_rate else None,
            governmental_457b=plan_457b,
        )
        result = estimate(OffsetInput(**fields), today=today)
        spouse = False
        if bracket and filing == FilingStatus.MARRIED_JOINT.value and spouse_65 is None:
            older = estimate(OffsetInput(**dict(fields, spouse_age=_SENIOR)), today=today)
            spouse = older.federal_income_tax != result.federal_income_tax
        left_too = safety = service = False
        if event == Event.PLAN_TERMINATION.value and separation is None and result.penalty_exception is None:
            # Would having left the job too (the rule of 55; or 50 in public safety, if that was answered yes)?
            left = estimate(OffsetInput(**dict(
                fields, separation_date=fields["offset_date"], public_safety=bool(safety_job)
            )), today=today)
            left_too = left.penalty_exception is not None or (left.birthday_would_change and not result.birthday_would_change)
            if not left_too and safety_job is None and result.early_withdrawal_penalty > 0:
                # Only leaving a public-safety job would: that is asked first, the day of leaving after.
                safe = estimate(OffsetInput(**dict(
                    fields, separation_date=fields["offset_date"], public_safety=True
                )), today=today)
                safety = safe.penalty_exception is not None or (
                    safe.birthday_would_change and not result.birthday_would_change
                )
        left_job = event == Event.SEPARATION.value or (event == Event.PLAN_TERMINATION.value and separation is not None)
        if left_job and result.early_withdrawal_penalty > 0:
            # 25 years of service can only be had from the age of 18 + 25.
            could_serve = could_have_served(int(age))
            # Under 50 the question is not asked: few have 25 years of service, and the
            # breakdown offers it as a what-if (render.whatif_choices) instead.
            if safety_job is None:
                safe = estimate(OffsetInput(**dict(fields, public_safety=True)), today=today)
                safety = safe.early_withdrawal_penalty != result.early_withdrawal_penalty or (
                    safe.birthday_would_change and not result.birthday_would_change
                )
            elif safety_job and service_years is None and could_serve:
                served = dict(fields, service_years=service_years_needed())
                service = estimate(OffsetInput(**served), today=today).early_withdrawal_penalty != (
                    result.early_withdrawal_penalty
                )
        # Only the flags are kept in the memo, not the Breakdowns.
        return _Unknowns(
            result.birthday_would_change, result.separation_date_would_change, spouse, left_too, safety,
            result.state_retirement_exclusion is True, service,
        )
    except Exception:  # noqa: BLE001 - a damaged state or input: the callers fall back
        return None


_probe_cached = functools.lru_cache(maxsize=1024)(_probe)


def _probe_answers(answers: Answers, today: dt.date) -> _Unknowns | None:
    key = _probe_key(answers, today)
    try:
        hash(key)
    except TypeError:  # a damaged state: work it out without the memo
        return _probe(key)
    return _probe_cached(key)


def needs_birthday(answers: Answers, today: dt.date) -> bool:
    """Whether the exact birthday changes the result (59½, 55 at leaving, or 65 for the
    larger deduction once the brackets are known), asked of the calculator when it can tell."""
    if "age" not in answers or "event" not in answers:
        return False
    unknowns = _probe_answers(answers, today)
    if unknowns is not None:
        return unknowns.birthday
    # Rule of thumb when the calculator cannot tell (e.g. a year without tables).
    age = int(answers["age"])
    if age == 59:
        return True
    if answers["event"] == Event.SEPARATION.value:
        separated = _date_or_none(answers.get("separation_date")) or offset_date(answers, today)
        age_at_separation = age - (offset_date(answers, today).year - separated.year)
        return age_at_separation in (54, 55)
    return False


def needs_plan_left(answers: Answers, today: dt.date) -> bool:
    """Whether to ask if someone whose plan ended also left the job: only when
    leaving in or after the year of 55 would remove the 10%."""
    if answers.get("event") != Event.PLAN_TERMINATION.value or "age" not in answers:
        return False
    unknowns = _probe_answers(answers, today)
    return unknowns is not None and unknowns.left_too


def needs_spouse(answers: Answers, today: dt.date) -> bool:
    """Whether to ask if the spouse is 65 or older: married filing jointly, on the
    brackets, and a spouse of 65 would change the tax (the larger deductions)."""
    if answers.get("filing_status") != FilingStatus.MARRIED_JOINT.value or "income" not in answers:
        return False
    if not _bracket_path(answers) or "age" not in answers or "event" not in answers:
        return False
    unknowns = _probe_answers(answers, today)
    return unknowns is not None and unknowns.spouse


def _safety_counts(safety_job: Any, event: Any, separation: Any) -> bool:
    # The exception is for leaving the job: someone who left it, or whose plan ended and who left it too.
    # The answer is kept if the event changes, and counts again if it changes back.
    return bool(safety_job) and (
        event == Event.SEPARATION.value or (event == Event.PLAN_TERMINATION.value and separation is not None)
    )


def needs_public_safety(answers: Answers, today: dt.date) -> bool:
    """Whether to ask if the job left was in public safety: only when that would waive the 10%
    (leaving in or after the year of 50, IRC 72(t)(10)), once the timing of leaving is known."""
    event = answers.get("event")
    if "age" not in answers:
        return False
    if event == Event.SEPARATION.value and not answered(answers, "left_when"):
        return False
    if event not in (Event.SEPARATION.value, Event.PLAN_TERMINATION.value):
        return False
    unknowns = _probe_answers(answers, today)
    return unknowns is not None and unknowns.safety


def needs_service(answers: Answers, today: dt.date) -> bool:
    """Whether to ask a public-safety employee's years of service: only when 25 of them
    would waive the 10% that leaving after 50 does not (IRC 72(t)(10) as amended by SECURE 2.0)."""
    if not _safety_counts(answers.get("public_safety"), answers.get("event"), answers.get("separation_date")) \
            or "age" not in answers:
        return False
    unknowns = _probe_answers(answers, today)
    return unknowns is not None and unknowns.service


def needs_left_date(answers: Answers, today: dt.date) -> bool:
    """Whether "within the last 12 months" is not enough: the 10% rests on leaving this
    year rather than last (the rule of 55), so the day of leaving is asked."""
    if answers.get("event") != Event.SEPARATION.value or "age" not in answers:
        return False
    if not answered(answers, "left_when") or answers.get("separation_date"):
        return False
    unknowns = _probe_answers(answers, today)
    return unknowns is not None and unknowns.left_date


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _state_tier_ahead(answers: Answers) -> tuple[str, int, Decimal] | None:
    """(state, age, amount) when the state's exclusion of retirement income grows at the age this person
    may reach by December 31 (Georgia: 62 and 65), which only the birthday settles."""
    state = answers.get("state")
    if not state:
        return None
    from calculator.parameters import state_rules

    age = int(answers.get("age", 0))
    for tier_age, amount in state_rules().exclusion_tiers.get(state, ()):
        if tier_age == age + 1:
            return state, tier_age, amount
    return None


def _birthday_prompt(ctx: Ctx) -> str:
    age = int(ctx.answers.get("age", 0))
    tier = _state_tier_ahead(ctx.answers)
    if tier is not None and not (age >= 64 and _bracket_path(ctx.answers)):  # on the brackets 65 is asked below
        state, tier_age, amount = tier
        return ctx._("🗓 When were you born? {state} excludes up to {amount} a year of retirement income once you are "
            "{age} by December 31, {year}, so the exact date decides your state tax.",
        ).format(state=state_name(ctx.texts, state), amount=ctx.texts.money_whole(amount), age=str(tier_age),
                 year=str(offset_date(ctx.answers, ctx.today).year))
    if age >= 64:
        return ctx._("🗓 When were you born? At 65 or older by the end of {year} your standard deduction is larger, "
            "so the exact date decides your tax.",
        ).format(year=str(offset_date(ctx.answers, ctx.today).year))
    if age >= 59:
        return ctx._("🗓 When were you born? The 10% early withdrawal tax stops at 59½, so at 59 the exact date decides it.",
        )
    if _safety_counts(ctx.answers.get("public_safety"), ctx.answers.get("event"), ctx.answers.get("separation_date")):
        return ctx._("🗓 When were you born? Leaving a public safety job in or after the year you turn 50 waives the "
            "10% tax, so the exact date decides it.",
        )
    state = ctx.answers.get("state")
    if state and ctx.answers.get("event") != Event.SEPARATION.value:
        from calculator import exclusion_age

        age_from = exclusion_age(state)
        if age_from is not None:  # the only other thing a birthday decides below 59
            return ctx._("🗓 When were you born? {state} does not tax retirement income once you are {age} by "
                "December 31, {year}, so the exact date decides your state tax.",
            ).format(state=state_name(ctx.texts, state), age=str(age_from),
                     year=str(offset_date(ctx.answers, ctx.today).year))
    return ctx._("🗓 When were you born? Leaving a job in or after the year you turn 55 waives the 10% tax, "
        "so the exact date decides it.",
    )


def _example_birth_date(ctx: Ctx) -> dt.date:
    # A date that fits the age given: a fixed example ("1966-08-20") would make
    # a 59-year-old 60 today, and copying its form would then be refused.
    age = int(ctx.answers.get("age", 59))
    return add_months(offset_date(ctx.answers, ctx.today), -(12 * age + 3))


def _which_year(missing: YearMissing, ctx: Ctx, *, latest: dt.date, ahead_days: int = 0) -> ParseError:
    """For a date typed without its year ("October 3"): the likely ones as buttons. The last such day on or
    before `latest` and the one a year earlier, and, where a day still to come can be meant (an offset
    the plan has announced), the next one within `ahead_days`."""
    days = [d for year in range(latest.year + 1, latest.year - 3, -1) if (d := missing.in_year(year)) is not None]
    ahead = [d for d in days if latest < d <= latest + dt.timedelta(days=ahead_days)][-1:]
    likely = ahead + [d for d in days if d <= latest][:2]
    if not likely:
        return missing
    error = ParseError(N_("Which year? Tap it, or send the date with its year, e.g. {example}."),
                       example=ctx.texts.typed_date(likely[0]))
    error.suggestions = tuple((ctx.texts.date(d), d.isoformat()) for d in likely)
    return error


def _date_example(ctx: Ctx, day: dt.date) -> str:
    """"For example: 12/10/1966 or December 10, 1966": the day as the language types and writes it."""
    return ctx._("For example: {typed} or {written}").format(
        typed=ctx.texts.typed_date(day), written=ctx.texts.long_date(day)
    )


def _birthday_example(ctx: Ctx) -> str:
    return _date_example(ctx, _example_birth_date(ctx))


def _parse_birthday(text: str, ctx: Ctx) -> Answers:
    if _is(text, _SKIP_WORDS):
        return {"birth_date": None}
    on = offset_date(ctx.answers, ctx.today)
    age = int(ctx.answers["age"])
    try:
        born = parse_date(text, locale=ctx.locale)
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
                         typed=ctx.texts.typed_date(_example_birth_date(ctx)), age=age) from None
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if years != age:
        raise ParseError(
            N_("That date makes you {years} on the day of the offset, but you said {age}. Please check it, or /back to change your age."),
            years=years,
            age=age,
        )
    return {"birth_date": born.isoformat()}


_STILL_THERE = "working"


def _plan_left_prompt(ctx: Ctx) -> str:
    if ctx.answers.get("public_safety"):
        return ctx._("🏢 Did you also leave that job, before the offset? In public safety, leaving in or after the year "
            "you turn 50 waives the 10% tax. Send the day you left, or tap the button if you still work there.",
        )
    return ctx._("🏢 Did you also leave that job, before the offset? Leaving in or after the year you turn 55 "
        "waives the 10% tax. Send the day you left, or tap the button if you still work there.",
    )


def _parse_plan_left(text: str, ctx: Ctx) -> Answers:
    folded = _fold(text)
    if folded == _STILL_THERE or _is(text, _SKIP_WORDS) or any(w in folded for w in _STILL_PHRASES):
        return {"separation_date": None, "separation_month": None}
    return _day_left(
        text, ctx,
        N_("That is after the offset ({offset}): the rule of 55 covers only what is paid out after you leave. "
           "Send an earlier day, or tap \"Still working there\"."),
    )  # fmt: skip


def _day_left(text: str, ctx: Ctx, after_offset: str) -> Answers:
    """A day of leaving the job, typed: on or before the offset (else `after_offset`), and plausible for the age.
    A month ("September 2025") does too: these questions are asked for the year it settles."""
    offset = offset_date(ctx.answers, ctx.today)
    month = month_said(text, today=ctx.today, latest=offset)
    try:
        left = month if month is not None else parse_date(text, locale=ctx.locale, today=ctx.today)
    except YearMissing as missing:
        raise _which_year(missing, ctx, latest=min(ctx.today, offset)) from None
    if left > offset:
        raise ParseError(after_offset, offset=ctx.texts.date(offset))
    _check_left_for_age(left, offset, ctx)
    return {"separation_date": left.isoformat(), "separation_month": True if month is not None else None}


def _left_on(updates: Answers, ctx: Ctx, otherwise: str) -> str:
    if updates["separation_date"] is None:
        return ctx._(otherwise)
    if updates.get("separation_month"):
        return ctx._("Left in {month}").format(month=ctx.texts.month(dt.date.fromisoformat(updates["separation_date"])))
    return ctx._("Left on {date}").format(date=ctx.texts.date(dt.date.fromisoformat(updates["separation_date"])))


# "Still working there", typed ("no" is among the skip words, matched whole).
_STILL_PHRASES = ("still work", "still there", "still employed", "sigo trabajando", "sigo ahi", "todavia trabajo",
                  "aun trabajo")  # fmt: skip


def _plan_left_ack(updates: Answers, ctx: Ctx) -> str:
    return _left_on(updates, ctx, N_("Still working there"))


def _left_date_prompt(ctx: Ctx) -> str:
    year = offset_date(ctx.answers, ctx.today).year
    if ctx.answers.get("public_safety"):
        return ctx._("📅 On what day did you leave the job? In public safety, leaving in or after the year you turn 50 "
            "waives the 10% tax, so whether you left in {year} or {previous} decides it.",
        ).format(year=str(year), previous=str(year - 1))
    return ctx._("📅 On what day did you leave the job? Leaving in or after the year you turn 55 waives the 10% tax, "
        "so whether you left in {year} or {previous} decides it.",
    ).format(year=str(year), previous=str(year - 1))


def _example_left_date(ctx: Ctx) -> dt.date:
    return add_months(offset_date(ctx.answers, ctx.today), -3)  # within the 12 months they said


def _left_date_example(ctx: Ctx) -> str:
    return _date_example(ctx, _example_left_date(ctx))


def _parse_left_date(text: str, ctx: Ctx) -> Answers:
    if _is(text, _SKIP_WORDS) or _is(text, _UNSURE_WORDS):
        return {"separation_date": None, "separation_month": None}
    return _day_left(text, ctx, N_("That day is after the offset ({offset}). Please send the day you left the job."))


def _left_date_ack(updates: Answers, ctx: Ctx) -> str:
    return _left_on(updates, ctx, N_("Skipped"))


# federal rate

UNSURE = "unsure"  # "not sure" of the rate: the brackets work it out (also from a one-liner's filing status and income)


def _brackets_known(ctx: Ctx) -> bool:
    """Whether the calculator has the offset year's brackets ("not sure" works them out)."""
    from calculator import SUPPORTED_BRACKET_YEARS

    return offset_date(ctx.answers, ctx.today).year in SUPPORTED_BRACKET_YEARS


def _rate_choices(ctx: Ctx) -> Rows:
    pct = ctx.texts.percent
    rows = (
        tuple(Choice(pct(Decimal(r)), button_data("rate", r)) for r in RATES[:4]),
        tuple(Choice(pct(Decimal(r)), button_data("rate", r)) for r in RATES[4:]),
    )
    if not _brackets_known(ctx):
        return rows
    return (*rows, (Choice(ctx._("Not sure: work it out"), button_data("rate", UNSURE)),))


def _rate_example(ctx: Ctx) -> str:
    if _brackets_known(ctx):
        if _social_security_needed({**ctx.answers, "federal_rate": None}):
            # A rate alone cannot show what the offset does to Social Security benefits (IRC 86): point to the way that can.
            return ctx._("Tap a rate or type one, e.g. 22%. Not sure, or on Social Security? Tap Not sure: I'll work "
                         "it out from your income and benefits.")
        return ctx._("Tap a rate or type one, e.g. 22%. Not sure? I'll work it out from your income.")
    return ctx._("Tap a rate or type one, e.g. 22%.")


# Also for one-liners with a filing status and income (conversations.quick).
NO_BRACKETS = N_("I have the tax brackets for {years} only, not {year}, the offset's year. Please send your rate, "
                 "e.g. 22% (your top bracket that year).")


def no_brackets_params(texts: Texts, year: int) -> dict[str, str]:
    """NO_BRACKETS's params for an offset in `year`: the years with brackets, listed for the locale."""
    from calculator import SUPPORTED_BRACKET_YEARS

    return {
        "years": format_list([str(y) for y in sorted(SUPPORTED_BRACKET_YEARS)], locale=texts.locale),
        "year": str(year),
    }


def _no_brackets_params(ctx: Ctx) -> dict[str, str]:
    return no_brackets_params(ctx.texts, offset_date(ctx.answers, ctx.today).year)


def _parse_rate(text: str, ctx: Ctx) -> Answers:
    if _fold(text) == UNSURE or _is(text, _UNSURE_WORDS):
        if not _brackets_known(ctx):
            raise Refused(NO_BRACKETS, **_no_brackets_params(ctx))
        return {"federal_rate": None}
    if RATE_RANGE.search(_fold(text)):
        if not _brackets_known(ctx):
            raise ParseError(N_("Please send one rate: your top bracket in the offset's year, e.g. 22%."))
        raise ParseError(N_("Which bracket you are in depends on your income, so please send one rate, or tap "
                            "\"Not sure\" and I'll work it out from your filing status and income."))
    return {"federal_rate": str(checked_federal_rate(text, ctx, unsure_button=True))}


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
    _refuse_fraction(rate, text, ctx, highest=37)
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


def _refuse_fraction(rate: Decimal, text: str, ctx: Ctx, *, highest: int) -> None:
    meant = fraction_as_percent(rate, text)
    if meant is not None and meant <= highest:
        pct = ctx.texts.percent
        raise ParseError(
            N_("I read that as {typed}, less than one percent. If you meant {meant}, please send {meant}."),
            typed=pct(rate), meant=pct(meant),
        )


def _rate_ack(updates: Answers, ctx: Ctx) -> str:
    if updates["federal_rate"] is None:
        return ctx._("Not sure: I'll work it out from your income.")
    return ctx.texts.percent(Decimal(updates["federal_rate"]))


# filing status (bracket path)

_FILING_LABELS = {
    FilingStatus.SINGLE: N_("Single"),
    FilingStatus.MARRIED_JOINT: N_("Married, filing jointly"),
    FilingStatus.MARRIED_SEPARATE: N_("Married, filing separately"),
    FilingStatus.HEAD_OF_HOUSEHOLD: N_("Head of household"),
    FilingStatus.QUALIFYING_SURVIVING_SPOUSE: N_("Qualifying surviving spouse"),
}


def filing_label(texts: Texts, status: FilingStatus) -> str:
    """"Single", "Married, filing jointly"...: the filing status as its button says it."""
    return texts.gettext(_FILING_LABELS[FilingStatus(status)])


def _bracket_path(answers: Answers) -> bool:
    return "federal_rate" in answers and answers["federal_rate"] is None


def _filing_choices(ctx: Ctx) -> Rows:
    return tuple(
        (Choice(ctx.texts.gettext(label), button_data("filing", status.value)),)
        for status, label in _FILING_LABELS.items()
    )


# "Widowed" alone is not a filing status: the year of death still allows a joint return,
# the two years after with a dependent child make a qualifying surviving spouse (IRC 2(a)),
# and otherwise single or head of household. So it is explained, not guessed.
_WIDOWED = re.compile(r"(?<![a-z])(?<!qualifying )(widow(ed|er)?|viud[oa])(?![a-z])")


def _parse_filing(text: str, ctx: Ctx) -> Answers:
    if _WIDOWED.search(_fold(text)):
        year = offset_date(ctx.answers, ctx.today).year
        raise ParseError(
            N_("Widowed? If your spouse died in {year}, you can still file jointly for {year}: tap \"Married, filing "
               "jointly\". If they died in {earlier} and your dependent child lives with you, tap \"Qualifying "
               "surviving spouse\". Otherwise tap Single, or Head of household if you keep up a home for a dependent."),
            year=str(year),
            earlier=format_list([str(year - 2), str(year - 1)], style="or", locale=ctx.texts.locale),
        )
    return {"filing_status": parse_filing_status(text).value}


# other income (bracket path)


# By (Social Security asked next, so left out here; the offset's year is past, this year or to come).
_INCOME_PROMPTS = {
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


def _year_not_over(ctx: Ctx, year: int) -> bool:
    """Whether the tax year is this year or one to come, so its questions are asked in the present tense."""
    return year >= ctx.today.year


def _income_prompt(ctx: Ctx) -> str:
    year = offset_date(ctx.answers, ctx.today).year  # the tax year is the offset's
    when = "now" if year == ctx.today.year else "ahead" if year > ctx.today.year else "past"
    template = _INCOME_PROMPTS[(_social_security_needed(ctx.answers), when)]
    return ctx._(template).format(year=str(year))


# A monthly, weekly or hourly figure read as the year's would understate the bracket.
_NOT_YEARLY = re.compile(r"(?<![a-z])(month|monthly|months|mo|/mo|mes|mensual|mensuales|week|weekly|semana|semanal|"
                         r"hour|hourly|hr|/hr|hora|por hora|biweekly|quincenal|paycheck|cheque)(?![a-z])")


_SOCIAL_SECURITY_WORDS = re.compile(r"social security|soc sec|\bssa\b|\bssdi\b|seguro social")


def _parse_income(text: str, ctx: Ctx) -> Answers:
    if _SOCIAL_SECURITY_WORDS.search(_fold(text)):
        if _social_security_needed(ctx.answers):
            raise ParseError(N_("Please send your other income without Social Security: I'll ask about your "
                                "benefits next, because they are taxed differently."))
        raise ParseError(N_("Please send your other income without Social Security benefits, e.g. 40000."))
    if _NOT_YEARLY.search(_fold(text)):
        if ctx.answers.get("event") == Event.SEPARATION.value:
            # Pay stopped when they left: twelve months of it would overstate the year.
            raise ParseError(N_("Please send your income for the whole year, e.g. 40000: what you earned before "
                                "leaving, plus any new job's pay or unemployment benefits."))
        raise ParseError(N_("Please send your income for the whole year, e.g. 60000 (a month's pay times 12)."))
    if _fold(text).strip(" .!") in _NO_INCOME_WORDS:
        return {"income": "0"}
    return {"income": str(parse_amount(text, locale=ctx.locale, allow_zero=True))}


_NO_INCOME_WORDS = frozenset({"none", "nothing", "zero", "no income", "nada", "ninguno", "ninguna", "cero",
                              "sin ingresos"})


# Social Security benefits (brackets; the offset can make up to 85% of them taxable, IRC 86)

_SPOUSE_AGE_GAP = 10  # on a joint return, a spouse this much older may already get benefits
_NONE = "none"
_NO_BENEFITS_WORDS = {"none", "no", "0", "nothing", "n", "nope", "not yet", "ninguno", "ninguna", "nada",
                      "no recibo", "todavia no", "aun no"}  # fmt: skip
_MONTHLY = re.compile(r"(?<![a-z])(month|monthly|mo|mes|mensual|mensuales)(?![a-z])")
_MONTHLY_WORDS = re.compile(r"(?:\b(?:i get|i receive|about|around|roughly|recibo|unos|como)\s+)|"
                            r"(?:\s*(?:a|per|each|every|/|al|por|cada)?\s*(?:month|monthly|mo|mes|mensual|mensuales)\b)")


def _social_security_needed(answers: Answers) -> bool:
    """On the brackets, from the age Social Security retirement benefits can start (62), or on a joint
    return when a somewhat older spouse could be getting them."""
    if not _bracket_path(answers) or "age" not in answers:
        return False
    from calculator.parameters import rules

    age, earliest = int(answers["age"]), rules().ss_age
    if answers.get("filing_status") == FilingStatus.MARRIED_JOINT.value:
        return age + _SPOUSE_AGE_GAP >= earliest
    return age >= earliest


# By (a joint return, the offset's year is this year).
_SOCIAL_SECURITY_PROMPTS = {
    (False, True): N_("🏦 Do you get Social Security benefits? If so, about how much in {year} in all? The offset "
                      "can make part of them taxable."),
    (True, True): N_("🏦 Do you or your spouse get Social Security benefits? If so, about how much in {year}, both "
                     "together? The offset can make part of them taxable."),
    (False, False): N_("🏦 Did you get Social Security benefits in {year}? If so, about how much in all? The offset "
                       "can make part of them taxable."),
    (True, False): N_("🏦 Did you or your spouse get Social Security benefits in {year}? If so, about how much, both "
                      "together? The offset can make part of them taxable."),
}


def _social_security_prompt(ctx: Ctx) -> str:
    year = offset_date(ctx.answers, ctx.today).year
    joint = ctx.answers.get("filing_status") == FilingStatus.MARRIED_JOINT.value
    return ctx._(_SOCIAL_SECURITY_PROMPTS[(joint, _year_not_over(ctx, year))]).format(year=str(year))


def _parse_social_security(text: str, ctx: Ctx) -> Answers:
    if _is(text, _NO_BENEFITS_WORDS):
        return {"social_security": "0", "social_security_monthly": None}
    if _is(text, _UNSURE_WORDS) or _is(text, _SKIP_WORDS - {"none", "no", "ninguno", "ninguna"}):
        # Not counted; the breakdown says what that leaves out.
        return {"social_security": None, "social_security_monthly": None}
    try:
        said_yes = parse_yes_no(text)
    except ParseError:
        said_yes = False
    if said_yes:
        raise ParseError(N_("About how much for the whole year? For example 24000 (box 5 of Form SSA-1099), "
                            "or 2000 a month."))
    folded = _fold(text)
    if _MONTHLY.search(folded):
        # Benefits are paid monthly, so people quote the month: taken as twelve of them, which the ack says.
        try:
            monthly = parse_amount(_MONTHLY_WORDS.sub(" ", folded), locale=ctx.locale)
        except ParseError:
            monthly = None
        if monthly is not None:
            return {"social_security": str(monthly * 12), "social_security_monthly": str(monthly)}
    if _NOT_YEARLY.search(folded):
        raise ParseError(N_("Please send the year's total, e.g. 24000 (it is in box 5 of Form SSA-1099)."))
    amount = parse_amount(text, locale=ctx.locale, allow_zero=True)
    if 0 < amount < 100:
        raise ParseError(N_("Please send the benefits in dollars for the whole year, e.g. 24000, or tap None."))
    return {"social_security": str(amount), "social_security_monthly": None}


def _social_security_ack(updates: Answers, ctx: Ctx) -> str:
    value = updates["social_security"]
    if value is None:
        return ctx._("Not counted")
    if Decimal(value) == 0:
        return ctx._("None")
    if updates.get("social_security_monthly"):
        return ctx._("{yearly} for the year (12 × {monthly}; /back to change)").format(
            yearly=ctx.texts.money(Decimal(value)), monthly=ctx.texts.money(Decimal(updates["social_security_monthly"]))
        )
    return ctx.texts.money(Decimal(value))


# spouse 65 or older (joint return on the brackets, only when it changes the tax)


def _spouse_prompt(ctx: Ctx) -> str:
    # 65 by the end of the tax year, where a 1 January birthday counts for the
    # year before (Pub. 501): born before 2 January, 64 years earlier.
    year = offset_date(ctx.answers, ctx.today).year
    return ctx._("🧓 Was your spouse born before {date}? Then they count as 65 or older for {year}, and a joint "
        "return's standard deduction is larger.",
    ).format(date=ctx.texts.long_date(dt.date(year - 64, 1, 2)), year=str(year))


def _yes_no_choices(step: str) -> Callable[[Ctx], Rows]:
    return lambda ctx: ((Choice(ctx._("Yes"), button_data(step, "yes")), Choice(ctx._("No"), button_data(step, "no"))),)


_spouse_choices = _yes_no_choices("spouse")


# Words around the answer: "she's 66", "my wife is 63", "yes he is", "born 1960".
_SPOUSE_WORDS = frozenset(
    "she he she's he's shes hes is isn't isnt was wasn't my wife husband spouse partner they they're are aren't years "
    "year old yrs mi esposa esposo pareja ella el es tiene tenia anos".split()
)


def _parse_spouse(text: str, ctx: Ctx) -> Answers:
    words = [w for w in _fold(text).replace(",", " ").strip(" .!").split() if w not in _SPOUSE_WORDS]
    rest = " ".join(words)
    year = offset_date(ctx.answers, ctx.today).year
    if rest.isdigit() and len(rest) <= 3:  # their age today, which is not yet their age at the end of the year
        at_year_end = int(rest) + (year - ctx.today.year)  # or one more, if the birthday is still to come
        if at_year_end >= _SENIOR or at_year_end + 1 < _SENIOR:
            return {"spouse_65": at_year_end >= _SENIOR}
        raise ParseError(N_("At {age} it depends on the birthday. Was your spouse born before {date}? Tap Yes or No."),
                         age=int(rest), date=ctx.texts.long_date(dt.date(year - 64, 1, 2)))
    if m := re.fullmatch(r"(?:born(?: in)?|nacio(?: en)?|nacido en|nacida en) (\d{4})", rest):
        if int(m[1]) != year - 64:
            return {"spouse_65": int(m[1]) < year - 64}
        raise ParseError(N_("Born in {year}: only a birthday on January 1 counts. Was it? Tap Yes or No."), year=m[1])
    try:
        return {"spouse_65": parse_yes_no(text)}
    except ParseError:
        raise ParseError(N_("Please answer yes or no (or send your spouse's age).")) from None


def _spouse_ack(updates: Answers, ctx: Ctx) -> str:
    return ctx._("Spouse 65 or older") if updates["spouse_65"] else ctx._("Spouse under 65")


# a public-safety job (only when it changes the 10%)


# The jobs the question names, said instead of yes ("I was a firefighter", "cop", "bombero").
_PUBLIC_SAFETY_JOBS = re.compile(
    r"(?<![a-z])(?:police|cop|sheriff|trooper|firefighter|fire fighter|fireman|emt|paramedic|corrections?|"
    r"correctional|policia|bombero|bombera|paramedico)(?![a-z])"  # not "officer" alone: a loan officer is not
)


def _parse_public_safety(text: str, ctx: Ctx) -> Answers:
    try:
        return {"public_safety": parse_yes_no(text)}
    except ParseError:
        if _PUBLIC_SAFETY_JOBS.search(_fold(text)):
            return {"public_safety": True}
        raise


def _public_safety_ack(updates: Answers, ctx: Ctx) -> str:
    return ctx._("Public safety job") if updates["public_safety"] else ctx._("Not a public safety job")


def _parse_service(text: str, ctx: Ctx) -> Answers:
    if _is(text, _SKIP_WORDS) or _is(text, _UNSURE_WORDS):
        return {"service_years": None}
    raw = re.sub(r"\s*(years?( of service)?|yrs?|anos( de servicio)?)$", "", _fold(text).strip(" .!"))
    # "25+", "over 25", "about 20": at least, or about, that many; "almost 25" is fewer.
    fewer = re.match(r"(?:almost|nearly|just under|casi) ", raw) is not None
    raw = re.sub(r"^(?:about|around|roughly|approximately|approx\.?|over|more than|at least|almost|nearly|just under|"
                 r"unos|cerca de|mas de|al menos|casi) |\+$", "", raw).strip()
    if fewer and raw.isdigit():
        raw = str(max(int(raw) - 1, 0))
    if not re.fullmatch(r"\d{1,3}", raw):
        raise ParseError(N_("Please send your years of service as a whole number, e.g. 25, or tap Not sure."))
    years = int(raw)
    if years > 60 or years > int(ctx.answers.get("age", 120)) - 14:
        raise ParseError(N_("{years} years of service doesn't fit your age. Please check it, e.g. 25, or tap Not sure."),
                         years=years)
    return {"service_years": years}


def _service_ack(updates: Answers, ctx: Ctx) -> str:
    years = updates["service_years"]
    if years is None:
        return ctx._("Not sure")
    return ctx.texts.ngettext("{count} year of service", "{count} years of service", years).format(count=years)


# state


def _state_choices(ctx: Ctx) -> Rows:
    return ((Choice(ctx._("Skip"), button_data("state", SKIP)),),)


def _parse_state(text: str, ctx: Ctx) -> Answers:
    if _is(text, _SKIP_WORDS):
        return {"state": None, "state_rate": None, "state_city": None}
    state, city = parse_place(text)
    return {"state": state, "state_rate": None, "state_city": city}


def _city_name(ctx: Ctx, city: str) -> str:
    return ctx._("New York City") if city == CITY_NYC else "Yonkers"


def _state_ack(updates: Answers, ctx: Ctx) -> str:
    if updates["state"] is None:
        return ctx._("No state")
    name = state_name(ctx.texts, updates["state"])
    if updates.get("state_city"):  # "NYC": the state, and the city whose income tax the rate question asks for
        name = ctx._("{state} ({city})").format(state=name, city=_city_name(ctx, updates["state_city"]))
    year = offset_date(ctx.answers, ctx.today).year
    rate = _law_rate(updates["state"], year)
    if rate is None:
        if _by_state_brackets({**ctx.answers, "state": updates["state"]}, ctx.today):
            # Not asked either: worked out from the filing status and income already given.
            return ctx._("{state} (I'll work its tax out by its brackets)").format(state=name)
        return name
    # Not asked: the state's law sets one rate on all income.
    return ctx._("{state} (its rate for {year}: {rate})").format(state=name, year=str(year), rate=ctx.texts.percent(rate))


def _law_rate(state: str, year: int) -> Decimal | None:
    return statutory_rate(state, year) if has_income_tax(state) else None


def _by_state_brackets(answers: Answers, today: dt.date) -> bool:
    """The state's tax is worked out by its own brackets (California): the federal tax is worked out by
    brackets, from a filing status and income, and the state's tables cover the year."""
    state = answers.get("state")
    return bool(
        state and not answers.get("state_rate") and has_income_tax(state) and _bracket_path(answers)
        and answers.get("filing_status") is not None and answers.get("income") is not None
        and has_brackets(state, offset_date(answers, today).year)
    )


def needs_state_rate(answers: Answers, today: dt.date, *, brackets: bool = True) -> bool:
    """Whether to ask the state's rate: it taxes 401(k) distributions, and not this person's
    (Iowa excludes retirement income from 55 by December 31), and neither its law (one rate on all
    income) nor (with `brackets`) its brackets and the answers so far settle it."""
    state = answers.get("state")
    if not state or not has_income_tax(state):
        return False
    if statutory_rate(state, offset_date(answers, today).year) is not None:
        return False  # one rate on all income, set by the state's law: nothing to ask
    if brackets and _by_state_brackets(answers, today):
        return False
    from calculator import exclusion_age

    if exclusion_age(answers["state"]) is None or "age" not in answers or "event" not in answers:
        return True
    unknowns = _probe_answers(answers, today)
    return unknowns is None or not unknowns.state_exempt


def _state_brackets_offer(ctx: Ctx) -> bool:
    """On the flat federal rate, whether "not sure" of the state's rate can switch to working both taxes out
    from the filing status and income (California, for the years its tables and the federal ones cover)."""
    state = ctx.answers.get("state")
    return bool(state) and not _bracket_path(ctx.answers) and _brackets_known(ctx) and has_brackets(
        state, offset_date(ctx.answers, ctx.today).year
    )


def _state_rate_choices(ctx: Ctx) -> Rows:
    skip = (Choice(ctx._("Skip"), button_data("state_rate", SKIP)),)
    if _state_brackets_offer(ctx):
        return ((Choice(ctx._("Not sure: work it out from my income"), button_data("state_rate", UNSURE)),), skip)
    return (skip,)


def _state_rate_prompt(ctx: Ctx) -> str:
    state = ctx.answers.get("state") or ""
    local = local_tax(state) if state else None
    if local is not None and local.kind == "county":  # every resident owes one: ask for both in one rate
        return ctx._("🏛 What is your {state} income tax rate, with your county's? (optional)").format(
            state=state_name(ctx.texts, state)
        )
    city = ctx.answers.get("state_city")
    if local is not None and city:  # they said they live in New York City or Yonkers
        prompt = (ctx._("🏛 What is your {state} income tax rate, with New York City's? (optional)") if city == CITY_NYC
                  else ctx._("🏛 What is your {state} income tax rate, with Yonkers'? (optional)"))
        return prompt.format(state=state_name(ctx.texts, state))
    return ctx._("🏛 What is your {state} income tax rate? (optional)").format(state=state_name(ctx.texts, state))


def _state_rate_example(ctx: Ctx) -> str:
    if _state_brackets_offer(ctx):
        return ctx._("For example: 5% or 9.3%. Not sure? I'll work it out from your filing status and income.")
    local = local_tax(ctx.answers.get("state") or "")
    if local is not None:
        pct = ctx.texts.percent
        params = {"state_rate": pct(local.example[0]), "local_rate": pct(local.example[1])}
        if local.kind == "county":
            return ctx._("For example: {state_rate} + {local_rate}, the state's rate and your county's. Tap Skip if "
                         "you don't know.").format(**params)
        if local.kind == "city" and ctx.answers.get("state_city") == CITY_NYC:
            return ctx._("For example: {state_rate} + {local_rate}, the state's rate and the city's. Tap Skip if you "
                         "don't know.").format(**params)
        if local.kind == "city" and ctx.answers.get("state_city") and local.surcharge is not None:
            # Yonkers: a share of the state tax, so at the example's state rate that share of it.
            params["local_rate"] = pct(local.example[0] * local.surcharge / 100)
            return ctx._("For example: {state_rate} + {local_rate}, the state's rate and Yonkers' ({surcharge} of "
                         "the state tax). Tap Skip if you don't know.").format(**params, surcharge=pct(local.surcharge))
        if local.kind == "city":
            return ctx._("For example: {state_rate}, or {state_rate} + {local_rate} if you live in New York City. "
                         "Tap Skip if you don't know.").format(**params)
        return ctx._("For example: {state_rate}, or {state_rate} + {local_rate} if your school district taxes "
                     "income. Tap Skip if you don't know.").format(**params)
    return ctx._("For example: 5% or 9.3%. Tap Skip if you don't know.")


def _state_rate_help(ctx: Ctx) -> str:
    text = ctx._(_HELP["state_rate"])
    local = local_tax(ctx.answers.get("state") or "")
    if local is None:
        return text
    pct = ctx.texts.percent
    params = {
        "state": state_name(ctx.texts, ctx.answers.get("state") or ""),
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


# Above it a state rate is a typo (California's top is 13.3%, New York City's with the state's 14.8%): the chat's
# question and one-line estimates refuse it alike.
STATE_RATE_MAX = 20
STATE_RATE_TOO_HIGH = N_("No state taxes income at more than about 14%. Please check the rate, e.g. 5%.")


def _parse_state_rate(text: str, ctx: Ctx) -> Answers:
    if (_fold(text) == UNSURE or _is(text, _UNSURE_WORDS)) and _state_brackets_offer(ctx):
        # Both taxes by brackets: the federal rate given gives way to the filing status and income asked next.
        return {"state_rate": None, "federal_rate": None}
    if _is(text, _SKIP_WORDS) or _is(text, _UNSURE_WORDS):
        return {"state_rate": None}
    rates = []
    # "4.75% + 3.2%": a state's rate and a local one (a county's, a city's), as the question suggests.
    for part in split_sum(text):
        rates.append(parse_percent(part, locale=ctx.locale))
        _refuse_fraction(rates[-1], part, ctx, highest=STATE_RATE_MAX)
    rate = sum(rates, Decimal(0))
    if rate > STATE_RATE_MAX:
        raise ParseError(STATE_RATE_TOO_HIGH)
    updates: Answers = {"state_rate": str(rate.normalize() + 0)}
    if len(rates) > 1:
        updates[SAID] = [str(r) for r in rates]  # for the acknowledgement only: "4.75% + 3.2% = 7.95%"
    return updates


def _state_rate_ack(updates: Answers, ctx: Ctx) -> str:
    if updates.get(SAID):
        parts = " + ".join(ctx.texts.percent(Decimal(r)) for r in updates[SAID])
        return f"{parts} = {ctx.texts.percent(Decimal(updates['state_rate']))}"
    if updates["state_rate"]:
        return ctx.texts.percent(Decimal(updates["state_rate"]))
    if "federal_rate" in updates:
        return ctx._("Not sure: I'll work out your federal and {state} tax from your filing status and income, "
                     "not a single rate.").format(state=state_name(ctx.texts, ctx.answers.get("state") or ""))
    return ctx._("Skipped")


def _always(answers: Answers) -> bool:
    return True


# What each question means and where the answer is, for "?", "help" or "not sure" (Step.help).

_HELP = {
    "balance": N_("💡 The unpaid balance, interest included, is on your latest 401(k) statement or the plan's "
        "website, with the loan's details. If the loan was already offset, the plan's notice shows the amount, and "
        "box 1 of the Form 1099-R includes it. A round figure such as 15k is fine for an estimate."),
    "event": N_("💡 Tap \"I left my job\" if you no longer work for the employer whose plan made the loan: "
        "quitting, a layoff, being fired and retiring all count. Tap \"The plan was terminated\" if the employer "
        "ended the 401(k) plan itself. Tap \"I missed payments\" if you still work there and the loan payments "
        "stopped. Have the Form 1099-R? Its box 7 code M means one of the first two, L the third."),
    "offset": N_("💡 The offset is the day the plan cancelled the unpaid loan by taking it out of your account. It "
        "usually comes soon after you leave, or when the grace period for missed payments ends. The plan's notice or "
        "your account history shows the day. If it hasn't happened yet, or you can't find it, tap \"Today, or not "
        "yet\" for an estimate as of today."),
    "missed": N_("💡 The first missed payment is the first one the plan didn't receive, e.g. the first paycheck "
        "without the loan deduction. Your loan statement or the plan's website lists the payments. If you don't "
        "know, tap Not sure."),
    "age": N_("💡 Your age on the day of the offset decides the 10% additional tax: none from 59½, or from 55 if "
        "you left the job in or after the year you turned 55. Send your age in years, e.g. 45, or your birth date, "
        "e.g. {born}."),
    "age_default": N_("💡 Your age on the day of the offset decides the 10% additional tax: there is none from 59½. "
        "Send your age in years, e.g. 45, or your birth date, e.g. {born}."),
    "left_when": N_("💡 If you left less than 12 months before the offset, tap the button: you can then roll it "
        "over until your tax return's extended due date. If it was longer ago, send the day you left, e.g. {typed}: "
        "the window is then only 60 days."),
    "plan_left": N_("💡 Leaving the job in or after the year you turned 55 (50 in public safety) means no 10% tax. "
        "If you still work for that employer, tap \"Still working there\". If you left, send the day, e.g. {typed}."),
    "birthday": N_("💡 Your age alone leaves open whether you had reached the age that counts (59½, or 55 or 65 in "
        "the year) on the right day; your birth date settles it. Tap Skip to see the estimate without it: it then "
        "says what the birthday could change."),
    "left_date": N_("💡 The day you left decides which year you left in, and leaving in or after the year you turned "
        "55 waives the 10% tax. Tap Skip to see the estimate without it: it then says what the day could change."),
    "public_safety": N_("💡 Police officers, firefighters, emergency medical workers, corrections officers and some "
        "federal officers (such as air traffic controllers and customs and border officers) owe no 10% tax on their "
        "government employer's plan if they leave in or after the year they turn 50, or after 25 years of service (IRC "
        "72(t)(10)); so do private-sector firefighters, from 2023. If that wasn't your job, tap No."),
    "service": N_("💡 Count the years you worked for that employer under its plan. If you don't know, tap Not sure: "
        "only the age rule is used then."),
    "rate": N_("💡 Your federal rate is the bracket your last dollar of taxable income falls in (10%, 12%, 22%, 24%, "
        "32%, 35% or 37%), not the share of your income paid in tax."),
    "filing": N_("💡 Pick the status you'll use on your federal return for the year of the offset: Single if you're "
        "unmarried, or one of the married ones. Head of household is for an unmarried person who pays more than half "
        "the cost of a home for a qualifying child or relative. If nothing changed, it is the one on last year's "
        "return."),
    "income": N_("💡 All your other income for the year before tax: wages, self-employment, interest, unemployment "
        "and other retirement money, but not this loan. A rough figure is fine; if the year looks like the last one, "
        "the total income on last year's Form 1040 (line 9) is a good guide. Send 0 if there is none."),
    "social_security": N_("💡 The year's benefits are in box 5 of Form SSA-1099. Or send the monthly benefit before "
        "any Medicare premium is taken out, e.g. \"1900 a month\". Tap None if there are none."),
    "spouse": N_("💡 At 65 or older, each spouse adds to a joint return's standard deduction (and, for 2025 to 2028, "
        "a senior deduction), so the tax is lower. Tap Yes if your spouse is that old by the end of the year, or "
        "send their age."),
    "state": N_("💡 The state you live in on the day of the offset taxes it, not the state where you worked. Tap Skip "
        "to leave state tax out."),
    "state_rate": N_("💡 Use your state's rate on your top income, from your last state return or the state's tax "
        "table. Tap Skip to leave state tax out."),
}


def _rate_help(ctx: Ctx) -> str:
    text = ctx._(_HELP["rate"])
    if _brackets_known(ctx):
        return text + " " + ctx._("If you don't know it, tap \"Not sure: work it out\": I'll ask how you file and "
                                  "your income, and work the tax out bracket by bracket.")
    return text + " " + ctx._(NO_BRACKETS).format(**_no_brackets_params(ctx))


def _help(name: str) -> Callable[[Ctx], str]:
    def text(ctx: Ctx) -> str:
        offset = offset_date(ctx.answers, ctx.today)
        key = "age_default" if name == "age" and ctx.answers.get("event") == Event.DEFAULT.value else name
        return ctx._(_HELP[key]).format(
            born=ctx.texts.typed_date(dt.date(ctx.today.year - 45, 5, 14)),
            typed=ctx.texts.typed_date(add_months(offset, -4)),
        )

    return text


STEPS: tuple[Step, ...] = (
    Step(
        name="balance",
        help=_help("balance"),
        needed=_always,
        prompt=lambda ctx: ctx._("💵 How much is still owed on the 401(k) loan (the unpaid balance)?"),
        example=lambda ctx: ctx._("For example: 15000, $15,000 or 15k"),
        choices=lambda ctx: (),
        parse=_parse_balance,
        fields=("balance",),
        ack=_balance_ack,
        placeholder="15000",
    ),
    Step(
        name="event",
        help=_help("event"),
        needed=_always,
        prompt=_event_prompt,
        example=_event_example,
        choices=_event_choices,
        parse=_parse_event,
        fields=("event",),
        ack=lambda u, ctx: event_label(ctx.texts, Event(u["event"])),
        expects_answer=False,
    ),
    Step(
        name="offset",
        help=_help("offset"),
        needed=_offset_needed,
        prompt=lambda ctx: ctx._("📆 When was the loan offset, the day the plan took the unpaid balance from your "
            "account? It sets the tax year and the deadline.",
        ),
        example=_offset_example,
        choices=_offset_choices,
        parse=lambda text, ctx: from_sentence(_parse_offset, text, ctx),
        fields=("offset_date",),
        ack=_offset_ack,
        placeholder=lambda ctx: _example_offset(ctx).isoformat(),
    ),
    Step(
        name="missed",
        help=_help("missed"),
        needed=_missed_needed,
        prompt=lambda ctx: ctx._("📅 When was the first loan payment you missed due? Your plan can give you until the "
            "end of the next calendar quarter to make it up, and then none of this is owed.",
        ),
        example=lambda ctx: ctx._("Type the date or just the month, e.g. {typed} or {month}, or tap Not sure").format(
            typed=ctx.texts.typed_date(_example_missed(ctx)), month=ctx.texts.month(_example_missed(ctx))
        ),
        choices=lambda ctx: ((Choice(ctx._("Not sure"), button_data("missed", SKIP)),),),
        parse=lambda text, ctx: from_sentence(_parse_missed, text, ctx),
        fields=("missed_payment_date", "missed_payment_month"),
        ack=_missed_ack,
        placeholder=lambda ctx: _example_missed(ctx).isoformat(),
    ),
    Step(
        name="age",
        help=_help("age"),
        needed=_always,
        prompt=_age_prompt,
        example=lambda ctx: ctx._("For example: 45"),
        choices=lambda ctx: (),
        parse=_parse_age,
        fields=("age",),
        ack=_age_ack,
        placeholder="45",
    ),
    Step(
        name="left_when",
        help=_help("left_when"),
        needed=_left_when_needed,
        prompt=lambda ctx: ctx._("📅 When did you leave? If the loan was offset more than 12 months after you left, "
            "the rollover deadline is much shorter.",
        ),
        example=lambda ctx: ctx._("Tap the button, or type the date you left, e.g. {typed}").format(
            typed=ctx.texts.typed_date(add_months(offset_date(ctx.answers, ctx.today), -4))
        ),
        choices=lambda ctx: ((Choice(_recent_label(ctx), button_data("left_when", _RECENT)),),),
        parse=_parse_left_when,
        fields=("separation_date", "offset_date"),
        ack=_left_when_ack,
        placeholder=lambda ctx: add_months(offset_date(ctx.answers, ctx.today), -4).isoformat(),
    ),
    Step(
        name="plan_left",
        help=_help("plan_left"),
        needed=lambda answers: False,  # decided by the engine with the clock (needs_plan_left)
        prompt=_plan_left_prompt,
        example=_left_date_example,
        choices=lambda ctx: ((Choice(ctx._("Still working there"), button_data("plan_left", _STILL_THERE)),),),
        parse=lambda text, ctx: from_sentence(_parse_plan_left, text, ctx),
        fields=("separation_date",),
        ack=_plan_left_ack,
        placeholder=lambda ctx: _example_left_date(ctx).isoformat(),
    ),
    Step(
        name="birthday",
        help=_help("birthday"),
        needed=lambda answers: False,  # decided by the engine with the clock (needs_birthday)
        prompt=_birthday_prompt,
        example=_birthday_example,
        choices=lambda ctx: ((Choice(ctx._("Skip"), button_data("birthday", SKIP)),),),
        parse=lambda text, ctx: from_sentence(_parse_birthday, text, ctx),
        fields=("birth_date",),
        ack=lambda u, ctx: ctx.texts.date(dt.date.fromisoformat(u["birth_date"])) if u["birth_date"] else ctx._("Skipped"),
        placeholder=lambda ctx: _example_birth_date(ctx).isoformat(),
    ),
    Step(
        name="left_date",
        help=_help("left_date"),
        needed=lambda answers: False,  # decided by the engine with the clock (needs_left_date)
        prompt=_left_date_prompt,
        example=_left_date_example,
        choices=lambda ctx: ((Choice(ctx._("Skip"), button_data("left_date", SKIP)),),),
        parse=lambda text, ctx: from_sentence(_parse_left_date, text, ctx),
        fields=("separation_date",),
        ack=_left_date_ack,
        placeholder=lambda ctx: _example_left_date(ctx).isoformat(),
    ),
    Step(
        name="public_safety",
        help=_help("public_safety"),
        needed=lambda answers: False,  # decided by the engine with the clock (needs_public_safety)
        prompt=lambda ctx: ctx._("🚒 Were you a firefighter, police officer, EMT, corrections officer or other public "
            "safety employee in that job? For them, leaving in or after the year they turn 50, or after 25 years of "
            "service, waives the 10% tax.",
        ),
        example=lambda ctx: ctx._("Tap Yes or No"),
        choices=_yes_no_choices("public_safety"),
        parse=_parse_public_safety,
        fields=("public_safety",),
        ack=_public_safety_ack,
        expects_answer=False,
    ),
    Step(
        name="service",
        help=_help("service"),
        needed=lambda answers: False,  # decided by the engine with the clock (needs_service)
        prompt=lambda ctx: ctx._("🎖 How many years of service under that employer's plan did you have when you left? "
            "After 25, leaving at any age waives the 10% tax.",
        ),
        example=lambda ctx: ctx._("For example: 25, or tap Not sure"),
        choices=lambda ctx: ((Choice(ctx._("Not sure"), button_data("service", SKIP)),),),
        parse=_parse_service,
        fields=("service_years",),
        ack=_service_ack,
        placeholder="25",
    ),
    Step(
        name="rate",
        help=_rate_help,
        needed=_always,
        prompt=lambda ctx: ctx._("🧾 What is your federal income tax rate (your top bracket)?"),
        example=_rate_example,
        choices=_rate_choices,
        parse=_parse_rate,
        fields=("federal_rate",),
        ack=_rate_ack,
        expects_answer=False,
    ),
    Step(
        name="filing",
        help=_help("filing"),
        needed=_bracket_path,
        prompt=lambda ctx: ctx._("👪 How will you file your tax return?"),
        example=lambda ctx: ctx._("Tap a button, or type e.g. single or jointly"),
        choices=_filing_choices,
        parse=_parse_filing,
        fields=("filing_status",),
        ack=lambda u, ctx: ctx.texts.gettext(_FILING_LABELS[FilingStatus(u["filing_status"])]),
        expects_answer=False,
    ),
    Step(
        name="income",
        help=_help("income"),
        needed=_bracket_path,
        prompt=_income_prompt,
        example=lambda ctx: ctx._("For example: 60000 or $60,000 (0 if none)"),
        choices=lambda ctx: (),
        parse=_parse_income,
        fields=("income", "filing_status"),  # "income is required with filing_status" is fixed here
        ack=lambda u, ctx: ctx.texts.money(Decimal(u["income"])),
        placeholder="60000",
    ),
    Step(
        name="social_security",
        help=_help("social_security"),
        needed=_social_security_needed,
        prompt=_social_security_prompt,
        example=lambda ctx: ctx._("For example: 24000 (box 5 of Form SSA-1099), or tap None"),
        choices=lambda ctx: ((Choice(ctx._("None"), button_data("social_security", _NONE)),),),
        parse=_parse_social_security,
        fields=("social_security",),
        ack=_social_security_ack,
        placeholder="24000",
    ),
    Step(
        name="spouse",
        help=_help("spouse"),
        needed=lambda answers: False,  # decided by the engine with the clock (needs_spouse)
        prompt=_spouse_prompt,
        example=lambda ctx: ctx._("Tap Yes or No, or send your spouse's age"),
        choices=_spouse_choices,
        parse=_parse_spouse,
        fields=("spouse_age",),
        ack=_spouse_ack,
        expects_answer=False,
    ),
    Step(
        name="state",
        help=_help("state"),
        needed=_always,
        prompt=lambda ctx: ctx._("🗺 Which state do you live in? (optional)"),
        example=lambda ctx: ctx._("For example: CA or California. Tap Skip to leave state tax out."),
        choices=_state_choices,
        parse=_parse_state,
        fields=("state",),
        ack=_state_ack,
        placeholder="CA",
    ),
    Step(
        name="state_rate",
        help=_state_rate_help,
        needed=lambda answers: False,  # decided by the engine with the clock (needs_state_rate)
        prompt=_state_rate_prompt,
        example=_state_rate_example,
        choices=_state_rate_choices,
        parse=_parse_state_rate,
        fields=("state_rate",),
        ack=_state_rate_ack,
        placeholder="5%",
    ),
)

BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
# What each step writes, cleared when an earlier answer makes the step be asked again.
_WRITES = {
    "balance": ("balance", FORM),
    "event": ("event", "left_hint"),
    "offset": ("offset_date",),
    "missed": ("missed_payment_date", "missed_payment_month"),
    "age": ("age", "birth_date"),
    "left_when": ("separation_date", "separation_month", "offset_date"),
    "plan_left": ("separation_date", "separation_month"),
    "birthday": ("birth_date",),
    "left_date": ("separation_date", "separation_month"),
    "public_safety": ("public_safety",),
    "service": ("service_years",),
    "rate": ("federal_rate",),
    "filing": ("filing_status",),
    "income": ("income",),
    "social_security": ("social_security", "social_security_monthly"),
    "spouse": ("spouse_65",),
    "state": ("state", "state_city"),
    "state_rate": ("state_rate",),
}
_ASKED = "asked"  # answers["asked"]: steps answered, so "skipped" (None) differs from "not asked"


def answered(answers: Answers, step: str) -> bool:
    return step in answers.get(_ASKED, ())


# updates[SAID]: how the answer was said, for its acknowledgement only; never stored.
SAID = "_said"


def record(answers: Answers, step: str, updates: Answers) -> Answers:
    """A new answers dict with the step's updates applied and the step marked answered."""
    new = dict(answers)
    new.update(updates)
    new.pop(SAID, None)
    asked = [s for s in new.get(_ASKED, []) if s != step]
    # Answers that depended on a changed one are asked again.
    for dependent in _DEPENDENTS.get(step, ()):
        if dependent in asked:
            asked.remove(dependent)
            for key in _WRITES[dependent]:
                new.pop(key, None)
    new[_ASKED] = [*asked, step]
    return new


# Steps whose answers an earlier answer invalidates (e.g. a new state wants a new state rate).
_DEPENDENTS: dict[str, tuple[str, ...]] = {
    # A new offset day: the follow-ups that hang on it are decided again.
    "offset": ("birthday", "left_date", "plan_left"),
    "missed": ("birthday", "left_date", "plan_left"),
    # The day of leaving does not clear the birthday: a birth date given stays true.
    "age": ("birthday", "left_date", "plan_left"),
    # Missed payments ask their own date. A day of the offset given before stays: it dates the distribution.
    "event": ("missed", "left_when", "plan_left", "birthday", "left_date"),
    "left_when": ("birthday", "left_date"),
    "rate": ("filing", "income", "social_security", "spouse"),
    "filing": ("social_security", "spouse"),
    "state": ("state_rate",),
    "public_safety": ("service",),
}


def next_step(answers: Answers, today: dt.date) -> str | None:
    """The first question still to ask, or None when everything needed is known."""
    for step in STEPS:
        if answered(answers, step.name):
            continue
        decide = _DECIDED_BY_ENGINE.get(step.name)
        if decide is not None:
            if decide(answers, today):
                return step.name
            continue
        if step.needed(answers):
            return step.name
    return None


# Steps asked only when the calculator says the answer changes the result.
_DECIDED_BY_ENGINE: dict[str, Callable[[Answers, dt.date], bool]] = {
    "plan_left": needs_plan_left,
    "birthday": needs_birthday,
    "left_date": needs_left_date,
    "spouse": needs_spouse,
    "public_safety": needs_public_safety,
    "service": needs_service,
    "state_rate": needs_state_rate,
}


def takes_given(answers: Answers, step: str, today: dt.date) -> bool:
    """Whether an answer a one-liner gave for `step` is kept: the step is on the path these answers take, or it
    is a state's rate typed in the line ("CA 9.3%"), which the brackets would otherwise work out."""
    if is_relevant(answers, step, today):
        return True
    return step == "state_rate" and needs_state_rate(answers, today, brackets=False)


def is_relevant(answers: Answers, step: str, today: dt.date) -> bool:
    """Whether `step` is part of the path these answers take (for buttons of old messages)."""
    decide = _DECIDED_BY_ENGINE.get(step)
    if decide is not None:
        return decide(answers, today) or answered(answers, step)
    return BY_NAME[step].needed(answers)


def build_input(answers: Answers, today: dt.date) -> OffsetInput:
    """The calculator's input from complete answers."""

    def dec(key: str) -> Decimal | None:
        value = answers.get(key)
        return Decimal(value) if value is not None else None

    federal_rate = dec("federal_rate")
    missed = missed_payment(answers)
    safety = _safety_counts(answers.get("public_safety"), answers.get("event"), answers.get("separation_date"))
    return OffsetInput(
        balance=Decimal(answers["balance"]),
        age=int(answers["age"]),
        birth_date=_date_or_none(answers.get("birth_date")),
        event=Event(answers["event"]),
        offset_date=offset_date(answers, today),
        missed_payment_date=missed,
        missed_payment_month=bool(answers.get("missed_payment_month")) and missed is not None,
        separation_date=_date_or_none(answers.get("separation_date")),
        separation_month=bool(answers.get("separation_month")) and bool(answers.get("separation_date")),
        federal_rate=federal_rate,
        filing_status=FilingStatus(answers["filing_status"]) if federal_rate is None else None,
        income=dec("income") if federal_rate is None else None,
        social_security=dec("social_security") if federal_rate is None else None,
        spouse_age=_spouse_age(answers.get("spouse_65"), answers.get("filing_status")) if federal_rate is None else None,
        state=answers.get("state"),
        state_rate=dec("state_rate") if answers.get("state") else None,
        public_safety=safety,
        service_years=answers.get("service_years") if safety else None,
        governmental_457b=bool(answers.get(PLAN_457B)),
    )


def step_for_field(field: str) -> str | None:
    for step in STEPS:
        if field in step.fields:
            return step.name
    return None
