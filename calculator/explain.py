"""The notes: each rule that applied to an estimate, explained in plain words.

`estimate()` works out the figures and keeps the intermediate facts it
decided on (`Facts`); the notes are written from them only when someone reads
`Breakdown.note_details` or `Breakdown.notes`. Many estimates are never
explained: the chat's probes and reminders, the inline query's title, what-if
comparisons, so writing ~15 sentences' worth of params for each was most of
the cost of an estimate. The wording is the same whichever path reads it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from calculator.deadlines import (
    estimated_tax_due_dates,
    extended_due_date,
    first_installment_counting,
    is_business_day,
    return_due_date,
)
from calculator.federal import BracketResult
from calculator.members import (
    AGE_59_AND_HALF,
    DEATH,
    DEEMED,
    DISABILITY,
    GOVERNMENTAL_457B,
    MARRIED_SEPARATE,
    PLAN_TERMINATION,
    PLO,
    PUBLIC_SAFETY,
    QPLO,
    SEPARATION_AT_55,
)
from calculator.models import FilingStatus, Note, OffsetInput, PenaltyException
from calculator.notes import N_, fixed_note, note
from calculator.parameters import rmd_age, rules, state_rules
from calculator.penalty import ExceptionDecision
from calculator.ages import birth_window
from calculator.state_brackets import StateBracketResult
from calculator.states import exclusion_limit, state_notes

if TYPE_CHECKING:
    from calculator.models import Breakdown

# Read after "filing": "filing jointly with $60,000.00 of other income".
_STATUS_WORDS = {
    FilingStatus.SINGLE: "single",
    FilingStatus.MARRIED_JOINT: "jointly",
    FilingStatus.MARRIED_SEPARATE: "separately",
    FilingStatus.HEAD_OF_HOUSEHOLD: "as head of household",
    FilingStatus.QUALIFYING_SURVIVING_SPOUSE: "as a qualifying surviving spouse",
}
_EXCEPTION_WORDS = {
    PenaltyException.DEATH: "death",
    PenaltyException.DISABILITY: "total and permanent disability",
    PenaltyException.TERMINAL_ILLNESS: "terminal illness",
    PenaltyException.IRS_LEVY: "IRS levy",
    PenaltyException.QUALIFIED_RESERVIST: "qualified reservist",
    PenaltyException.BIRTH_OR_ADOPTION: "birth or adoption",
    PenaltyException.EMERGENCY_EXPENSE: "emergency personal expense",
    PenaltyException.DOMESTIC_ABUSE: "domestic abuse victim",
    PenaltyException.QUALIFIED_DISASTER: "qualified disaster",
    PenaltyException.MEDICAL_EXPENSES: "medical expenses",
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Facts(NamedTuple):
    """What `estimate()` decided on the way to the figures that the Breakdown does not show."""

    anniversary: dt.date | None  # first anniversary of the severance, when it decided the type
    severance: dt.date | None
    age: int
    taxable_part: Decimal | None  # the earnings share, with account basis (pro rata)
    decision: ExceptionDecision
    bracket: BracketResult | None  # bracket mode
    if_65: BracketResult | None  # bracket mode, age alone: the tax if 65 by year end
    self_65: bool | None
    spouse_65: bool
    state_bracket: StateBracketResult | None  # the state's tax by its brackets (California), when worked out so
    today: dt.date  # the day the estimate is for: what is still possible, and what is already late


def _day_kind(day: dt.date) -> str:
    return _WEEKDAYS[day.weekday()] if day.weekday() >= 5 else "a Washington, D.C. holiday"


def explain(b: Breakdown, inp: OffsetInput, f: Facts) -> list:
    """The rules that applied, in order, as `Note`s or (code, template, params) rows."""
    r = rules()
    notes: list = []
    add = notes.append
    kind = b.distribution_type
    deadline = b.rollover_deadline
    offset = b.offset_amount
    rolled = b.rolled_over
    not_rolled = offset - rolled
    taxable = b.taxable_amount
    tax_year = b.tax_year
    decision = f.decision
    exception = decision.exception
    still_open = b.rollover_eligible

    # --- what kind of distribution, and the rollover deadline -----------------
    if kind is QPLO:
        assert deadline is not None
        if inp.event is PLAN_TERMINATION:
            add(fixed_note(
                "distribution.qplo_plan_termination",
                N_("The plan ended, so the loan offset is a qualified plan loan offset (IRC 402(c)(3)(C)). "
                   "This assumes the loan was in good standing, not already in default, before that."),
            ))
        elif inp.separation_date is None:
            # "Within the last 12 months" (or no date given): stating a day of leaving would invent it.
            add((
                "distribution.qplo_separation_undated",
                N_("You left your job within the 12 months before the offset on {offset} (no exact date given), so "
                   "it is a qualified plan loan offset (IRC 402(c)(3)(C); Treas. Reg. 1.402(c)-3). This assumes the "
                   "loan was in good standing, not already in default, when you left."),
                {"offset": inp.offset_date},
            ))
        elif inp.separation_month:
            add((
                "distribution.qplo_separation_month",
                N_("You left your job in {separation_month}, and the offset on {offset} came within 12 months, so "
                   "it is a qualified plan loan offset (IRC 402(c)(3)(C); Treas. Reg. 1.402(c)-3). This assumes the "
                   "loan was in good standing, not already in default, when you left."),
                {"separation_month": inp.separation_date, "offset": inp.offset_date},
            ))
        else:
            add((
                "distribution.qplo_separation",
                N_("You left your job on {separation}, and the offset on {offset} came within 12 months "
                   "(by {anniversary}), so it is a qualified plan loan offset (IRC 402(c)(3)(C); Treas. Reg. "
                   "1.402(c)-3). This assumes the loan was in good standing, not already in default, when you left."),
                {"separation": inp.separation_date, "offset": inp.offset_date, "anniversary": f.anniversary},
            ))
        april = return_due_date(tax_year)
        if still_open and f.today <= april:
            add((
                "rollover.qplo_deadline",
                N_("You can still avoid the tax: deposit up to {amount} of your own money in an IRA or another "
                   "employer plan by {deadline}, the due date of your {year} tax return including extensions. "
                   "File an extension (Form 4868) by {april} if you may need the extra time."),
                {"amount": offset, "deadline": deadline, "year": tax_year, "april": april},
            ))
        elif still_open:  # past April: an extension can no longer be asked for, so it is not offered
            add((
                "rollover.qplo_deadline_late",
                N_("You can still avoid the tax: deposit up to {amount} of your own money in an IRA or another "
                   "employer plan by {deadline}, the due date of your {year} tax return including extensions."),
                {"amount": offset, "deadline": deadline, "year": tax_year},
            ))
        statutory = extended_due_date(tax_year)[0]
        if deadline != statutory:
            add(fixed_note(
                "rollover.deadline_moved",
                N_("{statutory} is {kind}, so the deadline moves to the next business day, {deadline} (IRC 7503)."),
                statutory=statutory, kind=_day_kind(statutory), deadline=deadline,
            ))
    elif kind is PLO:
        assert deadline is not None
        if f.anniversary is not None and inp.separation_month:
            add((
                "distribution.plan_loan_offset_late_month",
                N_("The offset on {offset} came more than 12 months after you left your job in {separation_month}, "
                   "so it is a plain plan loan offset, not a qualified one (Treas. Reg. 1.72(p)-1 Q&A-13)."),
                {"offset": inp.offset_date, "separation_month": inp.separation_date},
            ))
        elif f.anniversary is not None:
            add((
                "distribution.plan_loan_offset_late",
                N_("The offset on {offset} came more than 12 months after you left your job on {separation}, so it "
                   "is a plain plan loan offset, not a qualified one (Treas. Reg. 1.72(p)-1 Q&A-13)."),
                {"offset": inp.offset_date, "separation": inp.separation_date or inp.offset_date},
            ))
        else:
            add(fixed_note(
                "distribution.plan_loan_offset_before_2018",
                N_("Offsets before 2018 had no extended deadline (it came with the Tax Cuts and Jobs Act), "
                   "so this plan loan offset could be rolled over only within 60 days."),
            ))
        if still_open:
            add((
                "rollover.sixty_days",
                N_("To avoid the tax, deposit up to {amount} of your own money in an IRA or another employer plan "
                   "within 60 days, counting from the day after the offset: by {deadline}. The 60 days are not "
                   "moved for weekends or holidays (whether IRC 7503 extends them is disputed), so treat "
                   "{deadline} as final."),
                {"amount": offset, "deadline": deadline},
            ))
            if not is_business_day(deadline):
                add((
                    "rollover.sixty_days_weekend",
                    N_("{deadline} is {kind}: finish the deposit on the business day before."),
                    {"deadline": deadline, "kind": _day_kind(deadline)},
                ))
    else:
        add(fixed_note(
            "distribution.deemed",
            N_("A loan that defaults while you still work there is a deemed distribution: it is taxed now but "
               "cannot be rolled over (IRC 72(p); Treas. Reg. 1.72(p)-1 Q&A-10 and Q&A-12), and the loan is "
               "still owed. What you repay later becomes after-tax basis in the plan, not taxed again."),
        ))
        missed = inp.missed_payment_date
        if missed is None:
            add(fixed_note(
                "distribution.deemed_cure_unknown",
                N_("If you are only behind on payments, your plan may let you make them up until the end of the "
                   "calendar quarter after the one the first missed payment was due in, and then none of this is "
                   "owed (Treas. Reg. 1.72(p)-1 Q&A-10(a)). Ask the plan administrator for its cure period."),
            ))
        elif b.cure_possible and inp.missed_payment_month:
            add((
                "distribution.deemed_curable_month",
                N_("You can still avoid all of this: make up the missed payments by {cure}, the end of the calendar "
                   "quarter after the one your first missed payment was due in ({missed_month}). That is the longest "
                   "cure period the rules allow (Treas. Reg. 1.72(p)-1 Q&A-10(a)); your plan's loan policy may set a "
                   "shorter one, so ask the plan administrator. The figures are what it costs if you don't: the "
                   "whole balance, accrued interest included, becomes a deemed distribution on {offset}."),
                {"cure": b.cure_deadline, "missed_month": missed, "offset": inp.offset_date},
            ))
        elif b.cure_possible:
            add((
                "distribution.deemed_curable",
                N_("You can still avoid all of this: make up the missed payments by {cure}, the end of the calendar "
                   "quarter after the one your first missed payment ({missed}) was due in. That is the longest cure "
                   "period the rules allow (Treas. Reg. 1.72(p)-1 Q&A-10(a)); your plan's loan policy may set a "
                   "shorter one, so ask the plan administrator. The figures are what it costs if you don't: the "
                   "whole balance, accrued interest included, becomes a deemed distribution on {offset}."),
                {"cure": b.cure_deadline, "missed": missed, "offset": inp.offset_date},
            ))
        elif inp.missed_payment_month:
            add((
                "distribution.deemed_cure_ended_month",
                N_("A payment due in {missed_month} could be made up by {cure} at the latest, the end of the longest "
                   "cure period the rules allow; without it, the whole balance, accrued interest included, is a "
                   "deemed distribution (Treas. Reg. 1.72(p)-1 Q&A-10)."),
                {"cure": b.cure_deadline, "missed_month": missed},
            ))
        else:
            add((
                "distribution.deemed_cure_ended",
                N_("The payment due on {missed} could be made up by {cure} at the latest, the end of the longest cure "
                   "period the rules allow; without it, the whole balance, accrued interest included, is a deemed "
                   "distribution (Treas. Reg. 1.72(p)-1 Q&A-10)."),
                {"cure": b.cure_deadline, "missed": missed},
            ))
        if inp.separation_date is not None:
            add(fixed_note(
                "penalty.default_no_separation",
                N_("A loan in default while you are still employed is not a distribution after separation from "
                   "service, so the separation date does not count for the rule of 55."),
            ))
    if still_open and f.severance is not None:
        # The oldest birth date the input allows: whether required distributions may have started by year end.
        oldest = inp.birth_date or dt.date(tax_year - f.age - 1, 1, 1)
        start_age = rmd_age(oldest.year)
        if oldest.year + start_age <= tax_year:
            add(fixed_note(
                "rollover.rmd",
                N_("At {age} or older by the end of {year}, you have to take a required minimum distribution for "
                   "{year} once you have left the job, and what the plan pays out in {year} counts toward it "
                   "first. That part of the offset cannot be rolled over (IRC 402(c)(4)(B); Treas. Reg. "
                   "1.402(c)-2 Q&A-7): ask the plan how much of it is your required minimum distribution."),
                age=start_age, year=tax_year,
            ))
    if deadline is not None and not still_open and kind is QPLO:
        # IRC 402(c)(3)(B) waives "the 60-day requirement under subparagraph (A)"; a qualified offset's deadline
        # is set by (C)(i) instead, which no waiver provision reaches.
        add((
            "rollover.deadline_passed_qualified",
            N_("The rollover deadline, {deadline}, has passed. The law's waiver for missed rollovers, and the "
               "self-certification for it, are written for the 60-day deadline (IRC 402(c)(3)(B); Rev. Proc. "
               "2020-46), not for this one (IRC 402(c)(3)(C)), so don't count on a late rollover without a tax "
               "professional's advice."),
            {"deadline": deadline},
        ))
    elif deadline is not None and not still_open:
        add((
            "rollover.deadline_passed",
            N_("The rollover deadline, {deadline}, has passed. The IRS can waive a missed deadline in some "
               "cases, and self-certification is possible for listed reasons (IRC 402(c)(3)(B); Rev. Proc. 2020-46)."),
            {"deadline": deadline},
        ))

    if offset > r.loan_limit:
        add(fixed_note(
            "loan.over_limit",
            N_("The balance is above {limit}, the usual ceiling for a 401(k) loan (IRC 72(p)(2)(A)); only CARES Act "
               "loans made from March 27 to September 22, 2020 could reach {cares}. A loan above its limit was "
               "taxed as a deemed distribution when made, so check the figure."),
            limit=r.loan_limit, cares=r.cares_loan_limit,
        ))

    # --- the taxable amount ---------------------------------------------------
    if inp.designated_roth and inp.roth_qualified:
        add(fixed_note(
            "roth.qualified",
            N_("A qualified distribution from a designated Roth account is tax-free (IRC 402A(d))."),
        ))
    elif f.taxable_part is not None:
        add((
            "roth.pro_rata" if inp.designated_roth else "after_tax.pro_rata",
            N_("Only the earnings share of the offset is income: {basis} of the {account} account is "
               "contributions already taxed, so {taxable_part} of the {amount} is taxable and the rest comes "
               "back tax-free (IRC 72(e)(8); Treas. Reg. 1.402A-1)."),
            {"basis": inp.account_basis, "account": inp.account_balance, "taxable_part": f.taxable_part, "amount": offset},
        ))
    elif inp.designated_roth:
        add(fixed_note(
            "roth.no_split",
            N_("Only the earnings part of a non-qualified Roth distribution is taxable; without the account "
               "balance and contributions, the whole amount is treated as taxable, the most it can be."),
        ))
    if rolled > 0:
        if rolled == offset:
            add(("rollover.full", N_("Rolling over the whole {amount} in time leaves nothing taxable."), {"amount": offset}))
        else:
            add((
                "rollover.partial",
                N_("You roll over {rolled}; the other {rest} stays taxable."),
                {"rolled": rolled, "rest": not_rolled},
            ))

    # --- the 10% additional tax -------------------------------------------------
    if exception is None and taxable > 0:
        add((
            "penalty.applies",
            N_("No exception applies, so the {rate_pct} additional tax on early distributions is {tax} "
               "(IRC 72(t)), on Schedule 2 of Form 1040. Others not asked here can remove it: total and permanent "
               "disability, terminal illness, an IRS levy, a reservist call-up, a qualified disaster (Form 5329)."),
            {"rate_pct": r.early_rate_pct, "tax": b.early_withdrawal_penalty},
        ))
        add(fixed_note(
            "penalty.not_457b",
            N_("This is for a 401(k) or 403(b) plan. A governmental 457(b) plan is not a qualified retirement plan "
               "for the 10% tax (IRC 72(t)(1), 4974(c)), so a loan offset from one does not owe it, except on money "
               "rolled into it from another kind of plan (IRC 72(t)(9))."),
        ))
    _penalty_notes(inp, decision, f.severance, f.age, taxable, add)

    # --- federal income tax -----------------------------------------------------
    result = f.bracket
    if result is not None:
        assert inp.filing_status is not None
        status = inp.filing_status
        if f.if_65 is not None and f.if_65.tax != result.tax:
            add((
                "federal.age_65_unknown",
                N_("If you turn 65 by the end of {year}, larger deductions make the federal tax {other} instead "
                   "of {tax}; with only your age we assumed you don't. Your birth date would settle it."),
                {"year": tax_year, "other": f.if_65.tax, "tax": result.tax},
            ))
        add((
            "federal.brackets",
            N_("Federal income tax: filing {status} with {income} of other income, your {year} tax goes from "
               "{before} to {after}, so the offset adds {tax}. Taxable income after deductions goes from "
               "{ti_before} to {ti_after}."),
            {"status": _STATUS_WORDS[status], "income": inp.income, "year": tax_year, "before": result.tax_before,
             "after": result.tax_after, "tax": b.federal_income_tax, "ti_before": result.taxable_before,
             "ti_after": result.taxable_after},
        ))
        if result.top_rate_pct is not None:
            add(fixed_note(
                "federal.top_bracket",
                N_("The offset reaches the {rate_pct} bracket; a single marginal rate would miss any part taxed "
                   "in lower or higher brackets."),
                rate_pct=result.top_rate_pct,
            ))
        senior_before, senior_after = result.senior_before, result.senior_after
        if result.additional:
            add(fixed_note(
                "federal.additional_deduction",
                N_("At 65 or older the standard deduction grows by {amount} (IRC 63(f))."),
                amount=result.additional,
            ))
        if senior_before or senior_after:
            if senior_after < senior_before:
                add((
                    "federal.senior_phaseout",
                    N_("The senior deduction (2025-2028) shrinks from {before} to {after} because the offset raises "
                       "your income, which adds to the tax (IRC 151(d)(5)(C))."),
                    {"before": senior_before, "after": senior_after},
                ))
            else:
                add((
                    "federal.senior_deduction",
                    N_("The senior deduction for people 65 or older (2025-2028) of {amount} is included "
                       "(IRC 151(d)(5)(C))."),
                    {"amount": senior_after},
                ))
        elif status is MARRIED_SEPARATE and (f.self_65 or f.spouse_65):
            add(fixed_note(
                "federal.senior_mfs",
                N_("The senior deduction is not allowed on a married-filing-separately return."),
            ))
        if taxable > 0:  # nothing taxable (a full rollover): nothing for the benefits to say
            _social_security_notes(inp, result, tax_year, f.age, add)
        if 0 < result.taxable_after < r.tax_table_limit:
            add(fixed_note(
                "federal.tax_table",
                N_("This uses the tax-rate formula. Below {limit} of taxable income Form 1040 uses the IRS Tax "
                   "Table, so the return can differ by a few dollars."),
                limit=r.tax_table_limit,
            ))
    else:
        if f.age >= r.ss_age and taxable > 0:
            add(fixed_note(
                "federal.social_security_flat",
                N_("If you get Social Security benefits, the offset can make up to 85% of them taxable, so it "
                   "can cost more than your rate suggests (IRC 86). Your filing status, income and benefits "
                   "would show how much."),
            ))
        add((
            "federal.flat_rate",
            N_("Federal income tax: {rate_pct} of the taxable {taxable} is {tax}. A single rate understates the tax "
               "when the offset pushes income into a higher bracket; give your filing status and income for an "
               "exact figure."),
            {"rate_pct": inp.federal_rate, "taxable": taxable, "tax": b.federal_income_tax},
        ))
        if taxable > 0 and inp.federal_rate <= r.eitc_flat_rate_up_to:  # type: ignore[operator]
            # Low enough a bracket for the earned income credit, which the offset can shrink: how much needs the income.
            add(fixed_note(
                "income.earned_income_credit_flat",
                N_("If you claim the earned income credit, the offset can shrink it or end it: it adds to the AGI the "
                   "credit phases out on, and nothing to earned income (IRC 32(a)(2)(B), 32(c)(2)). Your filing "
                   "status and income would show by how much."),
            ))

    # --- state ---------------------------------------------------------------------
    state_notes(
        inp.state, inp.state_rate, taxable, exception, b.state_income_tax, b.state_additional_tax, add,
        b.state_retirement_exclusion, b.tax_year, f.severance is not None, b.state_exclusion_amount,
        _larger_exclusion(inp, f, b.tax_year), f.state_bracket,
    )

    # --- paying it -------------------------------------------------------------------
    total = b.total_tax
    if total > 0:
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
    if f.bracket is not None and taxable > 0 and inp.filing_status is not None and inp.income is not None:
        # Modified AGI before and after the offset, with the Social Security benefits it makes taxable, as the
        # net investment income tax, Medicare's premiums and the earned income credit read it.
        before, after = f.bracket.agi_before, f.bracket.agi_after
        threshold = r.niit_thresholds[inp.filing_status.value]
        exposed = after - max(before, threshold)
        if exposed > 0:
            add((
                "income.net_investment_income_tax",
                N_("If you have investment income (interest, dividends, capital gains, rents), the offset takes your "
                   "modified AGI {exposed} further above {threshold}, so up to that much more of it can owe the "
                   "{rate_pct} net investment income tax: up to {tax} (IRC 1411; Form 8960). The offset itself is not "
                   "investment income."),
                {"exposed": exposed, "threshold": threshold, "rate_pct": r.niit_rate_pct,
                 "tax": (exposed * r.niit_rate).quantize(Decimal("0.01"), ROUND_HALF_UP)},
            ))
        _medicare_premium_note(inp, f, before, after, tax_year, add)
        _earned_income_credit_note(inp, before, after, tax_year, add)
    if taxable > 0 and f.severance is not None and f.age < r.medicare_age:
        # Someone who left the job may buy health insurance on the Marketplace: income costs them twice.
        add(fixed_note(
            "income.premium_tax_credit",
            N_("If you buy health insurance on the Marketplace with a premium tax credit, the offset counts in the "
               "household income the credit is based on, so the credit can shrink and advance payments of it may "
               "have to be paid back with your return (IRC 36B(d)(2); Form 8962)."),
        ))

    # --- what it costs the retirement account --------------------------------------
    if not_rolled > 0:
        years = b.years_to_retirement
        if years == 0:
            # At or past the retirement age there is no growth to count: "grow to
            # $10,000 by age 67 (0 years ...)" at 70 would read as nonsense.
            add((
                "growth.at_retirement",
                N_("You are at or past the retirement age assumed here ({retirement_age}), so no growth is "
                   "counted: the {amount} not rolled over is what your retirement savings lose."),
                {"amount": not_rolled, "retirement_age": inp.retirement_age},
            ))
        else:
            add((
                "growth.lost",
                N_("Left in the account, the {amount} not rolled over could grow to {value} by age {retirement_age} "
                   "({years} years at {return_pct} a year, an assumption, not a forecast).")
                if years != 1 else
                N_("Left in the account, the {amount} not rolled over could grow to {value} by age {retirement_age} "
                   "({years} year at {return_pct}, an assumption, not a forecast)."),
                {"amount": not_rolled, "value": b.retirement_value_lost, "retirement_age": inp.retirement_age,
                 "years": years, "return_pct": inp.annual_return},
            ))
    if kind is DEEMED:
        add(fixed_note(
            "growth.deemed_loan_owed",
            N_("The loan is still owed: repaying it puts the money back in the account, and the repayments "
               "become after-tax basis."),
        ))
    return notes


def _social_security_notes(inp: OffsetInput, result: BracketResult, year: int, age: int, add) -> None:  # noqa: ANN001
    """What the offset does to Social Security benefits (IRC 86), in bracket mode."""
    benefits = inp.social_security
    if benefits is None:
        if age >= rules().ss_age:
            add(fixed_note(
                "federal.social_security_unknown",
                N_("Social Security benefits are not counted here. If you get them, the offset can make up to "
                   "85% of them taxable, which adds to the tax (IRC 86); give them, with your other income "
                   "without them, for an exact figure."),
            ))
        return
    if not benefits:
        return
    added = result.ss_after - result.ss_before
    if added > 0:
        add((
            "federal.social_security",
            N_("The offset also makes more of your {benefits} of Social Security benefits taxable: {before} "
               "without it, {after} with it (IRC 86). The tax on that {added} is part of the federal tax above."),
            {"benefits": benefits, "before": result.ss_before, "after": result.ss_after, "added": added},
        ))
    elif result.ss_after:
        add((
            "federal.social_security_capped",
            N_("{taxed} of your {benefits} of Social Security benefits are taxable with or without the offset "
               "(IRC 86), so it makes no more of them taxable."),
            {"taxed": result.ss_after, "benefits": benefits},
        ))
    else:
        add((
            "federal.social_security_untaxed",
            N_("Your {benefits} of Social Security benefits stay untaxed with the offset: your income plus half "
               "of them stays under the base amount (IRC 86)."),
            {"benefits": benefits},
        ))
    add(fixed_note(
        "federal.social_security_exempt_interest",
        N_("Tax-exempt interest, such as from municipal bonds, also counts in the income that decides how much of "
           "the benefits is taxable (IRC 86(b)(2)(B)). It is not asked here: if you have some, more of the benefits "
           "may be taxable than this shows."),
    ))
    if inp.filing_status is MARRIED_SEPARATE:
        add(fixed_note(
            "federal.social_security_mfs",
            N_("On a separate return, Social Security benefits are taxable from the first dollar if you lived with "
               "your spouse at any time in {year}, as assumed here; if you lived apart all year, less may be "
               "(IRC 86(c))."),
            year=year,
        ))


def _medicare_premium_note(inp: OffsetInput, f: Facts, before: Decimal, after: Decimal, tax_year: int, add) -> None:  # noqa: ANN001
    """Medicare's income-related premiums (IRMAA) read modified AGI of two years before: an offset that takes it
    over a threshold raises the Part B and D premiums of that later year, for someone on Medicare by then."""
    r = rules()
    irmaa = r.irmaa
    # 65 by the premium year's end: 62 on the day of the offset can be, with a birthday before the year ends.
    on_medicare_age = r.medicare_age - irmaa.lookback_years - 1
    spouse = inp.spouse_age if inp.filing_status is FilingStatus.MARRIED_JOINT else None
    if f.age < on_medicare_age and (spouse is None or spouse < on_medicare_age):
        return
    status = inp.filing_status.value  # type: ignore[union-attr]
    monthly_before, tier_before = irmaa.monthly(status, before)
    monthly_after, tier_after = irmaa.monthly(status, after)
    if tier_after == tier_before:
        return
    add((
        "income.medicare_premiums",
        N_("Medicare premiums for {premium_year} are set by this year's modified AGI (AGI plus tax-exempt interest). "
           "The offset takes it from {before} to {after}, over {threshold}: by the latest figures ({figures_year}'s; "
           "the thresholds rise with inflation each year), Part B and D premiums are {extra} a year more for each "
           "person on Medicare then (IRMAA; Social Security Act 1839(i)). If you stopped working, Social Security "
           "can use a later year's lower income instead (Form SSA-44)."),
        {"premium_year": tax_year + irmaa.lookback_years, "before": before, "after": after,
         "threshold": irmaa.tiers[status][tier_before].above, "figures_year": irmaa.premium_year,
         "extra": (monthly_after - monthly_before) * 12},
    ))
    if inp.filing_status is FilingStatus.MARRIED_SEPARATE:
        add(fixed_note(
            "income.medicare_premiums_separate",
            N_("Filing separately, this uses Medicare's table for spouses who lived together at some time in the "
               "year; if you lived apart all year, the single filers' table applies, and the premiums are lower."),
        ))


def _earned_income_credit_note(inp: OffsetInput, before: Decimal, after: Decimal, tax_year: int, add) -> None:  # noqa: ANN001
    """The earned income credit phases out on AGI, which the offset raises, not on earned income: for someone
    whose income is below the highest limit, how much of it the offset can cost at most (two or more children)."""
    r = rules()
    kind = "married-joint" if inp.filing_status is FilingStatus.MARRIED_JOINT else "other"
    limit = r.eitc_highest_limit.get((tax_year, kind))
    if limit is None or before >= limit:
        return
    most = ((min(after, limit) - before) * r.eitc_top_rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if most < 1:  # a few cents of offset: nothing worth a line
        return
    add((
        "income.earned_income_credit",
        N_("If you claim the earned income credit, the offset can shrink it or end it: it adds {added} to the AGI "
           "the credit phases out on, and nothing to earned income (IRC 32(a)(2)(B), 32(c)(2)). With two or more "
           "qualifying children the credit falls by {rate_pct} of AGI across its phase-out range, so by up to {most} "
           "here; with fewer children, by less (IRS Publication 596)."),
        {"added": after - before, "rate_pct": r.eitc_top_rate_pct, "most": most},
    ))


def _larger_exclusion(inp: OffsetInput, f: Facts, tax_year: int) -> Decimal | None:
    """The state's larger retirement income exclusion an older birthday would give (Georgia), worked out
    again here rather than kept on every estimate: only explained estimates need it."""
    if inp.state is None:
        return None
    if f.decision.exception is None and inp.state in state_rules().exclusion_not_with_early_tax:
        return None  # no exclusion at any age while the 10% is owed (as the estimate decided)
    window = birth_window(inp.age, inp.birth_date, inp.offset_date)
    return exclusion_limit(inp.state, window, tax_year, inp.exception is DISABILITY)[1]


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


def _penalty_notes(  # noqa: C901
    inp: OffsetInput, decision: ExceptionDecision, severance: dt.date | None, age: int, taxable: Decimal, add  # noqa: ANN001
) -> None:
    r = rules()
    exception = decision.exception
    if decision.age_59_unknown:
        add((
            "penalty.age_59_unknown",
            N_("At 59, whether you had reached 59½ by {offset} depends on your birthday; this assumes not yet. "
               "Your birth date would settle it."),
            {"offset": inp.offset_date},
        ))
    if decision.separation_unknown and severance is not None:
        add(fixed_note(
            "penalty.separation_year_unknown",
            N_("Whether you turned {age} in or before {year}, the year you left your job, depends on your birthday; "
               "this assumes not. Your birth date would settle it."),
            age=r.public_safety_age if inp.public_safety and exception is None else r.separation_age,
            year=severance.year,
        ))
    if exception is AGE_59_AND_HALF:
        if decision.half_date is not None:
            add((
                "penalty.age_59_and_half",
                N_("You reached 59½ on {date}, before the offset, so the 10% additional tax does not apply "
                   "(IRC 72(t)(2)(A)(i))."),
                {"date": decision.half_date},
            ))
        else:
            add(fixed_note(
                "penalty.age_59_and_half",
                N_("At {age} you are past 59½, so the 10% additional tax does not apply (IRC 72(t)(2)(A)(i))."),
                age=age,
            ))
    elif exception is SEPARATION_AT_55 and inp.separation_date is None and not decision.separation_year_matters:
        # No date given, and leaving the year before would qualify too: no year to state.
        add(fixed_note(
            "penalty.separation_at_55",
            N_("You left your job in or after the calendar year you turned 55, so the 10% additional tax does not "
               "apply to this plan's distributions (IRC 72(t)(2)(A)(v)). It covers this employer's plan only: money "
               "rolled to an IRA and taken out before 59½ can still owe the 10%."),
        ))
    elif exception is SEPARATION_AT_55:
        assert severance is not None
        add(fixed_note(
            "penalty.separation_at_55",
            N_("You left your job in {year}, in or after the calendar year you turned 55, so the 10% additional "
               "tax does not apply to this plan's distributions (IRC 72(t)(2)(A)(v)). It covers this employer's "
               "plan only: money rolled to an IRA and taken out before 59½ can still owe the 10%."),
            year=severance.year,
        ))
    elif exception is PUBLIC_SAFETY:
        assert severance is not None
        add(fixed_note(
            "penalty.public_safety",
            N_("As a qualified public safety employee who left in {year}, in or after the year you turned 50 or "
               "with 25 years of service under the plan, you owe no 10% additional tax (IRC 72(t)(10), as "
               "extended by the SECURE 2.0 Act). Outside governmental plans this covers private-sector "
               "firefighters, from 2023."),
            year=severance.year,
        ))
    elif exception is GOVERNMENTAL_457B:
        add(fixed_note(
            "penalty.governmental_457b",
            N_("A governmental 457(b) plan is not a qualified retirement plan for the 10% additional tax (IRC "
               "72(t)(1), 4974(c)), so this offset owes none. Money rolled into the plan from a 401(k), 403(b) or "
               "IRA keeps the 10% (IRC 72(t)(9)); if the loan drew on it, ask the plan how much of the offset it is."),
        ))
    elif exception is DEATH:
        add(fixed_note(
            "penalty.death",
            N_("Distributions after the participant's death owe no 10% additional tax (IRC 72(t)(2)(A)(ii)); "
               "the plan reports them with code 4."),
        ))
    elif exception is not None:
        add(fixed_note(
            "penalty.asserted",
            N_("You said the {name} exception applies, so the 10% additional tax is left out. Whether it can "
               "cover a loan offset, where no cash is paid, is not settled; claim it on Form 5329 and keep "
               "your records."),
            name=_EXCEPTION_WORDS.get(exception, exception.value),
        ))
        if exception is DISABILITY:
            add(fixed_note(
                "form1099r.disability",
                N_("Disability has its own 1099-R code (3), but it cannot be combined with M or L, so the plan will "
                   "likely report code 1 and you claim the exception on Form 5329."),
            ))
    if decision.separation_year_matters and severance is not None:
        add((
            "penalty.separation_year_assumed",
            N_("No date of leaving your job was given, so this assumes you left in {year}, the year of the offset. "
               "If you left in {previous}, the 10% additional tax ({amount}) may apply: the date you left would "
               "settle it."),
            {"year": severance.year, "previous": severance.year - 1,
             "amount": (taxable * r.early_rate).quantize(Decimal("0.01"), ROUND_HALF_UP)},
        ))
    if decision.public_safety_short:
        add(fixed_note(
            "penalty.public_safety_service",
            N_("The public-safety exception also applies at any age after 25 years of service under the plan "
               "(SECURE 2.0 Act); give your years of service if you have them."),
        ))
    if decision.separation_too_early and age >= r.separation_age and severance is not None:
        add(fixed_note(
            "penalty.separation_too_early",
            N_("You left your job in {year}, before the calendar year you turned 55, so the rule of 55 does not "
               "apply even though you are older now."),
            year=severance.year,
        ))
    if exception is None and inp.event is PLAN_TERMINATION and inp.separation_date is None:
        add(fixed_note(
            "penalty.plan_termination_no_separation",
            N_("A plan ending is not a separation from service. If you also left the job, give the separation date: "
               "the rule of 55 may then apply."),
        ))
