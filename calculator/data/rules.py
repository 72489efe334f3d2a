"""The federal rules that are not brackets (data/rules.json): the 10%, the ages, the deadlines,
Social Security, Medicare and the earned income credit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from calculator.data.files import load, pct


@dataclass(frozen=True, slots=True)
class Rules:
    early_rate: Decimal
    early_rate_pct: Decimal
    half_years: int
    half_months: int
    half_age_months: int  # 59 1/2 in months (714), summed once
    separation_age: int
    public_safety_age: int
    public_safety_service_years: int
    public_safety_service_from: dt.date
    loan_limit: Decimal
    cares_loan_limit: Decimal
    qplo_months: int
    qplo_from: dt.date
    rollover_days: int
    rollover_period: dt.timedelta  # rollover_days as a timedelta, built once
    due_month: int
    due_day: int
    extension_months: int
    safe_harbor_owed_under: Decimal
    safe_harbor_current_pct: Decimal
    safe_harbor_prior_pct: Decimal
    safe_harbor_prior_high_pct: Decimal
    safe_harbor_high_agi: Decimal
    # The four required installments of estimated tax: (month, day, years after the tax year), IRC 6654(c)(2).
    estimated_tax_due: tuple[tuple[int, int, int], ...]
    tax_table_limit: Decimal
    cure_quarters: int
    # Social Security benefits made taxable (IRC 86): per filing status (base, adjusted base).
    ss_bases: dict[str, tuple[Decimal, Decimal]]
    ss_provisional_share: Decimal  # the part of the benefits counted in provisional income (a fraction)
    ss_first_rate: Decimal
    ss_second_rate: Decimal
    ss_age: int  # earliest retirement benefits: below it, the notes do not raise Social Security
    medicare_age: int  # below it, a note on the Marketplace premium tax credit
    rmd_ages: tuple[tuple[int | None, int], ...]  # (last birth year or None, age required distributions start)
    niit_rate: Decimal  # the net investment income tax (IRC 1411), a fraction
    niit_rate_pct: Decimal
    niit_thresholds: dict[str, Decimal]  # filing status -> modified AGI above which it applies (not indexed)
    irmaa: Irmaa
    eitc_top_rate: Decimal  # the earned income credit's highest phaseout percentage (IRC 32(b)(1)), a fraction
    eitc_top_rate_pct: Decimal
    # (tax year, "married-joint" or "other") -> AGI at and above which no one gets the earned income credit
    eitc_highest_limit: dict[tuple[int, str], Decimal]
    eitc_flat_rate_up_to: Decimal  # a federal rate given: the highest at which the credit is possible (percent)
    raw: dict[str, Any]


class IrmaaTier(NamedTuple):
    above: Decimal  # modified AGI above which the tier applies (the last tier: at or above)
    part_b: Decimal  # the monthly Part B premium
    part_d: Decimal  # the monthly amount added to a Part D plan's premium


@dataclass(frozen=True, slots=True)
class Irmaa:
    """Medicare's income-related premiums (SSA 1839(i), 1860D-13(a)(7)) for one premium year: set by modified
    AGI of the year `lookback_years` before it, so a loan offset raises the premiums two years later."""

    premium_year: int
    lookback_years: int
    standard_part_b: Decimal
    tiers: dict[str, tuple[IrmaaTier, ...]]  # filing status -> tiers, ascending

    def monthly(self, filing_status: str, magi: Decimal) -> tuple[Decimal, int]:
        """(Part B premium plus the Part D amount, a month, and the tier: 0 for the standard premium)."""
        rows = self.tiers[filing_status]
        got, tier = self.standard_part_b, 0
        for i, row in enumerate(rows):
            if magi > row.above or (i == len(rows) - 1 and magi == row.above):
                got, tier = row.part_b + row.part_d, i + 1
        return got, tier


@cache
def rules() -> Rules:
    raw = load("rules.json")
    return Rules(
        **_distributions(raw), **_deadlines(raw), **_social_security(raw), **_income_effects(raw), raw=raw
    )


def _distributions(raw: dict[str, Any]) -> dict[str, Any]:
    """The 10% and its ages, the loan limits, when an offset is a qualified one, and required distributions."""
    early = raw["early_distribution_tax"]
    sep = raw["separation_age"]
    return dict(
        early_rate=pct(early["rate_pct"]),
        early_rate_pct=Decimal(early["rate_pct"]),
        half_years=int(raw["age_59_and_half"]["years"]),
        half_months=int(raw["age_59_and_half"]["months"]),
        half_age_months=12 * int(raw["age_59_and_half"]["years"]) + int(raw["age_59_and_half"]["months"]),
        separation_age=int(sep["general"]),
        public_safety_age=int(sep["public_safety"]),
        public_safety_service_years=int(sep["public_safety_service_years"]),
        public_safety_service_from=dt.date.fromisoformat(sep["public_safety_service_years_effective_from"]),
        loan_limit=Decimal(raw["loan_limit"]["amount"]),
        cares_loan_limit=Decimal(raw["loan_limit"]["cares_act_amount"]),
        qplo_months=int(raw["qualified_plan_loan_offset"]["months_after_severance"]),
        qplo_from=dt.date.fromisoformat(raw["qualified_plan_loan_offset"]["effective_from"]),
        rmd_ages=tuple(
            (int(last) if last is not None else None, int(age))
            for last, age in raw["required_minimum_distribution"]["applicable_age"]
        ),
    )


def _deadlines(raw: dict[str, Any]) -> dict[str, Any]:
    """Rollover, filing, payment and cure deadlines."""
    harbor = raw["estimated_tax_safe_harbor"]
    return dict(
        rollover_days=int(raw["rollover_period"]["days"]),
        rollover_period=dt.timedelta(days=int(raw["rollover_period"]["days"])),
        due_month=int(raw["return_due_date"]["month"]),
        due_day=int(raw["return_due_date"]["day"]),
        extension_months=int(raw["automatic_extension"]["months"]),
        safe_harbor_owed_under=Decimal(harbor["owed_under"]),
        safe_harbor_current_pct=Decimal(harbor["current_year_pct"]),
        safe_harbor_prior_pct=Decimal(harbor["prior_year_pct"]),
        safe_harbor_prior_high_pct=Decimal(harbor["prior_year_pct_high_income"]),
        safe_harbor_high_agi=Decimal(harbor["high_income_agi"]),
        estimated_tax_due=tuple(
            (int(d["month"]), int(d["day"]), int(d["years_after"])) for d in raw["estimated_tax_installments"]["due"]
        ),
        tax_table_limit=Decimal(raw["tax_table_limit"]["amount"]),
        cure_quarters=int(raw["loan_cure_period"]["quarters_after_due"]),
    )


def _social_security(raw: dict[str, Any]) -> dict[str, Any]:
    """Social Security benefits made taxable (IRC 86)."""
    ss = raw["social_security_benefits"]
    return dict(
        ss_bases={
            status: (Decimal(base), Decimal(ss["adjusted_base_amount"][status]))
            for status, base in ss["base_amount"].items()
        },
        ss_provisional_share=pct(ss["benefits_in_provisional_income_pct"]),
        ss_first_rate=pct(ss["first_tier_pct"]),
        ss_second_rate=pct(ss["second_tier_pct"]),
        ss_age=int(ss["earliest_retirement_benefit_age"]),
    )


def _income_effects(raw: dict[str, Any]) -> dict[str, Any]:
    """What else a higher AGI costs: the investment income tax, Medicare's premiums, the earned income credit."""
    niit, eitc = raw["net_investment_income_tax"], raw["earned_income_credit"]
    return dict(
        niit_rate=pct(niit["rate_pct"]),
        niit_rate_pct=Decimal(niit["rate_pct"]),
        niit_thresholds={k: Decimal(v) for k, v in niit["threshold"].items()},
        medicare_age=int(raw["medicare_age"]["age"]),
        irmaa=_irmaa(raw["medicare_irmaa"]),
        eitc_top_rate=pct(eitc["top_phaseout_rate_pct"]),
        eitc_top_rate_pct=Decimal(eitc["top_phaseout_rate_pct"]),
        eitc_flat_rate_up_to=Decimal(eitc["flat_rate_up_to_pct"]),
        eitc_highest_limit={
            (int(year), kind): Decimal(amount)
            for year, limits in eitc["highest_agi_limit"].items()
            for kind, amount in limits.items()
        },
    )


def _irmaa(raw: dict[str, Any]) -> Irmaa:
    tables = {k: tuple(IrmaaTier(*(Decimal(x) for x in row)) for row in rows) for k, rows in raw["tiers"].items()}
    # Heads of household and surviving spouses use the single table, as do married people filing separately
    # who lived apart all year (the estimate assumes they lived together: the separate table).
    tables["head-of-household"] = tables["qualifying-surviving-spouse"] = tables["single"]
    return Irmaa(int(raw["premium_year"]), int(raw["lookback_years"]), Decimal(raw["standard_part_b"]), tables)


def rmd_age(birth_year: int) -> int:
    """The age required minimum distributions start at for someone born in `birth_year`."""
    for last, age in rules().rmd_ages:
        if last is None or birth_year <= last:
            return age
    raise AssertionError("rules.json: the last applicable_age row must have no end year")
