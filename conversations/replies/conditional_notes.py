"""Notes that apply to few: only when the calculator found the rule applies (by its note's code). Each is
one function returning its line, or nothing, so a reply can show it in the breakdown or keep it for later.

Income effects (net investment income tax, Medicare premiums, the earned income credit, the Marketplace
premium credit), Social Security that was not counted, and the estimated-payment way to pay."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calculator.models import FilingStatus
from conversations.replies.facts import Facts

__all__ = [
    "earned_income_credit",
    "estimated_payment",
    "estimated_payment_note",
    "income_effect_lines",
    "investment_income",
    "medicare",
    "premium_credit",
    "social_security_uncounted",
    "why_lines",
]

# Notes for someone old enough to get Social Security whose benefits the estimate did not count.
_SOCIAL_SECURITY_UNCOUNTED = frozenset({"federal.social_security_unknown", "federal.social_security_flat"})

_ESTIMATED_PAYMENT_NOTES = (
    "withholding.estimated_after_august", "withholding.estimated_installments", "withholding.estimated_installments_late",
)


def why_lines(f: Facts) -> list[str]:
    """The notes "📝 Why these numbers" says first: what the offset does to other taxes and benefits, Social
    Security not counted, and the estimated-payment way to pay."""
    return [*income_effect_lines(f), *social_security_uncounted(f), *estimated_payment(f)]


def income_effect_lines(f: Facts) -> list[str]:
    """What the offset does to other taxes and benefits, in the breakdown's order."""
    return [*investment_income(f), *medicare(f), *earned_income_credit(f), *premium_credit(f)]


def investment_income(f: Facts) -> list[str]:
    niit = f.notes.get("income.net_investment_income_tax")
    if niit is None:
        return []
    return [f.texts.gettext("💹 Investment income too? The offset can add up to {tax} of the {rate} net investment "
                            "income tax on it.").format(tax=f.texts.money(niit.params["tax"]),
                                                       rate=f.texts.percent(niit.params["rate_pct"]))]


def medicare(f: Facts) -> list[str]:
    found = f.notes.get("income.medicare_premiums")
    if found is None:
        return []
    _ = f.texts.gettext
    joint = f.inputs.filing_status is FilingStatus.MARRIED_JOINT  # each spouse on Medicare pays it
    line = (_("🏥 On Medicare in {year}? The offset can raise that year's Part B and D premiums by about {amount} "
              "for each of you on it (IRMAA).") if joint else
            _("🏥 On Medicare in {year}? The offset can raise that year's Part B and D premiums by about {amount} "
              "(IRMAA)."))
    return [line.format(year=str(found.params["premium_year"]), amount=f.texts.money_whole(found.params["extra"]))]


def earned_income_credit(f: Facts) -> list[str]:
    _ = f.texts.gettext
    eitc = f.notes.get("income.earned_income_credit")
    if eitc is not None:
        return [_("🧒 Get the earned income credit? The offset can cut it by up to {amount}.").format(
            amount=f.texts.money_whole(eitc.params["most"])
        )]
    if "income.earned_income_credit_flat" in f.notes:
        return [_("🧒 Get the earned income credit? The offset can shrink it: give your filing status and income "
                  "to see by how much.")]
    return []


def premium_credit(f: Facts) -> list[str]:
    if "income.premium_tax_credit" not in f.notes:
        return []
    return [f.texts.gettext("🩺 On a Marketplace health plan with a premium tax credit? The offset counts as income "
                            "for it, so the credit can shrink.")]


def social_security_uncounted(f: Facts) -> list[str]:
    if f.b.taxable_amount <= 0 or _SOCIAL_SECURITY_UNCOUNTED.isdisjoint(f.notes):
        return []
    return [f.texts.gettext("❔ Social Security benefits are not counted: if you get them, the offset can make part "
                            "of them taxable and cost more.")]


def estimated_payment_note(notes: Mapping[str, Any]) -> Any:
    """The calculator's note on when to make an estimated payment (its `next` is the day), if it gave one."""
    return next((notes[code] for code in _ESTIMATED_PAYMENT_NOTES if code in notes), None)


def estimated_payment(f: Facts) -> list[str]:
    """The other way to pay during the year, with the day the calculator's note names. Form 1040-ES takes the
    federal tax only: with a state's tax in the total, the line says how much of it that is."""
    if (found := estimated_payment_note(f.notes)) is None:
        return []
    b, texts = f.b, f.texts
    date = texts.date(found.params["next"])
    if b.state_income_tax + b.state_additional_tax > 0:
        federal = texts.money(b.federal_income_tax + b.early_withdrawal_penalty)
        return [texts.gettext("   (or pay the federal part, {federal}, as an estimated tax payment by {date}, "
                              "Form 1040-ES, to avoid an underpayment penalty)").format(federal=federal, date=date)]
    return [texts.gettext("   (or pay it as an estimated tax payment by {date}, Form 1040-ES, to avoid an "
                          "underpayment penalty)").format(date=date)]
