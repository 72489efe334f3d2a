"""A whole estimate from one line ("15000 45 left 22%"), for inline mode and any other one-shot front end.

    result = quick_estimate("15000 45 left 22%", "es", today)
    if isinstance(result, QuickResult):   # title "🧮 $4,800.00 ...", description (the parts), message (the breakdown)
        ...
    else:                                 # Missing: what to add (or what was wrong), and how to use it
        ...

Pure: no Telegram, no clock (the caller passes `today`), no store. What the
replies say is in quick_texts.py.

The one line needs the loan balance, the age, why the loan came due and the
federal tax rate. There is no default rate: a line without one gets a
`Missing` that asks for it (guessing a bracket would print a wrong total).
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationError

from calculator import SUPPORTED_BRACKET_YEARS, estimate
from calculator.models import Breakdown, Event, OffsetInput
from conversations.i18n import N_, Texts, texts_for
from conversations.public_safety import could_have_served, lowers_the_10_percent, service_years_needed
from conversations.questions.left_when import separation_said
from conversations.questions.rate import NO_BRACKETS, no_brackets_params
from conversations.questions.state_rate import STATE_RATE_MAX, STATE_RATE_TOO_HIGH
from conversations.reading import ParseError, QuickAnswers, parse_quick
from conversations.reading.form_1099r import CODE_M_IN_LINE
from conversations.reading.line import MARRIED_WHICH_IN_LINE
from conversations.replies.breakdown import breakdown_text
from conversations.replies.calculator_errors import localized_error
from conversations.replies.faq import topic_for_question
from conversations.replies.quick_texts import (
    EXAMPLE,
    EXAMPLE_DATED,
    EXAMPLE_MARRIED,
    FIELDS,
    FORM_NEEDS_DATE,
    Missing,
    QuickResult,
    TopicAnswer,
    description,
    missing,
    problem,
    summary,
    topic_answer,
)
from conversations.replies.wording import parse_error_text
from conversations.state.answers import Answers

__all__ = ["quick_estimate"]


def quick_estimate(
    text: str, locale: str | None, today: dt.date, *, mention: str | None = None
) -> QuickResult | Missing | TopicAnswer:
    """The estimate for a one-line query in the person's locale (a Telegram language code), as of `today`.

    `mention` ("@SomeBot") goes before the example in the how-to text.
    """
    texts = texts_for(locale)
    tag = locale or "en"
    if not text or not text.strip():
        return missing(texts, FIELDS, mention, empty=True)
    topic = topic_for_question(text)
    try:
        quick = parse_quick(text, locale=tag, today=today)
    except ParseError as err:
        if topic is not None:
            return topic_answer(texts, topic)
        return problem(texts, parse_error_text(texts, err), mention)
    if topic is not None and quick.balance is None:  # a question, not a line of numbers
        return topic_answer(texts, topic)
    offset = quick.offset_date or today  # a line without a date: today, and the summary says so
    refused = _incomplete(texts, quick, mention) or _out_of_range(texts, quick, offset, today, mention)
    if refused is not None:
        return refused
    left = _when_left(texts, quick, text, tag, today, offset, mention)
    if isinstance(left, Missing):
        return left
    try:
        inputs, breakdown, unasked = _estimate(quick, offset, left, today)
    except (ValidationError, ValueError) as err:
        return problem(texts, localized_error(texts, err)[1], mention)
    title = texts.gettext("🧮 {total} in tax on a {amount} loan offset").format(
        total=texts.money(breakdown.total_tax), amount=texts.money(breakdown.offset_amount)
    )
    # The first screen first (the inline article's first lines), then what the line was read as.
    message = breakdown_text(texts, breakdown, inputs, today=today, echo=summary(texts, inputs), **unasked)
    return QuickResult(title, description(texts, breakdown), message, breakdown, inputs)


def _given(quick: QuickAnswers) -> dict[str, object]:
    # A filing status and income stand in for the rate: the brackets work the federal tax out.
    rate = quick.income if quick.brackets() else quick.rate
    return {"balance": quick.balance, "age": quick.age, "event": quick.event, "rate": rate}


def _incomplete(texts: Texts, quick: QuickAnswers, mention: str | None) -> Missing | None:
    """What the line lacks: one of the FIELDS, which of the married statuses, a Form 1099-R's date."""
    if quick.married_unsaid():
        return problem(texts, texts.gettext(MARRIED_WHICH_IN_LINE), mention, EXAMPLE_MARRIED)
    given = _given(quick)
    absent = tuple(f for f in FIELDS if given[f] is None)
    if "event" in absent and quick.form_1099r == "m":  # the form's code says which two it can be
        return problem(texts, texts.gettext(CODE_M_IN_LINE), mention,
                       EXAMPLE if quick.offset_date is not None else EXAMPLE_DATED)
    if absent:
        return missing(texts, absent, mention, empty=quick.count() == 0)
    if quick.form_1099r is not None and quick.offset_date is None:
        return problem(texts, texts.gettext(FORM_NEEDS_DATE), mention, EXAMPLE_DATED)
    return None


def _out_of_range(
    texts: Texts, quick: QuickAnswers, offset: dt.date, today: dt.date, mention: str | None
) -> Missing | None:
    """A date, a rate or a year the estimate cannot take."""
    _ = texts.gettext
    if offset > dt.date(today.year + 1, 12, 31):
        return problem(texts, _(N_("That offset date is too far ahead. Please send a date within the next year.")), mention)
    if offset.year < 2000:
        return problem(texts, _(N_("That is too long ago for this estimate. Please check the year.")), mention)
    brackets = quick.brackets()  # a filing status and income, no rate: the brackets work the federal tax out
    if brackets and offset.year not in SUPPORTED_BRACKET_YEARS:
        return problem(texts, _(NO_BRACKETS).format(**no_brackets_params(texts, offset.year)), mention)
    rate = None if brackets else quick.rate
    if rate is not None and 0 < rate < 10:  # 0% stays possible: an offset under the standard deduction
        return problem(texts, _(N_("The lowest federal bracket is 10%. Please send your top bracket, e.g. 12%.")), mention)
    if rate is not None and rate > 37:
        return problem(texts, _(N_("The top federal rate is 37%. Please send your federal rate, e.g. 22%.")), mention)
    if quick.state_rate is not None and quick.state_rate > STATE_RATE_MAX:
        return problem(texts, _(STATE_RATE_TOO_HIGH), mention)
    return None


def _as_typed(phrase: str, text: str) -> str:
    """`phrase` (read from the folded line) as the person wrote it, where the line has it."""
    found = re.search(re.escape(phrase).replace(r"\ ", r"\s+"), text, re.IGNORECASE)
    return found[0] if found else phrase


def _when_left(
    texts: Texts, quick: QuickAnswers, text: str, tag: str, today: dt.date, offset: dt.date, mention: str | None
) -> Answers | Missing:
    """"laid off in September 2025": the month, or "within 12 months" when that is certain."""
    if not (quick.left_time and quick.event is Event.SEPARATION):
        return Answers()
    try:
        return separation_said(quick.left_time, texts, tag, today, offset, quick.age)
    except ParseError:
        # A date in the line is the offset's day, so the day they left cannot be added here: the chat asks it.
        return problem(texts, texts.gettext(N_(
            "When you left ({said}) may be more or less than 12 months before the offset, which changes the "
            "deadline. Send the line to me in a private chat and I'll ask the day you left."
        )).format(said=_as_typed(quick.left_time, text)), mention)


def _estimate(
    quick: QuickAnswers, offset: dt.date, left: Answers, today: dt.date
) -> tuple[OffsetInput, Breakdown, dict[str, bool]]:
    """The calculator's inputs and breakdown for the line, and what a question would have asked (see
    `breakdown_text`'s `public_safety_unasked` and `left_unasked`)."""
    rate = None if quick.brackets() else quick.rate
    inputs = OffsetInput(
        balance=quick.balance,
        age=quick.age,
        birth_date=quick.birth_date,
        event=quick.event,
        offset_date=offset,
        separation_date=left.separation_date,
        separation_month=bool(left.separation_month),
        federal_rate=rate,
        filing_status=quick.filing_status if rate is None else None,
        income=quick.income if rate is None else None,
        state=quick.state,
        state_rate=quick.state_rate,
        governmental_457b=quick.plan_457b,
    )
    breakdown = estimate(inputs, today=today)
    return inputs, breakdown, _unasked(quick, inputs, breakdown, offset, today)


def _unasked(
    quick: QuickAnswers, inputs: OffsetInput, breakdown: Breakdown, offset: dt.date, today: dt.date
) -> dict[str, bool]:
    """Nothing is asked here: say so when a public-safety job would waive the 10% (IRC 72(t)(10)), with 25
    years of service too (SECURE 2.0) at the ages where that can be; or, when the plan ended, having left
    the job in or after the year of 55."""
    safe: dict[str, object] = {"public_safety": True}
    if could_have_served(quick.age):
        safe["service_years"] = service_years_needed()
    left_unasked = False
    if quick.event is Event.PLAN_TERMINATION:  # the plan ended: either waiver needs leaving the job too
        safe["separation_date"] = offset
        # Having left in or after the year of 55 would waive it.
        left_unasked = lowers_the_10_percent(inputs, breakdown, today, separation_date=offset)
    safety_unasked = not left_unasked and quick.event in (Event.SEPARATION, Event.PLAN_TERMINATION) and (
        lowers_the_10_percent(inputs, breakdown, today, **safe)
    )
    return {"public_safety_unasked": bool(safety_unasked), "left_unasked": left_unasked}
