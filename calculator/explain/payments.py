"""Paying the tax: nothing is withheld from an offset, when the tax is due (or how late it already is),
the safe harbors against an underpayment penalty, and the estimated-tax installments that can pay it."""

from __future__ import annotations

import datetime as dt
from functools import cache

from calculator.data.rules import rules
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, note
from calculator.models.breakdown import Breakdown, Note
from calculator.models.inputs import OffsetInput
from calculator.rules.deadlines import estimated_tax_due_dates, first_installment_counting, return_due_date


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    r = rules()
    total = b.total_tax
    if total <= 0:
        return
    tax_year, still_open, deadline = b.tax_year, b.rollover_eligible, b.rollover_deadline
    # Due with the year's return; after its due date, with interest (and a rollover can still take it away).
    not_rolled = b.offset_amount - b.rolled_over
    due = return_due_date(tax_year)
    if f.today <= due:
        add((
            "withholding.none",
            N_("Nothing is withheld from a loan offset, because withholding is limited to cash actually paid "
               "(IRC 3405(e)(8)). Set aside {total} for your {year} return, due {due}."),
            {"total": total, "year": tax_year, "due": due},
        ))
    elif still_open and not_rolled > 0:
        # Past April but before the rollover deadline: rolling over still takes the tax away.
        add((
            "withholding.overdue_rollover_open",
            N_("Nothing is withheld from a loan offset, because withholding is limited to cash actually paid "
               "(IRC 3405(e)(8)). Unless you roll it over by {deadline}, the {total} was due with your {year} "
               "return on {due}: an extension gives more time to file, not to pay, and interest runs from {due} "
               "on tax not paid (IRC 6601(a))."),
            {"total": total, "year": tax_year, "due": due, "deadline": deadline},
        ))
    else:
        # Found out after the return was due (often from the 1099-R, or an IRS letter): the tax is late already.
        add((
            "withholding.overdue",
            N_("Nothing is withheld from a loan offset, because withholding is limited to cash actually paid "
               "(IRC 3405(e)(8)). The {total} was due with your {year} return on {due}: an extension gives more "
               "time to file, not to pay. If the return you filed left the offset out, file an amended return "
               "(Form 1040-X) and pay. Interest runs from {due} until the tax is paid (IRC 6601(a)), and a "
               "late-payment penalty can apply (IRC 6651)."),
            {"total": total, "year": tax_year, "due": due},
        ))
    add(_safe_harbor_note() if f.today.year <= tax_year else _safe_harbor_past_note(tax_year))
    # Up to the year's last installment (January 15 after it): when to pay during the year. Only for a federal
    # tax (the 10% included, IRC 6654(f)) that could cause an underpayment penalty on its own: under $1,000 owed
    # at filing there is none (IRC 6654(e)(1)), and the state's part is paid to the state.
    federal = b.federal_income_tax + b.early_withdrawal_penalty
    if f.today <= estimated_tax_due_dates(tax_year)[-1][1] and federal >= r.safe_harbor_owed_under:
        _estimated_payment_note(tax_year, inp.offset_date, f.today, add)


@cache
def _safe_harbor_note() -> Note:
    # Every param comes from rules.json: one Note for the process.
    r = rules()
    return note(
        "withholding.safe_harbor",
        N_("To avoid an underpayment penalty, raise your paycheck withholding or make an estimated payment so "
           "that you owe less than {small} at filing, or have paid at least {current_pct} of this year's tax "
           "or {prior_pct} of last year's ({high_pct} if last year's AGI was over {high_agi}) (Form 2210)."),
        small=r.safe_harbor_owed_under, current_pct=r.safe_harbor_current_pct,
        prior_pct=r.safe_harbor_prior_pct, high_pct=r.safe_harbor_prior_high_pct, high_agi=r.safe_harbor_high_agi,
    )


def _estimated_payment_note(tax_year: int, arises: dt.date, today: dt.date, add) -> None:  # noqa: ANN001
    """When to pay during the year instead: the installment that first counts the income (which `arises` on the
    offset's day, a deemed distribution's included), by the annualized income installment method, and the next
    one still ahead (`next`, which the breakdown's payment line names)."""
    dues = [moved for _statutory, moved in estimated_tax_due_dates(tax_year)]
    counting = first_installment_counting(arises)
    if counting == dues[-1]:
        add((
            "withholding.estimated_after_august",
            N_("An estimated payment of this tax by {next} (Form 1040-ES), the last installment for {year}, is in "
               "time: the income came after August, and with the annualized income installment method (Form 2210, "
               "Schedule AI) the earlier installments count only the income of the months before them "
               "(IRC 6654(d)(2))."),
            {"next": counting, "year": tax_year},
        ))
        return
    dates = {"q1": dues[0], "q2": dues[1], "q3": dues[2], "q4": dues[3], "year": tax_year, "counting": counting}
    if today <= counting:
        add((
            "withholding.estimated_installments",
            N_("Estimated payments for {year} are due {q1}, {q2}, {q3} and {q4} (Form 1040-ES). With the annualized "
               "income installment method (Form 2210, Schedule AI), the first that needs this tax is the one "
               "due {counting}; the penalty runs like interest on each installment paid short, from its due date "
               "(IRC 6654(a), (d)(2))."),
            {**dates, "next": counting},
        ))
        return
    ahead = next(d for d in dues if d >= today)  # the last is due in January after the year
    add((
        "withholding.estimated_installments_late",
        N_("Estimated payments for {year} are due {q1}, {q2}, {q3} and {q4} (Form 1040-ES). This tax counts "
           "from the one due {counting} (with the annualized income installment method, Form 2210, Schedule AI), "
           "and the penalty runs like interest on each installment paid short, from its due date until paid "
           "(IRC 6654(a)): paying by {next} keeps it small."),
        {**dates, "next": ahead},
    ))


@cache
def _safe_harbor_past_note(tax_year: int) -> Note:
    # The year is over: withholding and estimated payments for it can no longer be raised, only assessed.
    r = rules()
    return note(
        "withholding.safe_harbor_past",
        N_("Whether an underpayment penalty is due (Form 2210) depends on what was paid during {year}: none if you "
           "owe less than {small} at filing, or if your withholding and estimated payments reached {current_pct} of "
           "{year}'s tax or {prior_pct} of the year before's ({high_pct} if that year's AGI was over {high_agi})."),
        year=tax_year, small=r.safe_harbor_owed_under, current_pct=r.safe_harbor_current_pct,
        prior_pct=r.safe_harbor_prior_pct, high_pct=r.safe_harbor_prior_high_pct, high_agi=r.safe_harbor_high_agi,
    )
