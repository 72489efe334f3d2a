"""A whole estimate from one line ("15000 45 left 22%"), for inline mode and any other one-shot front end.

    result = quick_estimate("15000 45 left 22%", "es", today)
    if isinstance(result, QuickResult):   # title "🧮 $4,800.00 ...", description (the parts), message (the breakdown)
        ...
    else:                                 # Missing: what to add (or what was wrong), and how to use it
        ...

Pure: no Telegram, no clock (the caller passes `today`), no store. Texts are
English templates marked `_()`/`N_()` and translated with the person's
`Texts`; amounts are formatted for their locale.

The one line needs the loan balance, the age, why the loan came due and the
federal tax rate. There is no default rate: a line without one gets a
`Missing` that asks for it (guessing a bracket would print a wrong total).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.lists import format_list
from pydantic import ValidationError

from calculator.models import Breakdown, DistributionType, Event, OffsetInput
from conversations import answers as qa
from conversations import render
from conversations.i18n import N_, Texts, texts_for
from conversations.parsing import CODE_M_IN_LINE, MARRIED_WHICH_IN_LINE, ParseError, QuickAnswers, parse_quick
from conversations.steps import NO_BRACKETS, STATE_RATE_MAX, STATE_RATE_TOO_HIGH, no_brackets_params

__all__ = ["EXAMPLE", "FIELDS", "Missing", "QuickResult", "how_to_text", "quick_estimate"]

#: What the one line must give, in the order it is asked for.
FIELDS = ("balance", "age", "event", "rate")

#: The example shown everywhere; translated (a Spanish example uses Spanish words the parser knows).
EXAMPLE = N_("15000 45 left 22%")
#: The same with a filing status and income instead of the rate (parsed back in each language by the tests).
EXAMPLE_BRACKETS = N_("15000 45 left single 60k income")
#: For "married" without jointly or separately (parsed back in each language by the tests too).
EXAMPLE_MARRIED = N_("15000 45 left married jointly 60k income")
# A Form 1099-R quoted in the line: the offset has happened, in the form's year, so the line needs its day.
EXAMPLE_DATED = N_("15000 45 left 22% 2025-11-03")
FORM_NEEDS_DATE = N_(
    "A Form 1099-R means the offset has happened, in the form's year: please add its date (the plan's notice or "
    "your account history shows it). Without it the estimate would be for today, with this year's tax and deadline."
)

_MISSING_LABELS = {
    "balance": N_("the loan balance"),
    "age": N_("your age"),
    "event": N_("why the loan came due (left your job, plan ended, stopped paying)"),
    "rate": N_("your federal tax rate (e.g. 22%), or your filing status and income (single 60k income)"),
}

_EVENT_LABELS = {
    Event.SEPARATION: N_("left the job"),
    Event.PLAN_TERMINATION: N_("the plan ended"),
    Event.DEFAULT: N_("stopped repaying"),
}


@dataclass(frozen=True, slots=True)
class QuickResult:
    """An estimate: a short `title` (with the total), a `description` (the parts) and the `message` to share."""

    title: str
    description: str
    message: str
    breakdown: Breakdown
    inputs: OffsetInput


@dataclass(frozen=True, slots=True)
class TopicAnswer:
    """A question about the rules ("what is a loan offset?"), answered by its /faq topic: `title` names it,
    `description` begins the answer, `message` (answer, sources, the way to a private estimate) is shared."""

    title: str
    description: str
    message: str


@dataclass(frozen=True, slots=True)
class Missing:
    """No estimate yet: `missing` names the FIELDS not given (empty when `problem` says what was wrong).

    `title` says what to add (or what went wrong), `description` gives the
    example, `message` is the how-to text.
    """

    title: str
    description: str
    message: str
    missing: tuple[str, ...] = ()
    problem: str | None = None


def how_to_text(texts: Texts, mention: str | None = None) -> str:
    """How to get a one-line estimate; `mention` ("@SomeBot") is put before the example when given."""
    _ = texts.gettext
    example = _(EXAMPLE)
    if mention:
        example = f"{mention} {example}"
    return "\n\n".join(
        [
            _(
                "🧮 A quick 401(k) loan offset estimate in one line: the loan balance, your age, why the loan "
                "came due (left your job, plan ended, stopped paying) and your federal tax rate."
            ),
            _("For example: {example}").format(example=example),
            _("If the offset was not today, add its date: {example} 2025-11-03").format(example=example),
            _("Not sure of your rate? Give your filing status and income instead, and I'll work it out by the "
              "brackets: {example}").format(example=f"{mention} {_(EXAMPLE_BRACKETS)}" if mention else _(EXAMPLE_BRACKETS)),
            _("For state tax, add your state and its rate: {example} CA 9.3%").format(example=example),
            _("👩‍💼 This is an estimate, not tax advice: confirm with a tax professional before you act."),
        ]
    )


def _problem_text(texts: Texts, err: ParseError) -> str:
    params = {
        k: texts.gettext(v) if isinstance(v, str) else render.format_param(texts, k, v) for k, v in err.params.items()
    }
    try:
        return texts.gettext(err.template).format(**params)
    except (KeyError, IndexError, ValueError):
        return str(err)


def _missing(texts: Texts, fields: tuple[str, ...], mention: str | None, *, empty: bool) -> Missing:
    _ = texts.gettext
    example = _(EXAMPLE)
    if empty:
        title = _("🧮 Quick estimate: type your numbers")
    else:
        what = format_list([_(_MISSING_LABELS[f]) for f in fields], locale=texts.locale)
        title = _("Add {missing} to get the estimate").format(missing=what)
    description = _("Loan balance, age, why it came due and federal rate, e.g. {example}").format(example=example)
    return Missing(title, description, how_to_text(texts, mention), missing=fields)


def _problem(texts: Texts, problem: str, mention: str | None, example: str = EXAMPLE) -> Missing:
    _ = texts.gettext
    description = problem + " " + _("For example: {example}").format(example=_(example))
    return Missing(_("🤔 I couldn't use that"), description, how_to_text(texts, mention), problem=problem)


def _topic_answer(texts: Texts, topic: str) -> TopicAnswer:
    body = qa.answer_body(topic, texts) or ""
    first = body.split("\n")[0]
    title = qa.heading(topic, texts)
    return TopicAnswer(title, first, title + "\n\n" + (qa.answer(topic, texts) or body))


def _given(quick: QuickAnswers) -> dict[str, object]:
    # A filing status and income stand in for the rate: the brackets work the federal tax out.
    rate = quick.income if quick.brackets() else quick.rate
    return {"balance": quick.balance, "age": quick.age, "event": quick.event, "rate": rate}


def _as_typed(phrase: str, text: str) -> str:
    """`phrase` (read from the folded line) as the person wrote it, where the line has it."""
    found = re.search(re.escape(phrase).replace(r"\ ", r"\s+"), text, re.IGNORECASE)
    return found[0] if found else phrase


def _summary(texts: Texts, inputs: OffsetInput) -> str:
    _ = texts.gettext
    parts = [
        texts.money(inputs.balance),
        _("age {age}").format(age=inputs.age),
        _(_EVENT_LABELS[inputs.event]),
    ]
    if inputs.federal_rate is not None:
        parts.append(_("{rate} federal rate").format(rate=texts.percent(inputs.federal_rate)))
    else:
        from conversations.steps import filing_label

        parts.append(_("{status}, {income} of other income").format(
            status=filing_label(texts, inputs.filing_status), income=texts.money(inputs.income)
        ))
    if inputs.state:
        parts.append(inputs.state if inputs.state_rate is None else _("{state} at {rate}").format(
            state=inputs.state, rate=texts.percent(inputs.state_rate)
        ))
    if inputs.separation_date is not None:
        parts.append(_("left in {month}").format(month=texts.month(inputs.separation_date)) if inputs.separation_month
                     else _("left on {date}").format(date=texts.date(inputs.separation_date)))
    if inputs.governmental_457b:
        parts.append(_("a governmental 457(b) plan"))
    # The day of the offset sets the tax year: said, whether typed or taken as today.
    parts.append(_("offset on {date}").format(date=texts.date(inputs.offset_date)))
    return _("Quick estimate for: {answers}").format(answers=", ".join(parts))


def _description(texts: Texts, b: Breakdown) -> str:
    _ = texts.gettext
    money = texts.money
    parts = [_("Federal tax {amount}").format(amount=money(b.federal_income_tax))]
    if b.early_withdrawal_penalty > 0:
        parts.append(_("10% early withdrawal tax {amount}").format(amount=money(b.early_withdrawal_penalty)))
    state = b.state_income_tax + b.state_additional_tax
    if state > 0:
        parts.append(_("state tax {amount}").format(amount=money(state)))
    first = " + ".join(parts)
    if b.early_withdrawal_penalty == 0 and b.penalty_exception is not None:
        # Said, not left out: an exception is news. "+ 10% early withdrawal tax $0.00" read like a tax to pay.
        first += "; " + _("no 10% early withdrawal tax")
    remaining = b.offset_amount - b.rolled_over
    if b.rollover_eligible and b.rollover_deadline is not None and remaining > 0:
        second = _("Avoid it: deposit {amount} in an IRA by {date}").format(
            amount=money(remaining), date=texts.date(b.rollover_deadline)
        )
    elif b.distribution_type is DistributionType.DEEMED_DISTRIBUTION:
        # A one-liner has no payment date, so no cure deadline: the way out the breakdown names, in the line
        # people read first.
        second = _("Can't be rolled over; catching up on missed payments in time avoids it")
    elif not b.rollover_eligible and b.rollover_deadline is not None:
        second = _("The rollover deadline, {date}, has passed").format(date=texts.date(b.rollover_deadline))
    else:
        second = ""
    return first + ("\n" + second if second else "")


def quick_estimate(
    text: str, locale: str | None, today: dt.date, *, mention: str | None = None
) -> QuickResult | Missing | TopicAnswer:
    """The estimate for a one-line query in the person's locale (a Telegram language code), as of `today`.

    `mention` ("@SomeBot") goes before the example in the how-to text.
    """
    texts = texts_for(locale)
    tag = locale or "en"
    if not text or not text.strip():
        return _missing(texts, FIELDS, mention, empty=True)
    topic = qa.topic_for_question(text)
    try:
        quick = parse_quick(text, locale=tag, today=today)
    except ParseError as err:
        if topic is not None:
            return _topic_answer(texts, topic)
        return _problem(texts, _problem_text(texts, err), mention)
    if topic is not None and quick.balance is None:  # a question, not a line of numbers
        return _topic_answer(texts, topic)
    if quick.married_unsaid():
        return _problem(texts, texts.gettext(MARRIED_WHICH_IN_LINE), mention, EXAMPLE_MARRIED)
    given = _given(quick)
    absent = tuple(f for f in FIELDS if given[f] is None)
    if "event" in absent and quick.form_1099r == "m":  # the form's code says which two it can be
        return _problem(texts, texts.gettext(CODE_M_IN_LINE), mention,
                        EXAMPLE if quick.offset_date is not None else EXAMPLE_DATED)
    if absent:
        return _missing(texts, absent, mention, empty=quick.count() == 0)
    if quick.form_1099r is not None and quick.offset_date is None:
        return _problem(texts, texts.gettext(FORM_NEEDS_DATE), mention, EXAMPLE_DATED)
    offset = quick.offset_date or today  # a line without a date: today, and the summary says so
    if offset > dt.date(today.year + 1, 12, 31):
        return _problem(texts, texts.gettext(N_("That offset date is too far ahead. Please send a date within the next year.")), mention)
    if offset.year < 2000:
        return _problem(texts, texts.gettext(N_("That is too long ago for this estimate. Please check the year.")), mention)
    from calculator import SUPPORTED_BRACKET_YEARS

    brackets = quick.brackets()  # a filing status and income, no rate: the brackets work the federal tax out
    if brackets and offset.year not in SUPPORTED_BRACKET_YEARS:
        return _problem(texts, texts.gettext(NO_BRACKETS).format(**no_brackets_params(texts, offset.year)), mention)
    rate = None if brackets else quick.rate
    if rate is not None and 0 < rate < 10:  # 0% stays possible: an offset under the standard deduction
        return _problem(texts, texts.gettext(N_("The lowest federal bracket is 10%. Please send your top bracket, e.g. 12%.")), mention)
    if rate is not None and rate > 37:
        return _problem(texts, texts.gettext(N_("The top federal rate is 37%. Please send your federal rate, e.g. 22%.")), mention)
    if quick.state_rate is not None and quick.state_rate > STATE_RATE_MAX:
        return _problem(texts, texts.gettext(STATE_RATE_TOO_HIGH), mention)
    left: dict = {}
    if quick.left_time and quick.event is Event.SEPARATION:
        # "laid off in September 2025": the month, or "within 12 months" when that is certain.
        from conversations.steps import separation_said

        try:
            left = separation_said(quick.left_time, texts, tag, today, offset, quick.age)
        except ParseError:
            # A date in the line is the offset's day, so the day they left cannot be added here: the chat asks it.
            return _problem(texts, texts.gettext(N_(
                "When you left ({said}) may be more or less than 12 months before the offset, which changes the "
                "deadline. Send the line to me in a private chat and I'll ask the day you left."
            )).format(said=_as_typed(quick.left_time, text)), mention)
    try:
        from calculator import estimate

        inputs = OffsetInput(
            balance=quick.balance,
            age=quick.age,
            birth_date=quick.birth_date,
            event=quick.event,
            offset_date=offset,
            separation_date=left.get("separation_date"),
            separation_month=bool(left.get("separation_month")),
            federal_rate=rate,
            filing_status=quick.filing_status if rate is None else None,
            income=quick.income if rate is None else None,
            state=quick.state,
            state_rate=quick.state_rate,
            governmental_457b=quick.plan_457b,
        )
        breakdown = estimate(inputs, today=today)
        # Nothing is asked here: say so when a public-safety job would waive the 10% (IRC 72(t)(10)).
        # With 25 years of service too (SECURE 2.0), at the ages where that can be.
        from conversations.public_safety import could_have_served, lowers_the_10_percent, service_years_needed

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
    except (ValidationError, ValueError) as err:
        from conversations.calc_errors import localized_error

        return _problem(texts, localized_error(texts, err)[1], mention)
    total = texts.money(breakdown.total_tax)
    title = texts.gettext("🧮 {total} in tax on a {amount} loan offset").format(
        total=total, amount=texts.money(breakdown.offset_amount)
    )
    message = _summary(texts, inputs) + "\n\n" + render.breakdown_text(
        texts, breakdown, inputs, today=today, public_safety_unasked=safety_unasked, left_unasked=left_unasked
    )
    return QuickResult(title, _description(texts, breakdown), message, breakdown, inputs)
