"""What a one-line estimate says: its result (`QuickResult`, `TopicAnswer`, `Missing`), the examples, the
how-to text, and the short title and description an inline result shows above the full message.

Texts are English templates marked `_()`/`N_()` and translated with the
person's `Texts`; amounts are formatted for their locale.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.lists import format_list

from calculator.models import Breakdown, DistributionType, Event, OffsetInput
from conversations.i18n import N_, Texts
from conversations.questions.filing import filing_label
from conversations.replies import faq
from conversations.replies.breakdown import ASK_A_PROFESSIONAL

__all__ = [
    "EXAMPLE",
    "EXAMPLE_BRACKETS",
    "EXAMPLE_DATED",
    "EXAMPLE_MARRIED",
    "FIELDS",
    "FORM_NEEDS_DATE",
    "Missing",
    "QuickResult",
    "TopicAnswer",
    "description",
    "how_to_text",
    "missing",
    "problem",
    "summary",
    "topic_answer",
]

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
            _(ASK_A_PROFESSIONAL),
        ]
    )


def missing(texts: Texts, fields: tuple[str, ...], mention: str | None, *, empty: bool) -> Missing:
    """No estimate yet: what to add (`empty`, nothing given at all)."""
    _ = texts.gettext
    example = _(EXAMPLE)
    if empty:
        title = _("🧮 Quick estimate: type your numbers")
    else:
        what = format_list([_(_MISSING_LABELS[f]) for f in fields], locale=texts.locale)
        title = _("Add {missing} to get the estimate").format(missing=what)
    hint = _("Loan balance, age, why it came due and federal rate, e.g. {example}").format(example=example)
    return Missing(title, hint, how_to_text(texts, mention), missing=fields)


def problem(texts: Texts, what: str, mention: str | None, example: str = EXAMPLE) -> Missing:
    """No estimate: `what` was wrong, with an example of a line that works."""
    _ = texts.gettext
    hint = what + " " + _("For example: {example}").format(example=_(example))
    return Missing(_("🤔 I couldn't use that"), hint, how_to_text(texts, mention), problem=what)


def topic_answer(texts: Texts, topic: str) -> TopicAnswer:
    """A question about the rules, answered by its /faq topic."""
    body = faq.answer_body(topic, texts) or ""
    first = body.split("\n")[0]
    title = faq.heading(topic, texts)
    return TopicAnswer(title, first, title + "\n\n" + (faq.answer(topic, texts) or body))


def summary(texts: Texts, inputs: OffsetInput) -> str:
    """"Quick estimate for: $15,000.00, age 45, ...": what the line was read as, above its breakdown."""
    _ = texts.gettext
    parts = [
        texts.money(inputs.balance),
        _("age {age}").format(age=inputs.age),
        _(_EVENT_LABELS[inputs.event]),
    ]
    if inputs.federal_rate is not None:
        parts.append(_("{rate} federal rate").format(rate=texts.percent(inputs.federal_rate)))
    else:
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


def description(texts: Texts, b: Breakdown) -> str:
    """An inline result's two lines: the parts of the tax, then the way out (or that there is none)."""
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

