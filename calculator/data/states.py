"""Which states tax a 401(k) distribution, and how (data/states.json): rates set by law, exclusions of
retirement income, additional taxes on early distributions, local income taxes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from calculator.data.files import load, pct
from calculator.data.state_bracket_years import state_bracket_states


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
    raw = load("states.json")
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
        additional_rate={k: pct(v["rate_pct"]) for k, v in extra.items()},
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
