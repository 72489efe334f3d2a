""""📝 Why these numbers" in short: one line per calculator note, keyed by the note's code, so the reply fits two
phone screens; the long version is the /faq topic under each heading. A note with no short line here is said in
full (the rarer rules), and "" leaves out a note a conditional line (replies.conditional_notes) already says."""

from __future__ import annotations

from calculator.explain.penalty import TURN_55, TURN_55_IN_YEAR
from conversations.i18n import N_

__all__ = ["BY_TEMPLATE", "ESTIMATED", "ESTIMATED_FEDERAL", "ESTIMATED_SHORT", "FIRST", "SHORT", "TOPICS"]

#: (heading, /faq topic or "", the note-code prefixes under it), in the reply's order.
TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (N_("📌 Why it's taxed"), "offset", ("loan", "distribution", "federal")),
    (N_("🗓 The deadline"), "deadline", ("rollover",)),
    (N_("⚠️ The 10%"), "penalty", ("penalty",)),
    (N_("🏛 State"), "", ("state",)),
    (N_("💸 Paying it"), "withholding", ("withholding",)),
    (N_("🩺 Other effects"), "", ("income",)),
    ("", "", ("growth",)),
)

SHORT: dict[str, str] = {
    "distribution.qplo_separation_undated": N_(
        "Qualified plan loan offset: left within 12 months, no exact date given (IRC 402(c)(3)(C))."),
    "distribution.qplo_separation": N_("Qualified plan loan offset: left within 12 months (IRC 402(c)(3)(C))."),
    "distribution.plan_loan_offset_late": N_(
        "Not a qualified plan loan offset: more than 12 months after you left on {separation}."),
    "distribution.deemed": N_("Deemed distribution (IRC 72(p)): taxed now, no rollover, loan still owed."),
    "distribution.deemed_curable_month": N_(
        "Still avoidable: make up the missed payments by {cure}, the end of the quarter after {missed_month}'s "
        "(your plan's may be sooner)."),
    "federal.flat_rate": N_("Income tax: {rate_pct} of {taxable}, a rate that can understate it."),
    "federal.brackets": N_("Income tax: filing {status} with {income} of other income, the offset adds {tax}."),
    "federal.top_bracket": N_("It reaches the {rate_pct} bracket."),
    "federal.tax_table": N_("Form 1040's tax table can differ by a few dollars."),
    "rollover.qplo_deadline": N_("{deadline}: your {year} return's due date, extended (Form 4868)."),
    "rollover.deadline_passed": N_("{deadline} has passed; the IRS can waive it (Rev. Proc. 2020-46)."),
    "penalty.applies": N_("No exception applies (IRC 72(t))."),
    "penalty.not_457b": "",  # the "🏛 A government 457(b)?" what-if and /penalty say it
    "penalty.separation_at_55": N_("None: left in or after the year you turned 55 (IRC 72(t)(2)(A)(v))."),
    "state.flat_rate": N_("{state}: {tax} ({rate_pct} flat)."),
    "state.brackets": N_("{state} income tax by its {figures_year} tax rate schedules ({cite}): the offset adds {tax}."),
    "state.brackets_earlier_year": N_(
        "Its {tax_year} brackets aren't out yet; its {tax_year} estimated-tax worksheet ({form}) uses them too."),
    "state.unemployment_not_taxed": N_("{state} does not tax unemployment benefits ({cite})."),
    "state.tax_table": N_("Its tax table can differ by a few dollars."),
    "state.brackets_credits_left_out": N_("Its credits are left out."),
    "state.additional_tax": N_("{state} adds its own {rate_pct} on early distributions: {tax} ({form})."),
    "state.additional_tax_exception": N_("No extra {rate_pct} either ({form})."),
    "withholding.none": N_("Nothing withheld (IRC 3405(e)(8)): set aside {total} by {due}."),
    "withholding.safe_harbor": N_("No underpayment penalty if you owe under {small} (Form 2210)."),
    "withholding.safe_harbor_past": N_("No underpayment penalty if you owe under {small} (Form 2210)."),
    "income.premium_tax_credit": "",
    "income.earned_income_credit": "",
    "income.earned_income_credit_flat": "",
    "growth.lost": "",  # the breakdown's 📈 line says it
    "growth.deemed_loan_owed": N_("Repaying the loan puts the money back, as after-tax basis."),
}

#: A short line by the note's template, before SHORT's by its code: the rule of 55 while the 55th birthday is
#: still to come ("the year you turn 55", not "turned").
BY_TEMPLATE: dict[str, str] = {
    TURN_55: N_("None: you left in or after the year you turn 55 (IRC 72(t)(2)(A)(v)); not in an IRA."),
    TURN_55_IN_YEAR: N_("None: you left in {year}, the year you turn 55 (IRC 72(t)(2)(A)(v)); not in an IRA."),
}

#: The estimated-payment notes: said as the short line below after the first "💸 Paying it" one.
ESTIMATED = ("withholding.estimated_after_august", "withholding.estimated_installments",
             "withholding.estimated_installments_late")
ESTIMATED_SHORT = N_("Or pay it by {date} as an estimated payment (Form 1040-ES).")
ESTIMATED_FEDERAL = N_("Or pay the federal {federal} by {date} (Form 1040-ES).")

#: The conditional lines (replies.conditional_notes) said shorter, by their leading emoji: (the note code, the
#: short line). A conditional line not named here is said as it is.
FIRST: dict[str, tuple[str, str]] = {
    "🩺": ("income.premium_tax_credit", N_("Marketplace tax credit can shrink.")),
    "🧒": ("income.earned_income_credit_flat",
          N_("🧒 Earned income credit? The offset can shrink it; give your income to see how much.")),
}
