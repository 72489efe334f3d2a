"""The parts of the tax, one line each with the rule behind it: federal income tax, the 10% early
withdrawal tax or the exception that removes it, the state's tax; and the total."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from calculator import exclusion_age, has_income_tax
from calculator.models import Breakdown, PenaltyException
from calculator.rules.ages import earliest_birthday
from conversations.i18n import N_, Texts
from conversations.replies.facts import Facts

__all__ = ["federal_lines", "parts_lines", "penalty_line", "state_lines", "total_line"]

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


def parts_lines(f: Facts) -> list[str]:
    """Federal, the 10%, the state: in that order."""
    return [*federal_lines(f), penalty_line(f), *state_lines(f)]


def federal_lines(f: Facts) -> list[str]:
    _ = f.texts.gettext
    b, percent = f.b, f.texts.percent
    if b.federal_marginal_rate is not None:
        rule = (
            _("{rate} rate you gave").format(rate=percent(b.federal_marginal_rate))
            if f.inputs.federal_rate is not None
            else _("by the {year} brackets, up to {rate}").format(
                year=str(b.tax_year), rate=percent(b.federal_marginal_rate)
            )
        )
    else:
        rule = _("by the brackets")
    lines = [_("💸 Federal income tax: {amount} ({rule})").format(amount=f.texts.money(b.federal_income_tax), rule=rule)]
    if getattr(b, "social_security_made_taxable", None):
        lines.append(_("   (it includes the tax on {amount} of your Social Security that the offset makes taxable)").format(
            amount=f.texts.money(b.social_security_made_taxable)
        ))
    return lines


def penalty_line(f: Facts) -> str:
    _ = f.texts.gettext
    if f.b.early_withdrawal_penalty > 0:
        return _("⚠️ 10% early withdrawal tax: {amount} (IRC 72(t): under 59½, no exception)").format(
            amount=f.texts.money(f.b.early_withdrawal_penalty)
        )
    reason = no_penalty_reason(f.texts, f.b)
    if f.b.penalty_exception == PenaltyException.SEPARATION_AT_55 and _turns_55_later(f):
        reason = f.texts.gettext(N_("you left your job in the year you turn 55"))
    return _("✅ 10% early withdrawal tax: {amount} ({reason})").format(amount=f.texts.money(Decimal(0)), reason=reason)


def _turns_55_later(f: Facts) -> bool:
    """Whether the 55th birthday is still to come today (the rule of 55 then held for leaving this year)."""
    inp = f.inputs
    return f.today is not None and earliest_birthday(inp.age, inp.birth_date, inp.offset_date, 55) > f.today


def no_penalty_reason(texts: Texts, b: Breakdown) -> str:
    """Why there is no 10%: the exception, translated ("none due" when no exception was needed)."""
    if not b.penalty_exception:
        return texts.gettext("none due")
    try:
        label = _EXCEPTION_LABELS[PenaltyException(b.penalty_exception)]
    except ValueError:
        return b.penalty_exception
    return texts.gettext(label)


def state_lines(f: Facts) -> list[str]:
    """The state's tax and what it counts; nothing without a state."""
    if not f.inputs.state:
        return []
    _ = f.texts.gettext
    b, state, money = f.b, f.inputs.state, f.texts.money
    lines = [_state_tax_line(f)]
    if "state.local_tax_in_rate" in f.notes:  # the estimate has no local rate of its own: say what it counts
        if "state.local_tax.county" in f.notes:
            lines.append(_("   (your county's income tax counts only if that rate includes it)"))
        elif "state.local_tax.city" in f.notes:
            lines.append(_("   (New York City's or Yonkers' income tax counts only if that rate includes it)"))
        else:
            lines.append(_("   (a school district's income tax counts only if that rate includes it)"))
    if b.state_income_tax > 0 and "state.pa_retirement" in f.notes:
        lines.append(_("   (none if you retired after meeting the plan's retirement age or years of service)"))
    if b.state_additional_tax > 0:
        lines.append(
            _("🏛 {state} extra tax on early distributions: {amount}").format(
                state=state, amount=money(b.state_additional_tax)
            )
        )
    return lines


def _state_tax_line(f: Facts) -> str:
    # Three different facts, so three wordings: a state that does not tax this
    # money at all (TX, or IL for plan distributions) is $0, not "not included".
    _ = f.texts.gettext
    b, state, money = f.b, f.inputs.state, f.texts.money
    if not has_income_tax(state):
        return _("🏛 {state} income tax: {amount} (none on 401(k) distributions)").format(
            state=state, amount=money(Decimal(0))
        )
    if b.state_retirement_exclusion:
        return _("🏛 {state} income tax: {amount} (none on retirement income at {age} or older)").format(
            state=state, amount=money(Decimal(0)), age=exclusion_age(state)
        )
    rule = _state_rule(f)
    if rule is None:
        return _("🏛 {state} income tax: not included (no rate given)").format(state=state)
    return _("🏛 {state} income tax: {amount} ({rule})").format(state=state, amount=money(b.state_income_tax), rule=rule)


def _state_rule(f: Facts) -> str | None:
    """How the state's tax was worked out: by its brackets, or at a rate (given, or set by its law); None
    without either."""
    _ = f.texts.gettext
    b, percent = f.b, f.texts.percent
    if (brackets_year := getattr(b, "state_brackets_year", None)) is not None:
        # No rate asked: worked out by the state's own brackets from the filing status and income.
        latest = brackets_year != b.tax_year  # California's 2025 figures for 2026, as its Form 540-ES does
        if b.state_marginal_rate is None:
            return _("by its {year} brackets").format(year=str(brackets_year))
        if latest:
            return _("by its {year} brackets, the latest out, up to {rate}").format(
                year=str(brackets_year), rate=percent(b.state_marginal_rate)
            )
        return _("by its {year} brackets, up to {rate}").format(
            year=str(brackets_year), rate=percent(b.state_marginal_rate)
        )
    if (state_rate := b.state_marginal_rate) is None:
        return None
    # Given, or set by the state's law.
    limit = getattr(b, "state_exclusion_amount", None)
    if limit:  # Kentucky: the first $31,110 of retirement income is not taxed; Georgia from 62
        return _("{rate} state rate above the first {limit} of retirement income").format(
            rate=percent(state_rate), limit=f.texts.money_whole(limit)
        )
    return _("{rate} state rate").format(rate=percent(state_rate))


def total_line(f: Facts) -> str:
    """"🧮 Total: $4,800.00 (32.0% of the offset)"."""
    b = f.b
    share = (b.total_tax / b.offset_amount * 100) if b.offset_amount else Decimal(0)
    return f.texts.gettext("🧮 Total: {amount} ({share} of the offset)").format(
        amount=f.texts.money(b.total_tax),
        share=f.texts.percent(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
    )
