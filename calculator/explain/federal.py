"""The federal income tax the offset adds: by the brackets (with the deductions that change with age and
income, and the Social Security benefits it makes taxable), or at the flat rate given."""

from __future__ import annotations

from calculator.data.rules import rules
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.enums import MARRIED_SEPARATE, FilingStatus
from calculator.models.inputs import OffsetInput
from calculator.rules.federal import BracketResult

# Read after "filing": "filing jointly with $60,000.00 of other income".
_STATUS_WORDS = {
    FilingStatus.SINGLE: "single",
    FilingStatus.MARRIED_JOINT: "jointly",
    FilingStatus.MARRIED_SEPARATE: "separately",
    FilingStatus.HEAD_OF_HOUSEHOLD: "as head of household",
    FilingStatus.QUALIFYING_SURVIVING_SPOUSE: "as a qualifying surviving spouse",
}


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    if f.bracket is not None:
        _brackets(b, inp, f, f.bracket, add)
        return
    # A flat rate given.
    r = rules()
    taxable = b.taxable_amount
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


def _brackets(b: Breakdown, inp: OffsetInput, f: Facts, result: BracketResult, add) -> None:  # noqa: ANN001
    r = rules()
    taxable = b.taxable_amount
    tax_year = b.tax_year
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
    _deductions(inp, f, result, add)
    if taxable > 0:  # nothing taxable (a full rollover): nothing for the benefits to say
        _social_security_notes(inp, result, tax_year, f.age, add)
    if 0 < result.taxable_after < r.tax_table_limit:
        add(fixed_note(
            "federal.tax_table",
            N_("This uses the tax-rate formula. Below {limit} of taxable income Form 1040 uses the IRS Tax "
               "Table, so the return can differ by a few dollars."),
            limit=r.tax_table_limit,
        ))


def _deductions(inp: OffsetInput, f: Facts, result: BracketResult, add) -> None:  # noqa: ANN001
    """The 65-or-older additional standard deduction and the 2025-2028 senior deduction."""
    status = inp.filing_status
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

