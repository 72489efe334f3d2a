"""The breakdown as a phone-sized plain-text message, and its what-if buttons.

Plain text only (no HTML/Markdown), so nothing needs escaping and nothing a
person typed can change how it shows. Amounts go through babel for the
person's locale; the calculator's rule notes are translated from their
templates, with params formatted here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from calculator import exclusion_age, has_income_tax, qualified_offset_deadline
from calculator.distribution import classify
from calculator.models import Breakdown, DistributionType, Event, FilingStatus, OffsetInput, PenaltyException
from conversations.api import Choice, Reply
from conversations.i18n import N_, Texts
from conversations.parsing import STATES
from conversations.public_safety import service_what_if

__all__ = [
    "breakdown_reply",
    "PaymentDue",
    "payment_due",
    "remind_label",
    "format_note",
    "rate_choices",
    "remind_data",
    "rules_texts",
    "whatif_choices",
    "whatif_data",
]

_KIND_LABELS = {
    DistributionType.QUALIFIED_PLAN_LOAN_OFFSET: N_("Qualified plan loan offset"),
    DistributionType.PLAN_LOAN_OFFSET: N_("Plan loan offset"),
    DistributionType.DEEMED_DISTRIBUTION: N_("Deemed distribution"),
}

_EXCEPTION_LABELS = {
    PenaltyException.AGE_59_AND_HALF: N_("you are 59½ or older"),
    PenaltyException.SEPARATION_AT_55: N_("you left your job in or after the year you turned 55"),
    PenaltyException.PUBLIC_SAFETY: N_("public safety employee"),
    PenaltyException.DEATH: N_("death"),
    PenaltyException.DISABILITY: N_("disability"),
    PenaltyException.TERMINAL_ILLNESS: N_("terminal illness"),
    PenaltyException.IRS_LEVY: N_("IRS levy"),
    PenaltyException.QUALIFIED_RESERVIST: N_("qualified reservist"),
    PenaltyException.BIRTH_OR_ADOPTION: N_("birth or adoption"),
    PenaltyException.EMERGENCY_EXPENSE: N_("emergency expense"),
    PenaltyException.DOMESTIC_ABUSE: N_("domestic abuse victim"),
    PenaltyException.QUALIFIED_DISASTER: N_("qualified disaster"),
    PenaltyException.MEDICAL_EXPENSES: N_("medical expenses"),
    PenaltyException.GOVERNMENTAL_457B: N_("a governmental 457(b) plan does not owe it"),
}


# Words the calculator puts into its notes as plain English text params
# (calculator.engine: filing statuses, weekday or holiday, asserted exceptions).
# Marked here so a note's params are translated along with its template.
_NOTE_WORDS = frozenset(
    {
        N_("single"),
        N_("jointly"),
        N_("separately"),
        N_("as head of household"),
        N_("as a qualifying surviving spouse"),
        N_("Saturday"),
        N_("Sunday"),
        N_("a Washington, D.C. holiday"),
        N_("the District of Columbia"),
        N_("death"),
        N_("total and permanent disability"),
        N_("terminal illness"),
        N_("IRS levy"),
        N_("qualified reservist"),
        N_("birth or adoption"),
        N_("emergency personal expense"),
        N_("domestic abuse victim"),
        N_("qualified disaster"),
        N_("medical expenses"),
    }
)

# The calculator names states in English ("{state} has no income tax..."): translated like the rest.
_STATE_NAMES = frozenset(STATES.values())


def whatif_data(estimate_id: int, kind: str, value: str = "") -> str:
    """Callback data for a what-if: "w:<estimate id>:<kind>[:<value>]"."""
    return f"w:{estimate_id}:{kind}" + (f":{value}" if value else "")


def remind_data(estimate_id: int) -> str:
    """Callback data for "⏰ Remind me" under a breakdown: "rm:<estimate id>"."""
    return f"rm:{estimate_id}"


def reminder_deadline(breakdown: Breakdown) -> dt.date | None:
    """The deadline a reminder is for: the rollover's, or for missed payments the end of the cure period."""
    if breakdown.rollover_eligible and breakdown.rollover_deadline is not None:
        return breakdown.rollover_deadline
    if breakdown.cure_possible:
        return breakdown.cure_deadline
    return None


@dataclass(frozen=True, slots=True)
class PaymentDue:
    """The next day the breakdown gives for paying the tax: `day`; `with_return`, the tax year whose return it is
    paid with (the year is over), or None for an estimated payment (the line "(or pay it as an estimated tax
    payment by ...)")."""

    day: dt.date
    with_return: int | None = None


def payment_due(breakdown: Breakdown, today: dt.date) -> PaymentDue | None:
    """The day to pay the tax by, if the breakdown gives one still ahead: its estimated payment's, or, once the
    year is over, its return's due date."""
    if breakdown.withholding > 0:
        return None
    notes = {n.code: n for n in getattr(breakdown, "note_details", ())}
    if (found := _estimated_note(notes)) is not None and found.params["next"] > today:
        return PaymentDue(found.params["next"])
    if (due := notes.get("withholding.none")) is not None and breakdown.tax_year < today.year:
        return PaymentDue(due.params["due"], breakdown.tax_year) if due.params["due"] > today else None
    return None


def remind_label(texts: Texts, breakdown: Breakdown, today: dt.date) -> str | None:
    """The "⏰ Remind me" button's label, when a deadline that avoids the tax, or the day to pay it, is still
    ahead; None when there is nothing to remind of."""
    deadline = reminder_deadline(breakdown)
    if deadline is not None and deadline > today:
        return texts.gettext("⏰ Remind me before the deadline")
    if (due := payment_due(breakdown, today)) is not None:  # no deadline that avoids the tax, only the day to pay it
        return texts.gettext("⏰ Remind me to pay by {date}").format(date=texts.date(due.day))
    return None


def deposit_amount(breakdown: Breakdown) -> Decimal:
    """What the breakdown tells the person to deposit by the deadline (the rest, or all of it when rolling all over)."""
    remaining = breakdown.offset_amount - breakdown.rolled_over
    return remaining if remaining > 0 else breakdown.rolled_over


def format_param(texts: Texts, name: str, value: Any) -> str:
    """A note or error param for the locale: Decimals are dollars unless the name ends in _pct."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return texts.percent(value) if name.endswith("_pct") else texts.money(value)
    if isinstance(value, dt.date):
        return texts.month(value) if name.endswith("_month") else texts.date(value)
    return str(value)


def format_note(texts: Texts, note: Any) -> str:
    """A calculator Note in the person's language; its English text if the translation doesn't fit."""
    try:
        params = {
            k: texts.gettext(v) if isinstance(v, str) and (v in _NOTE_WORDS or v in _STATE_NAMES) else format_param(texts, k, v)
            for k, v in note.params.items()
        }
        return texts.gettext(note.template).format(**params)
    except (KeyError, IndexError, ValueError, AttributeError):
        return getattr(note, "text", str(note))


def _notes(texts: Texts, breakdown: Breakdown) -> list[str]:
    details = getattr(breakdown, "note_details", None)
    if details:
        return [format_note(texts, n) for n in details]
    return list(breakdown.notes)


def whatif_choices(
    texts: Texts, breakdown: Breakdown, inputs: OffsetInput, estimate_id: int, *, remind: str | None = None
) -> tuple[tuple[Choice, ...], ...]:
    """The buttons under a breakdown; `remind`, the "⏰ Remind me" button's label (see `remind_label`)."""
    _ = texts.gettext
    rows: list[tuple[Choice, ...]] = []
    if remind:
        rows.append((Choice(remind, remind_data(estimate_id)),))
    if breakdown.rollover_eligible:
        roll: list[Choice] = []
        if inputs.rollover < inputs.balance:
            roll.append(Choice(_("🔁 Roll over all"), whatif_data(estimate_id, "all")))
        half = (inputs.balance / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if inputs.rollover != half:
            roll.append(Choice(_("🔁 Roll over half"), whatif_data(estimate_id, "half")))
        if inputs.rollover > 0:
            roll.append(Choice(_("↩️ No rollover"), whatif_data(estimate_id, "none")))
        rows.append(tuple(roll))
    rate_row = [Choice(_("🧾 Another tax rate"), whatif_data(estimate_id, "rate"))]
    if breakdown.early_withdrawal_penalty > 0 and not inputs.governmental_457b:
        # Public employees often borrow from a 457(b), which the 10% does not reach: one tap to see it.
        rate_row.append(Choice(_("🏛 A government 457(b)?"), whatif_data(estimate_id, "457")))
    rows.append(tuple(rate_row))
    if service_what_if(inputs, breakdown):  # not asked under 50: offered here instead
        rows.append((Choice(_("🚒 25 years in public safety?"), whatif_data(estimate_id, "ps")),))
    rows.append(
        (
            Choice(_("📝 Why these numbers"), whatif_data(estimate_id, "why")),
            Choice(_("🆕 New estimate"), "c:start"),
        )
    )
    return tuple(r for r in rows if r)


def rate_choices(texts: Texts, estimate_id: int) -> tuple[tuple[Choice, ...], ...]:
    rates = ("10", "12", "22", "24", "32", "35", "37")
    return (
        tuple(Choice(texts.percent(Decimal(r)), whatif_data(estimate_id, "r", r)) for r in rates[:4]),
        tuple(Choice(texts.percent(Decimal(r)), whatif_data(estimate_id, "r", r)) for r in rates[4:]),
    )


# Notes for someone old enough to get Social Security whose benefits the estimate did not count.
_SOCIAL_SECURITY_UNCOUNTED = frozenset({"federal.social_security_unknown", "federal.social_security_flat"})


def _next_year_line(texts: Texts, b: Breakdown, inputs: OffsetInput, today: dt.date, lines: list[str]) -> None:
    """Late in the year the plan may well take the loan in January instead: next year's income and return,
    and a deadline a year later, as long as it is still a qualified offset then."""
    if (b.distribution_type is not DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
            or inputs.offset_date.year != today.year or inputs.offset_date.month < 11):
        return
    _ = texts.gettext
    following = today.year + 1
    params = {"next": str(following), "date": texts.date(qualified_offset_deadline(following))}
    if inputs.event is Event.PLAN_TERMINATION:
        lines.append(_("📅 If the plan takes it in {next} instead, it is {next} income, taxed with your {next} "
                       "return, and the deadline moves to {date}.").format(**params))
    elif inputs.separation_date is None:  # "within the last 12 months": January may be past the 12 months
        lines.append(_("📅 If the plan takes it in {next} instead, still within 12 months of your leaving, it is "
                       "{next} income, taxed with your {next} return, and the deadline moves to {date}.").format(**params))
    else:
        # A separation month is its first day here, so the anniversary holds for every day of it.
        kind, anniversary = classify(inputs.event, inputs.separation_date, dt.date(following, 1, 1))
        if kind is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET and anniversary is not None:
            lines.append(_("📅 If the plan takes it in {next} instead, by {anniversary}, it is {next} income, taxed "
                           "with your {next} return, and the deadline moves to {date}.").format(
                anniversary=texts.date(anniversary), **params))


def _payment_lines(
    texts: Texts, b: Breakdown, notes: dict[str, Any], today: dt.date | None, lines: list[str]
) -> None:
    """Nothing withheld, and when the tax is paid: the calculator's payment note has decided whether it is still
    to come, late, or late unless rolled over (and its due date); this says it in a line or two."""
    _ = texts.gettext
    money = texts.money
    if b.withholding > 0:
        lines.append(_("💼 Withheld: {withheld}. Still to set aside: {amount}.").format(
            withheld=money(b.withholding), amount=money(b.set_aside)))
        return
    amount, year = money(b.set_aside or b.total_tax), str(b.tax_year)
    if (late := notes.get("withholding.overdue_rollover_open")) is not None:
        lines.append(_("🚫 Nothing was withheld: unless you roll it over (below), the {amount} was due with your "
                       "{year} tax return.").format(amount=amount, year=year))
        lines.append(_("   (the federal return by {date}; interest runs from then on tax not paid)").format(
            date=texts.date(late.params["due"])))
    elif (late := notes.get("withholding.overdue")) is not None:
        lines.append(_("🚫 Nothing was withheld: the {amount} was due with your {year} tax return.").format(
            amount=amount, year=year))
        lines.append(_("   (the federal return by {date}. Left off the return you filed? Amend it with Form 1040-X "
                       "and pay: interest runs until you do)").format(date=texts.date(late.params["due"])))
    elif (due := notes.get("withholding.none")) is None:
        return  # nothing owed (all of it rolled over, or no tax): nothing to set aside or pay
    elif today is not None and b.tax_year < today.year:
        # The year is over: withholding can no longer be raised for it.
        lines.append(_("🚫 Nothing was withheld: the {amount} is due with your {year} tax return.").format(
            amount=amount, year=year))
        lines.append(_("   (the federal return by {date}: an extension gives more time to file, not to pay)").format(
            date=texts.date(due.params["due"])))
    elif today is not None and b.tax_year > today.year:
        # Next year's tax (a cure period that ends in it): this year's withholding does not count toward it.
        lines.append(_("🚫 Nothing was withheld: set aside {amount} for your {year} tax return, or raise your "
                       "withholding in {year}.").format(amount=amount, year=year))
    else:
        lines.append(_("🚫 Nothing was withheld: set aside {amount} for your tax return, or raise your withholding "
                       "now.").format(amount=amount))
    # The other way to pay, during the year: up to its last installment (in early January, the past year's).
    _estimated_payment_line(texts, b, notes, lines)


_ESTIMATED_PAYMENT_NOTES = (
    "withholding.estimated_after_august", "withholding.estimated_installments", "withholding.estimated_installments_late",
)


def _estimated_payment_line(texts: Texts, b: Breakdown, notes: dict[str, Any], lines: list[str]) -> None:
    """The other way to pay during the year, with the day the calculator's note names. Form 1040-ES takes the
    federal tax only: with a state's tax in the total, the line says how much of it that is."""
    if (found := _estimated_note(notes)) is None:
        return
    date = texts.date(found.params["next"])
    if b.state_income_tax + b.state_additional_tax > 0:
        federal = texts.money(b.federal_income_tax + b.early_withdrawal_penalty)
        lines.append(texts.gettext("   (or pay the federal part, {federal}, as an estimated tax payment by {date}, "
                                   "Form 1040-ES, to avoid an underpayment penalty)").format(federal=federal, date=date))
    else:
        lines.append(texts.gettext("   (or pay it as an estimated tax payment by {date}, Form 1040-ES, to avoid an "
                                   "underpayment penalty)").format(date=date))


def _estimated_note(notes: dict[str, Any]) -> Any:
    """The calculator's note on when to make an estimated payment (its `next` is the day), if it gave one."""
    return next((notes[code] for code in _ESTIMATED_PAYMENT_NOTES if code in notes), None)


def _rmd_caveat(texts: Texts, notes: dict[str, Any], lines: list[str]) -> None:
    """From 73, the part of the offset that is the year's required minimum distribution cannot be rolled over."""
    rmd = notes.get("rollover.rmd")
    if rmd is not None:
        lines.append(texts.gettext("   Except the part that is your required minimum distribution for {year} (from "
                                   "{age}): ask the plan how much.").format(year=str(rmd.params["year"]),
                                                                          age=rmd.params["age"]))


def breakdown_text(
    texts: Texts,
    b: Breakdown,
    inputs: OffsetInput,
    *,
    title: str | None = None,
    today: dt.date | None = None,
    public_safety_unasked: bool = False,
    left_unasked: bool = False,
) -> str:
    """The breakdown for a chat. A one-line estimate asks nothing, so what it could not ask is said next
    to the total: `public_safety_unasked`, a public-safety job would waive the 10%; `left_unasked`, the plan
    ended and having left the job too (the rule of 55) would."""
    _ = texts.gettext
    money = texts.money
    # The calculator's notes by code, read once: several lines below depend on which rules applied.
    notes = {n.code: n for n in getattr(b, "note_details", ())}
    lines: list[str] = []
    if title:
        lines.extend([title, ""])
    lines.append(
        _("📊 {amount} loan offset, tax year {year}").format(amount=money(b.offset_amount), year=str(b.tax_year))
    )
    lines.append(
        _("{kind} (Form 1099-R code {code})").format(
            kind=_(_KIND_LABELS.get(b.distribution_type, str(b.distribution_type))), code=b.form_1099r_code
        )
    )
    if b.rolled_over > 0:
        lines.append(_("🔁 Rolled over: {amount}; taxable: {taxable}").format(
            amount=money(b.rolled_over), taxable=money(b.taxable_amount)
        ))
    # Above the 72(p) ceiling the figure is probably a typo, or the loan was taxed
    # when it was made: too important to leave to "Why these numbers".
    over_limit = notes.get("loan.over_limit")
    if over_limit is not None:
        lines.append(
            _("⚠️ That is more than a 401(k) loan can usually be ({limit}): please check the balance.").format(
                limit=texts.money_whole(over_limit.params["limit"])
            )
        )
    lines.append("")

    # One line per item, each with the rule behind it.
    if b.federal_marginal_rate is not None:
        rule = (
            _("{rate} rate you gave").format(rate=texts.percent(b.federal_marginal_rate))
            if inputs.federal_rate is not None
            else _("by the {year} brackets, up to {rate}").format(
                year=str(b.tax_year), rate=texts.percent(b.federal_marginal_rate)
            )
        )
    else:
        rule = _("by the brackets")
    lines.append(_("💸 Federal income tax: {amount} ({rule})").format(amount=money(b.federal_income_tax), rule=rule))
    if getattr(b, "social_security_made_taxable", None):
        lines.append(_("   (it includes the tax on {amount} of your Social Security that the offset makes taxable)").format(
            amount=money(b.social_security_made_taxable)
        ))

    if b.early_withdrawal_penalty > 0:
        lines.append(
            _("⚠️ 10% early withdrawal tax: {amount} (IRC 72(t): under 59½, no exception)").format(
                amount=money(b.early_withdrawal_penalty)
            )
        )
    else:
        reason = _no_penalty_reason(texts, b)
        lines.append(_("✅ 10% early withdrawal tax: {amount} ({reason})").format(amount=money(Decimal(0)), reason=reason))

    if inputs.state:
        # Three different facts, so three wordings: a state that does not tax this
        # money at all (TX, or IL for plan distributions) is $0, not "not included".
        if not has_income_tax(inputs.state):
            lines.append(
                _("🏛 {state} income tax: {amount} (none on 401(k) distributions)").format(
                    state=inputs.state, amount=money(Decimal(0))
                )
            )
        elif b.state_retirement_exclusion:
            lines.append(
                _("🏛 {state} income tax: {amount} (none on retirement income at {age} or older)").format(
                    state=inputs.state, amount=money(Decimal(0)), age=exclusion_age(inputs.state)
                )
            )
        elif (brackets_year := getattr(b, "state_brackets_year", None)) is not None:
            # No rate asked: worked out by the state's own brackets from the filing status and income.
            latest = brackets_year != b.tax_year  # California's 2025 figures for 2026, as its Form 540-ES does
            if b.state_marginal_rate is None:
                rule = _("by its {year} brackets").format(year=str(brackets_year))
            elif latest:
                rule = _("by its {year} brackets, the latest out, up to {rate}").format(
                    year=str(brackets_year), rate=texts.percent(b.state_marginal_rate)
                )
            else:
                rule = _("by its {year} brackets, up to {rate}").format(
                    year=str(brackets_year), rate=texts.percent(b.state_marginal_rate)
                )
            lines.append(
                _("🏛 {state} income tax: {amount} ({rule})").format(
                    state=inputs.state, amount=money(b.state_income_tax), rule=rule
                )
            )
        elif (state_rate := b.state_marginal_rate) is not None:  # given, or set by the state's law
            rule = _("{rate} state rate").format(rate=texts.percent(state_rate))
            limit = getattr(b, "state_exclusion_amount", None)
            if limit:  # Kentucky: the first $31,110 of retirement income is not taxed; Georgia from 62
                rule = _("{rate} state rate above the first {limit} of retirement income").format(
                    rate=texts.percent(state_rate), limit=texts.money_whole(limit)
                )
            lines.append(
                _("🏛 {state} income tax: {amount} ({rule})").format(
                    state=inputs.state, amount=money(b.state_income_tax), rule=rule
                )
            )
        else:
            lines.append(_("🏛 {state} income tax: not included (no rate given)").format(state=inputs.state))
        if "state.local_tax_in_rate" in notes:  # the estimate has no local rate of its own: say what it counts
            if "state.local_tax.county" in notes:
                lines.append(_("   (your county's income tax counts only if that rate includes it)"))
            elif "state.local_tax.city" in notes:
                lines.append(_("   (New York City's or Yonkers' income tax counts only if that rate includes it)"))
            else:
                lines.append(_("   (a school district's income tax counts only if that rate includes it)"))
        if b.state_income_tax > 0 and "state.pa_retirement" in notes:
            lines.append(_("   (none if you retired after meeting the plan's retirement age or years of service)"))
        if b.state_additional_tax > 0:
            lines.append(
                _("🏛 {state} extra tax on early distributions: {amount}").format(
                    state=inputs.state, amount=money(b.state_additional_tax)
                )
            )

    share = (b.total_tax / b.offset_amount * 100) if b.offset_amount else Decimal(0)
    lines.append(
        _("🧮 Total: {amount} ({share} of the offset)").format(
            amount=money(b.total_tax), share=texts.percent(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
        )
    )
    # What the figures assumed for lack of an answer (a skipped question, or a
    # one-line estimate): said next to the total, not only under "Why these numbers".
    if b.birthday_would_change:
        lines.append(_("❔ Your exact birth date could lower this: the estimate takes the less favourable case."))
    assumed = notes.get("penalty.separation_year_assumed")
    if left_unasked:
        lines.append(_("❔ Did you also leave the job? Leaving in or after the year you turn 55 waives the 10% tax."))
    if public_safety_unasked:
        lines.append(_("❔ A firefighter, police officer or other public safety employee? Leaving in or after the year "
                       "you turn 50, or after 25 years of service, waives the 10% tax."))
    if b.taxable_amount > 0 and not _SOCIAL_SECURITY_UNCOUNTED.isdisjoint(notes):
        lines.append(_("❔ Social Security benefits are not counted: if you get them, the offset can make part of "
                       "them taxable and cost more."))
    if (b.distribution_type is DistributionType.DEEMED_DISTRIBUTION and inputs.missed_payment_date is None
            and today is not None and inputs.offset_date == today):
        # Not sure when payments stopped: dated today. A Form 1099-R (code L) for an earlier year says otherwise.
        lines.append(_("❔ This counts it as {year} income. If your Form 1099-R (code L) is for an earlier year, it was "
                       "that year's: the month of the first missed payment would date it.").format(year=str(today.year)))
    if (b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET and today is not None
            and inputs.offset_date == today and today.month <= 4
            and (inputs.separation_date is None or inputs.separation_date.year < today.year)):
        # Dated today in the filing season, when last year's forms arrive: an offset that came last year (after
        # leaving, if they left) is last year's income, with that year's deadline, not the one above.
        last = today.year - 1
        lines.append(_("❔ Got a {year} Form 1099-R for it? Then the offset was in {year}, with {year}'s tax and a "
                       "deadline of {date}, not the ones above: give its day for that estimate.").format(
            year=str(last), date=texts.date(qualified_offset_deadline(last))))
    if assumed is not None:
        lines.append(
            _("❔ This assumes you left your job in {year}. If you left in {previous}, the 10% tax ({amount}) may apply.").format(
                year=str(assumed.params["year"]), previous=str(assumed.params["previous"]),
                amount=money(assumed.params["amount"]),
            )
        )
    lines.append("")

    withholding_at = len(lines)  # a way out goes before "set aside" (see the cure period below)
    _payment_lines(texts, b, notes, today, lines)

    niit = notes.get("income.net_investment_income_tax")
    if niit is not None:
        lines.append(_("💹 Investment income too? The offset can add up to {tax} of the {rate} net investment income "
                       "tax on it.").format(tax=money(niit.params["tax"]), rate=texts.percent(niit.params["rate_pct"])))
    medicare = notes.get("income.medicare_premiums")
    if medicare is not None:
        joint = inputs.filing_status is FilingStatus.MARRIED_JOINT  # each spouse on Medicare pays it
        line = (_("🏥 On Medicare in {year}? The offset can raise that year's Part B and D premiums by about {amount} "
                  "for each of you on it (IRMAA).") if joint else
                _("🏥 On Medicare in {year}? The offset can raise that year's Part B and D premiums by about {amount} "
                  "(IRMAA)."))
        lines.append(line.format(year=str(medicare.params["premium_year"]),
                                 amount=texts.money_whole(medicare.params["extra"])))
    eitc = notes.get("income.earned_income_credit")
    if eitc is not None:
        lines.append(_("🧒 Get the earned income credit? The offset can cut it by up to {amount}.").format(
            amount=texts.money_whole(eitc.params["most"])
        ))
    elif "income.earned_income_credit_flat" in notes:
        lines.append(_("🧒 Get the earned income credit? The offset can shrink it: give your filing status and income "
                       "to see by how much."))
    if "income.premium_tax_credit" in notes:
        lines.append(_("🩺 On a Marketplace health plan with a premium tax credit? The offset counts as income for "
                       "it, so the credit can shrink."))

    remaining = b.offset_amount - b.rolled_over
    if b.rollover_eligible and b.rollover_deadline is not None:
        if remaining > 0:
            lines.append(
                _("✅ To avoid the tax: deposit {amount} in an IRA or your new employer's plan by {date}.").format(
                    amount=money(remaining), date=texts.date(b.rollover_deadline)
                )
            )
            if b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET:
                lines.append(_("   (your tax return due date with extension, IRC 402(c)(3)(C))"))
            else:
                lines.append(_("   (60 days after the offset, IRC 402(c)(3))"))
            _rmd_caveat(texts, notes, lines)
            if today is not None and inputs.offset_date >= today:
                # "Today, or not yet", or a day to come: before the offset, the loan can still be paid off
                # and nothing is distributed.
                lines.append(_("💡 Not offset yet? Paying off the loan before the plan takes it from your account "
                               "avoids all of this: ask the plan whether you can, and by when."))
                _next_year_line(texts, b, inputs, today, lines)
        else:
            lines.append(
                _("✅ Rolling over all of it: deposit {amount} by {date} and none of this is taxed.").format(
                    amount=money(b.rolled_over), date=texts.date(b.rollover_deadline)
                )
            )
            _rmd_caveat(texts, notes, lines)
    elif b.distribution_type is DistributionType.DEEMED_DISTRIBUTION:
        cure = b.cure_deadline
        if cure is not None and b.cure_possible:
            # Still in the cure period: catching up is the way out, said first; the figures are what not doing so costs.
            lines.insert(
                withholding_at,
                _("✅ To avoid the tax: make up the missed loan payments by {date}. That is the longest cure period "
                  "allowed (Treas. Reg. 1.72(p)-1 Q&A-10); ask your plan for its own, which may be shorter.").format(
                    date=texts.date(cure)
                ),
            )
        elif cure is not None:
            lines.append(
                _("❌ The cure period ended by {date} at the latest, and a deemed distribution can't be rolled over.").format(
                    date=texts.date(cure)
                )
            )
        else:
            lines.append(_("❌ A deemed distribution can't be rolled over: this tax can't be avoided by depositing money."))
            lines.append(
                _("💡 Only behind on payments? Making them up before your plan's cure period ends (at the latest, the "
                  "end of the calendar quarter after the first missed one) avoids all of this.")
            )
    elif b.rollover_deadline is not None and b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET:
        # The waiver of a missed rollover (IRC 402(c)(3)(B), Rev. Proc. 2020-46) is for the 60-day deadline only.
        lines.append(
            _("❌ The rollover deadline, {date}, has passed. The IRS's waiver for late rollovers is for the 60-day "
              "deadline, not this one: ask a tax professional before trying one.").format(
                date=texts.date(b.rollover_deadline))
        )
    elif b.rollover_deadline is not None:  # a 60-day deadline behind us
        lines.append(
            _("❌ The rollover deadline, {date}, has passed. The IRS can waive a missed deadline in some cases "
              "(Rev. Proc. 2020-46).").format(date=texts.date(b.rollover_deadline))
        )

    if b.retirement_value_lost > 0:
        years = b.years_to_retirement
        if years == 0:  # at or past the retirement age: no growth to show
            lines.append(
                _("📉 You're at or past retirement age ({age}), so no growth is lost: your savings are {amount} smaller.").format(
                    age=str(inputs.retirement_age), amount=texts.money_whole(b.retirement_value_lost)
                )
            )
        else:
            if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION:
                # The loan is still owed: repaying it puts the money back, so the growth is lost only if it is not.
                growth = texts.ngettext(
                    "📈 Unless the loan is repaid, this money would have grown to about {amount} in {years} year "
                    "({rate} a year).",
                    "📈 Unless the loan is repaid, this money would have grown to about {amount} in {years} years "
                    "({rate} a year).",
                    years,
                )
            else:
                growth = texts.ngettext(
                    "📈 Left invested, this money would have grown to about {amount} in {years} year ({rate} a year).",
                    "📈 Left invested, this money would have grown to about {amount} in {years} years ({rate} a year).",
                    years,
                )
            lines.append(growth.format(
                amount=texts.money_whole(b.retirement_value_lost), years=str(years), rate=texts.percent(inputs.annual_return)
            ))

    lines.append("")
    lines.append(_("👩‍💼 This is an estimate, not tax advice: confirm with a tax professional before you act."))
    return "\n".join(lines)


def _no_penalty_reason(texts: Texts, b: Breakdown) -> str:
    if not b.penalty_exception:
        return texts.gettext("none due")
    try:
        label = _EXCEPTION_LABELS[PenaltyException(b.penalty_exception)]
    except ValueError:
        return b.penalty_exception
    return texts.gettext(label)


MESSAGE_LIMIT = 4096  # Telegram's longest message text, in UTF-16 code units


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def rules_texts(texts: Texts, breakdown: Breakdown) -> list[str]:
    """The calculator's rule notes, one bullet each: the long "why" kept out of the phone-sized summary.
    As many messages as Telegram's length limit needs, split between bullets (a Spanish "why" with many
    rules can pass 4,096 characters)."""
    messages, current = [], texts.gettext("📝 Rules that applied:")
    for note in _notes(texts, breakdown):
        line = "• " + note
        if _utf16_len(current) + 1 + _utf16_len(line) > MESSAGE_LIMIT:
            messages.append(current)
            current = line
        else:
            current += "\n" + line
    messages.append(current)
    return messages


def breakdown_reply(
    texts: Texts,
    breakdown: Breakdown,
    inputs: OffsetInput,
    estimate_id: int,
    *,
    title: str | None = None,
    today: dt.date | None = None,
) -> Reply:
    """The breakdown with its buttons; with `today`, a "⏰ Remind me" button when a deadline is still ahead."""
    return Reply(
        text=breakdown_text(texts, breakdown, inputs, title=title, today=today),
        choices=whatif_choices(
            texts, breakdown, inputs, estimate_id, remind=remind_label(texts, breakdown, today) if today else None
        ),
    )
