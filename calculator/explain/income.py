"""What else the higher income costs: the net investment income tax, Medicare's premiums two years on, the
earned income credit, and the Marketplace's premium tax credit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from calculator.data.rules import rules
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.enums import FilingStatus
from calculator.models.inputs import OffsetInput


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    r = rules()
    taxable = b.taxable_amount
    tax_year = b.tax_year
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
