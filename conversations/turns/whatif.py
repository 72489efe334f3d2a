"""After the breakdown: its what-if buttons (a rollover, another federal rate, a public safety job, a 457(b)
plan, why these numbers), the same said in words, and a later offset day typed under it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from calculator.models import Event, OffsetInput
from conversations import flow
from conversations.api import Reply
from conversations.questions.rate import checked_federal_rate
from conversations.reading import ParseError, parse_amount
from conversations.reading.whatif import TYPED_ROLLOVER, without_what_if
from conversations.replies.buttons import MORE, all_whatif_choices, rate_choices, remind_label
from conversations.replies.calculator_errors import localized_error
from conversations.replies.conditional_notes import why_lines
from conversations.replies.facts import Facts
from conversations.replies.why import rules_texts
from conversations.state.conversation import DONE, WHATIF_RATE
from conversations.turns.commands import start
from conversations.turns.context import Turn
from conversations.turns.faq import typed_question
from conversations.turns.progress import advance, show_estimate
from conversations.turns.reminders import remind

_CENT = Decimal("0.01")
_RATE_PLACES = Decimal("0.000001")
_ROLLOVERS = ("all", "half", "none", "amount")

#: What a what-if changes in the estimate's inputs and the title over its breakdown; or the reply instead.
Change = tuple[dict[str, Any], str] | list[Reply]


def whatif(turn: Turn, estimate_id: str, what: str, value: str) -> list[Reply]:
    inputs = turn.state.estimate(estimate_id)
    if inputs is None:
        return [Reply(turn._("That estimate is no longer kept. Start a new one?"), choices=turn.start_choice())]
    if what in _ROLLOVERS and inputs.event is Event.DEFAULT:
        return [Reply(turn._("A deemed distribution can't be rolled over, so that what-if doesn't apply."))]
    if what == "rate":
        return _ask_rate(turn, estimate_id)
    if what == MORE:
        return _more(turn, estimate_id, inputs)
    if what == "why":
        from calculator import estimate

        breakdown = estimate(inputs, today=turn.today)
        first = why_lines(Facts.of(turn.texts, breakdown, inputs, turn.today))
        return [Reply(text) for text in rules_texts(turn.texts, breakdown, first)]
    change = _CHANGES.get(what)
    if change is None:
        return [Reply(turn._("🤷 That button no longer works."))]
    changed = change(turn, inputs, value)
    if isinstance(changed, list):
        return changed
    changes, title = changed
    in_progress = turn.in_conversation()
    try:
        updated = OffsetInput.model_validate({**inputs.model_dump(), **changes})
        replies = show_estimate(turn, updated, title=title, after_done=False)
    except (ValidationError, ValueError) as err:
        return [Reply("⚠️ " + localized_error(turn.texts, err)[1])]
    if turn.step == WHATIF_RATE:
        turn.state.step = DONE
        turn.state.whatif = None
    if in_progress:
        # The what-if came from an older message; keep the question in hand visible.
        replies += turn.current_question(turn._("Back to where we were:"))
    return replies


def _more(turn: Turn, estimate_id: str, inputs: OffsetInput) -> list[Reply]:
    """"➕ More…": every what-if of the estimate, in place of the few under its breakdown."""
    from calculator import estimate

    breakdown = estimate(inputs, today=turn.today)
    remind = remind_label(turn.texts, breakdown, turn.today)
    choices = all_whatif_choices(turn.texts, breakdown, inputs, int(estimate_id), remind=remind)
    return [Reply(turn._("➕ Every what-if for this estimate:"), choices=choices, replaces_keyboard=True)]


def _ask_rate(turn: Turn, estimate_id: str) -> list[Reply]:
    if not turn.in_conversation():
        turn.state.step = WHATIF_RATE
        turn.state.whatif = estimate_id
    return [
        Reply(
            turn._("🧾 Which federal rate should I try? Tap one or type it, e.g. 24%"),
            choices=rate_choices(turn.texts, int(estimate_id)),
            expects_answer=not turn.in_conversation(),
            placeholder="24%",
        )
    ]


def _roll_all(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    return {"rollover": inputs.balance}, turn._("🔁 What if you roll over all of it:")


def _roll_half(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    half = (inputs.balance / 2).quantize(_CENT, rounding=ROUND_HALF_UP)
    return {"rollover": half}, turn._("🔁 What if you roll over half:")


def _roll_none(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    return {"rollover": Decimal(0)}, turn._("↩️ Without a rollover:")


def _roll_amount(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    from calculator import estimate

    if not estimate(inputs, today=turn.today).rollover_eligible:
        return [Reply(turn._("The rollover deadline has passed, so that what-if doesn't apply."))]
    try:
        amount = Decimal(value)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount <= 0:  # only a forged button gets here: the text path parsed it
        return [Reply(turn._("🤷 That button no longer works."))]
    if amount > inputs.balance:
        return [Reply("🤔 " + turn._("That is more than the loan, {balance}: a rollover can be up to the "
                                    "offset, not more.").format(balance=turn.texts.money(inputs.balance)))]
    return {"rollover": amount}, turn._("🔁 What if you roll over {amount}:").format(amount=turn.texts.money(amount))


def _public_safety(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    from conversations.public_safety import service_years_needed

    years = service_years_needed()
    title = turn._("🚒 What if you left a public safety job after {years} years of service:").format(years=years)
    return {"public_safety": True, "service_years": years}, title


def _plan_457b(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    return {"governmental_457b": True}, turn._("🏛 If the loan is from a governmental 457(b) plan:")


def _federal_rate(turn: Turn, inputs: OffsetInput, value: str) -> Change:
    try:
        rate = checked_federal_rate(value, turn.ctx(), unsure_button=False)
    except ParseError as err:
        return [Reply("🤔 " + turn.error_text(err))]
    # A flat rate replaces the brackets, and with them what they count (Social Security benefits).
    changes: dict[str, Any] = {"federal_rate": rate, "filing_status": None, "income": None, "social_security": None}
    if inputs.state and inputs.state_rate is None and inputs.filing_status is not None:
        from calculator import estimate

        before = estimate(inputs, today=turn.today)
        if before.state_brackets_year is not None and before.taxable_amount > 0:
            # California's tax came from its brackets, which need the income the flat rate drops: keep it,
            # as the rate it came to on the offset (six decimals: the same cents; shown as 7.57%).
            changes["state_rate"] = (before.state_income_tax * 100 / before.taxable_amount).quantize(_RATE_PLACES)
    return changes, turn._("🧾 What if your federal rate is {rate}:").format(rate=turn.texts.percent(rate))


_CHANGES = {
    "all": _roll_all,
    "half": _roll_half,
    "none": _roll_none,
    "amount": _roll_amount,
    "ps": _public_safety,
    "457": _plan_457b,
    "r": _federal_rate,
}


# --- said in words under the breakdown ----------------------------------------------------


async def typed_button(turn: Turn, said: str) -> list[Reply]:
    """A button under the breakdown, said in words: "why?", "remind me", "new estimate", or thanks."""
    last = turn.state.last_estimate_id()
    if said == "new":
        return start(turn)
    if said == "thanks" or last is None:
        return [Reply(turn._("🙂 You're welcome. Confirm with a tax professional before you act."),
                      choices=turn.start_choice())]
    if said == "why":
        return whatif(turn, last, "why", "")
    return await remind(turn, last)


def typed_rate(turn: Turn, text: str) -> list[Reply]:
    """The federal rate typed after "Which federal rate should I try?"."""
    try:
        rate = checked_federal_rate(text, turn.ctx(), unsure_button=False)
    except ParseError as err:
        return [
            Reply(
                "🤔 " + turn.error_text(err) + "\n\n" + turn._("Which federal rate should I try? For example: 24%"),
                choices=rate_choices(turn.texts, int(turn.state.whatif)),
                expects_answer=True,
                placeholder="24%",
            )
        ]
    return whatif(turn, str(turn.state.whatif), "r", str(rate))


def text_after_estimate(turn: Turn, text: str) -> list[Reply]:
    last = turn.state.last_estimate_id()
    if last is not None and (typed := TYPED_ROLLOVER.search(text)):
        # "I can roll over 5000": the what-if the two rollover buttons give, for the amount said.
        try:
            amount = parse_amount(typed["amount"], locale=turn.locale)
        except ParseError as err:
            return [Reply("🤔 " + turn.error_text(err))]
        return whatif(turn, last, "amount", str(amount))
    if (moved := _offset_day_after_estimate(turn, text)) is not None:
        return moved
    typed = text
    text = without_what_if(text)  # "what if 24%?", "¿y si 24%?": the rate
    if last is not None and "%" in text:
        try:
            rate = checked_federal_rate(text, turn.ctx(), unsure_button=False)
        except ParseError as err:
            if "%" in text.strip()[-2:]:  # a rate, but not one that can be a bracket: say why
                return [Reply("🤔 " + turn.error_text(err))]
        else:
            return whatif(turn, last, "r", str(rate))
    if (asked := typed_question(turn, typed)) is not None:  # "what's the deadline?" under the estimate
        return asked
    return [
        Reply(
            turn._("Your estimate is above. Tap a what-if button under it, or start a new estimate."),
            choices=turn.start_choice(),
        )
    ]


def _offset_day_after_estimate(turn: Turn, text: str) -> list[Reply] | None:
    """A date typed under an estimate dated today ("11/3/2026"): the offset's day, as the breakdown asks
    when last year's Form 1099-R may be for it. The estimate is made again, with any question the new day
    reopens (the age on it, when they left). None: not such a date."""
    answers = turn.answers
    if answers.offset_date is not None or not answers.answered("offset") or answers.event is Event.DEFAULT:
        return None
    step = flow.BY_NAME["offset"]
    try:
        update = step.parse(text, turn.ctx())
    except ParseError:
        return None
    if update.offset_date is None:  # "today" again
        return None
    left = answers.separation_date
    if left and update.offset_date < left:  # before they left: not the offset's day
        return None
    turn.state.record("offset", update)
    return advance(turn, step.ack(update, turn.ctx()))
