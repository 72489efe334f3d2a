"""Tax figures, loaded once from the JSON files in `calculator/data/`.

Every number the rules use lives in those files next to the document it comes
from, so a new tax year is a new file, not a code change. Loading turns the
strings into `Decimal` tables once (functools.cache) so estimating does no I/O.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, NamedTuple

_HUNDRED = Decimal(100)
_NO_CENTS = Decimal("0.00")


def _load(name: str) -> dict[str, Any]:
    return json.loads(resources.files("calculator").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


def _pct(value: str) -> Decimal:
    return Decimal(value) / _HUNDRED


@dataclass(frozen=True, slots=True)
class BracketTable:
    """One filing status's brackets, as floors, rates and the intercept of each bracket's tax line."""

    floors: tuple[Decimal, ...]  # lower end of each bracket, ascending, first is 0
    rates: tuple[Decimal, ...]  # as fractions (0.10)
    rates_pct: tuple[Decimal, ...]  # as printed (10)
    # (tax on income up to the floor) - floor * rate: the tax on x in a bracket is
    # x * rate + intercept, exactly base + (x - floor) * rate (all exact in Decimal)
    # with one operation fewer.
    intercepts: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class StatusFigures:
    """One filing status's figures for one year, gathered at load time so the
    rules do one dict lookup per estimate instead of one per figure."""

    table: BracketTable
    standard: Decimal
    additional: tuple[Decimal, Decimal, Decimal]  # 65-or-older amount for 0, 1 and 2 people
    # standard + additional for 0, 1 and 2 people, in cents: what is deducted
    # when no senior deduction applies (written as when $0.00 of it was added).
    deductions: tuple[Decimal, Decimal, Decimal]
    joint: bool  # a spouse's age counts (married filing jointly)
    senior_threshold: Decimal | None  # None: no senior deduction for this status or year


@dataclass(frozen=True, slots=True)
class FederalYear:
    tax_year: int
    brackets: dict[str, BracketTable]
    standard_deduction: dict[str, Decimal]
    additional_age: int
    additional_married: Decimal
    additional_unmarried: Decimal
    senior_age: int
    senior_amount: Decimal
    senior_phaseout_rate: Decimal
    senior_threshold: dict[str, Decimal]  # no entry: not allowed for that status
    sources: dict[str, str]
    by_status: dict[str, StatusFigures]  # the above, per filing status


def _status_figures(
    status: str, table: BracketTable, standard: Decimal, married: Decimal, unmarried: Decimal,
    senior_amount: Decimal, threshold: Decimal | None,
) -> StatusFigures:
    # IRC 63(f)(3): the larger amount is for someone "not married and not a surviving spouse".
    per_person = married if status in ("married-joint", "married-separate", "qualifying-surviving-spouse") else unmarried
    # Multiplied, not written as 0/per_person/2*per_person, so the Decimals
    # (and their exponents, which show in note params) are what they always were.
    additional = (per_person * 0, per_person * 1, per_person * 2)
    return StatusFigures(
        table=table,
        standard=standard,
        additional=additional,
        deductions=tuple(standard + a + _NO_CENTS for a in additional),  # type: ignore[arg-type]
        joint=status == "married-joint",
        senior_threshold=threshold if senior_amount else None,
    )


def _bracket_table(rows: list[list[str | None]]) -> BracketTable:
    floors: list[Decimal] = [Decimal(0)]
    rates: list[Decimal] = []
    rates_pct: list[Decimal] = []
    base: list[Decimal] = [Decimal(0)]
    for top, rate in rows:
        assert rate is not None
        rates_pct.append(Decimal(rate))
        rates.append(_pct(rate))
        if top is not None:
            top_d = Decimal(top)
            base.append(base[-1] + (top_d - floors[-1]) * rates[-1])
            floors.append(top_d)
    intercepts = tuple(b - f * r for b, f, r in zip(base, floors, rates, strict=True))
    return BracketTable(tuple(floors), tuple(rates), tuple(rates_pct), intercepts)


@cache
def _federal_files() -> dict[int, FederalYear]:
    years: dict[int, FederalYear] = {}
    folder = resources.files("calculator").joinpath("data").joinpath("federal")
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        raw = json.loads(entry.read_text(encoding="utf-8"))
        add = raw["additional_standard_deduction"]
        # The senior deduction exists for 2025-2028 only; a later year's file omits it.
        senior = raw.get("senior_deduction") or {
            "age": 65, "amount_per_person": "0", "phaseout_rate_pct": "0", "phaseout_threshold": {}
        }
        brackets = {k: _bracket_table(v) for k, v in raw["brackets"].items() if not k.startswith("_")}
        standard = {k: Decimal(v) for k, v in raw["standard_deduction"].items()}
        married, unmarried = Decimal(add["married"]), Decimal(add["unmarried"])
        senior_amount = Decimal(senior["amount_per_person"])
        thresholds = {k: Decimal(v) for k, v in senior["phaseout_threshold"].items()}
        year = FederalYear(
            tax_year=int(raw["tax_year"]),
            brackets=brackets,
            standard_deduction=standard,
            additional_age=int(add["age"]),
            additional_married=married,
            additional_unmarried=unmarried,
            senior_age=int(senior["age"]),
            senior_amount=senior_amount,
            senior_phaseout_rate=_pct(senior["phaseout_rate_pct"]),
            senior_threshold=thresholds,
            sources=dict(raw["sources"]),
            by_status={
                k: _status_figures(k, table, standard[k], married, unmarried, senior_amount, thresholds.get(k))
                for k, table in brackets.items()
            },
        )
        years[year.tax_year] = year
    return years


def federal_year(year: int) -> FederalYear | None:
    return _federal_files().get(year)


def supported_bracket_years() -> frozenset[int]:
    return frozenset(_federal_files())


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
    raw = _load("rules.json")
    early = raw["early_distribution_tax"]
    sep = raw["separation_age"]
    harbor = raw["estimated_tax_safe_harbor"]
    ss = raw["social_security_benefits"]
    return Rules(
        early_rate=_pct(early["rate_pct"]),
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
        ss_bases={
            status: (Decimal(base), Decimal(ss["adjusted_base_amount"][status]))
            for status, base in ss["base_amount"].items()
        },
        ss_provisional_share=_pct(ss["benefits_in_provisional_income_pct"]),
        ss_first_rate=_pct(ss["first_tier_pct"]),
        ss_second_rate=_pct(ss["second_tier_pct"]),
        ss_age=int(ss["earliest_retirement_benefit_age"]),
        medicare_age=int(raw["medicare_age"]["age"]),
        rmd_ages=tuple(
            (int(last) if last is not None else None, int(age))
            for last, age in raw["required_minimum_distribution"]["applicable_age"]
        ),
        niit_rate=_pct(raw["net_investment_income_tax"]["rate_pct"]),
        niit_rate_pct=Decimal(raw["net_investment_income_tax"]["rate_pct"]),
        niit_thresholds={k: Decimal(v) for k, v in raw["net_investment_income_tax"]["threshold"].items()},
        irmaa=_irmaa(raw["medicare_irmaa"]),
        eitc_top_rate=_pct(raw["earned_income_credit"]["top_phaseout_rate_pct"]),
        eitc_top_rate_pct=Decimal(raw["earned_income_credit"]["top_phaseout_rate_pct"]),
        eitc_flat_rate_up_to=Decimal(raw["earned_income_credit"]["flat_rate_up_to_pct"]),
        eitc_highest_limit={
            (int(year), kind): Decimal(amount)
            for year, limits in raw["earned_income_credit"]["highest_agi_limit"].items()
            for kind, amount in limits.items()
        },
        raw=raw,
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


@dataclass(frozen=True, slots=True)
class StateRules:
    codes: frozenset[str]
    names: dict[str, str]
    no_income_tax: frozenset[str]
    exempt_plan_distributions: frozenset[str]
    cost_recovery: frozenset[str]
    additional_rate: dict[str, Decimal]  # state -> fraction
    additional_rate_pct: dict[str, Decimal]
    additional_form: dict[str, str]
    possibly_not_conformed: dict[str, frozenset[str]]
    age_exclusion: dict[str, tuple[int, int]]  # state -> (age by December 31, first tax year)
    exclusion_amount: dict[str, Decimal]  # state -> retirement income excluded a year per person, at any age
    # state -> ((age by December 31, amount excluded from that age), ...), ascending (Georgia: 62, 65)
    exclusion_tiers: dict[str, tuple[tuple[int, Decimal], ...]]
    exclusion_disabled: dict[str, Decimal]  # state -> the amount for the disabled below the first tier's age
    exclusion_cite: dict[str, str]  # state -> the law that sets its tiers, as the notes cite it
    exclusion_base: dict[str, Decimal]  # state -> the amount below the first tier's age (South Carolina: $3,000)
    # States whose exclusion leaves out distributions that owe the federal 10% (South Carolina: "not subject to
    # a penalty for premature distribution").
    exclusion_not_with_early_tax: frozenset[str]
    exclusion_counts_investment_income: frozenset[str]  # Georgia: interest and dividends use it up too
    # state -> (a deduction from 65 by December 31 against any income, the exclusion included; its law)
    age_65_deduction: dict[str, tuple[Decimal, str]]
    # (state, tax year) -> the single rate the state's law sets on all income (percent), for states with one
    flat_rates: dict[tuple[str, int], Decimal]
    flat_rate_cite: dict[str, str]
    by_brackets: frozenset[str]  # states with tables for their own brackets (data/state_brackets/), some year
    untaxed: frozenset[str]  # no_income_tax and exempt_plan_distributions: no tax on a 401(k) distribution
    local_tax: dict[str, LocalTax]  # states whose counties, cities or school districts also tax it


class LocalTax(NamedTuple):
    """A state's local income taxes that reach a 401(k) distribution (states.json, local_income_tax). The
    estimate has no rate of its own for them: the person's state rate is asked with the local one in it."""

    kind: str  # "county" (every county: Maryland, Indiana), "city" (New York City, Yonkers), "school_district"
    cite: str
    example: tuple[Decimal, Decimal]  # a state rate and a local one, for "e.g. 4.75% + 3.2%"
    city_rates: tuple[Decimal, Decimal] | None  # New York City's lowest and highest rates
    surcharge: Decimal | None  # Yonkers: percent of the net state tax


@cache
def state_rules() -> StateRules:
    raw = _load("states.json")
    extra = raw["early_distribution_additional_tax"]
    exclusions = raw.get("retirement_income_exclusion_amount", {})

    def each(key: str, convert: Callable[[Any], Any]) -> dict[str, Any]:  # the states whose exclusion has `key`
        return {k: convert(v[key]) for k, v in exclusions.items() if key in v}

    def amounts(key: str) -> dict[str, Decimal]:
        return each(key, Decimal)

    return StateRules(
        codes=frozenset(raw["codes"]),
        names=dict(raw["names"]),
        no_income_tax=frozenset(raw["no_income_tax"]["codes"]),
        exempt_plan_distributions=frozenset(raw["exempt_qualified_plan_distributions"]),
        cost_recovery=frozenset(raw["cost_recovery"]),
        additional_rate={k: _pct(v["rate_pct"]) for k, v in extra.items()},
        additional_rate_pct={k: Decimal(v["rate_pct"]) for k, v in extra.items()},
        additional_form={k: v["form"] for k, v in extra.items()},
        possibly_not_conformed={k: frozenset(v.get("exceptions_possibly_not_conformed", ())) for k, v in extra.items()},
        age_exclusion={
            k: (int(v["age_by_year_end"]), int(v["effective_from_year"]))
            for k, v in raw.get("retirement_income_exclusion_by_age", {}).items()
        },
        exclusion_amount=amounts("amount_per_person"),
        exclusion_tiers=each("by_age_by_year_end", lambda tiers: tuple((int(age), Decimal(amount)) for age, amount in tiers)),
        exclusion_cite=each("cite", str),
        exclusion_disabled=amounts("disabled_amount"),
        exclusion_base=amounts("amount_at_any_age"),
        exclusion_not_with_early_tax=frozenset(k for k, v in exclusions.items() if v.get("not_with_early_distribution_tax")),
        exclusion_counts_investment_income=frozenset(k for k, v in exclusions.items() if v.get("includes_investment_income")),
        flat_rates={
            (k, int(year)): Decimal(rate)
            for k, v in raw.get("flat_income_tax_rate", {}).items()
            for year, rate in v["by_year"].items()
        },
        flat_rate_cite={k: v["cite"] for k, v in raw.get("flat_income_tax_rate", {}).items()},
        age_65_deduction={k: (Decimal(v["age_65_deduction_in_all"]), v["age_65_deduction_cite"])
                          for k, v in exclusions.items() if "age_65_deduction_in_all" in v},
        by_brackets=state_bracket_states(),
        untaxed=frozenset(raw["no_income_tax"]["codes"]) | frozenset(raw["exempt_qualified_plan_distributions"]),
        local_tax={
            k: LocalTax(
                v["kind"], v["cite"], (Decimal(v["example_pct"][0]), Decimal(v["example_pct"][1])),
                (Decimal(v["city_rates_pct"][0]), Decimal(v["city_rates_pct"][1])) if "city_rates_pct" in v else None,
                Decimal(v["surcharge_pct"]) if "surcharge_pct" in v else None,
            )
            for k, v in raw.get("local_income_tax", {}).items() if not k.startswith("_")
        },
    )


@dataclass(frozen=True, slots=True)
class StateBracketYear:
    """A state's own brackets, deduction and credits for one year's figures (data/state_brackets/),
    for working its tax out from the filing status and income the federal brackets already use."""

    state: str
    figures_year: int  # the year the figures are for
    tax_year: int  # the year they are used for (California's 2025 figures for 2026, as its Form 540-ES does)
    estimated_by: str | None  # why another year's figures stand in (None: the year's own)
    estimate_form: str  # the state's estimated-tax form, which says so
    tables: dict[str, BracketTable]  # filing status -> brackets
    standard: dict[str, Decimal]
    credit: Decimal  # one personal or senior exemption credit
    personal_credits: dict[str, int]  # filing status -> personal exemption credits
    senior_age: int  # a senior credit for each spouse this old on the last day of the year
    phaseout_start: dict[str, Decimal]  # federal AGI above which each credit shrinks
    phaseout_step: dict[str, Decimal]
    phaseout_per_step: Decimal
    phaseout_cite: str
    surtax_threshold: Decimal | None  # taxable income above which a surtax applies (California: $1,000,000)
    surtax_rate: Decimal
    surtax_rate_pct: Decimal
    surtax_name: str
    surtax_cite: str
    tax_table_limit: Decimal | None  # below it the state's return uses a tax table, not the formula
    # A credit for renters that ends above an AGI (California's, a cliff): filing status -> (amount, AGI limit)
    renters_credit: dict[str, tuple[Decimal, Decimal]]
    renters_credit_cite: str
    exempt_unemployment_cite: str | None  # the law that leaves unemployment benefits out of the state's income
    cite: str
    sources: dict[str, str]


@cache
def _state_bracket_files() -> dict[tuple[str, int], StateBracketYear]:
    found: dict[tuple[str, int], StateBracketYear] = {}
    folder = resources.files("calculator").joinpath("data").joinpath("state_brackets")
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        raw = json.loads(entry.read_text(encoding="utf-8"))
        credits, surtax = raw["exemption_credits"], raw.get("surtax")
        phaseout = credits["phaseout"]
        for used_for, why in raw["used_for_tax_years"].items():
            year = StateBracketYear(
                state=raw["state"],
                figures_year=int(raw["tax_year"]),
                tax_year=int(used_for),
                estimated_by=why,
                estimate_form=raw.get("estimate_form", ""),
                tables={k: _bracket_table(v) for k, v in raw["brackets"].items() if not k.startswith("_")},
                standard={k: Decimal(v) for k, v in raw["standard_deduction"].items()},
                credit=Decimal(credits["amount"]),
                personal_credits={k: int(v) for k, v in credits["personal"].items()},
                senior_age=int(credits["senior_age"]),
                phaseout_start={k: Decimal(v) for k, v in phaseout["start"].items()},
                phaseout_step={k: Decimal(v) for k, v in phaseout["step"].items()},
                phaseout_per_step=Decimal(phaseout["reduction_per_step"]),
                phaseout_cite=phaseout["cite"],
                surtax_threshold=Decimal(surtax["threshold"]) if surtax else None,
                surtax_rate=_pct(surtax["rate_pct"]) if surtax else Decimal(0),
                surtax_rate_pct=Decimal(surtax["rate_pct"]) if surtax else Decimal(0),
                surtax_name=surtax["name"] if surtax else "",
                surtax_cite=surtax["cite"] if surtax else "",
                tax_table_limit=Decimal(raw["tax_table_limit"]) if raw.get("tax_table_limit") else None,
                renters_credit={
                    k: (Decimal(v), Decimal(renters["agi_limit"][k])) for k, v in renters["amount"].items()
                } if (renters := raw.get("renters_credit")) else {},
                renters_credit_cite=renters["cite"] if renters else "",
                exempt_unemployment_cite=(raw.get("exempt_unemployment") or {}).get("cite"),
                cite=raw["cite"],
                sources=dict(raw["sources"]),
            )
            found[(year.state, year.tax_year)] = year
    return found


def state_bracket_year(state: str, tax_year: int) -> StateBracketYear | None:
    """The figures to work a state's tax out by its brackets for a tax year, or None (then a rate is needed)."""
    return _state_bracket_files().get((state, tax_year))


def state_bracket_states() -> frozenset[str]:
    return frozenset(state for state, _ in _state_bracket_files())
