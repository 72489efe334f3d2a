"""A state's own brackets, deduction and credits for a year (data/state_brackets/XX-YYYY.json)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from calculator.data.brackets import BracketTable, bracket_table
from calculator.data.files import load_folder, pct


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
    for raw in load_folder("state_brackets"):
        credits, surtax = raw["exemption_credits"], raw.get("surtax")
        phaseout = credits["phaseout"]
        for used_for, why in raw["used_for_tax_years"].items():
            year = StateBracketYear(
                state=raw["state"],
                figures_year=int(raw["tax_year"]),
                tax_year=int(used_for),
                estimated_by=why,
                estimate_form=raw.get("estimate_form", ""),
                tables={k: bracket_table(v) for k, v in raw["brackets"].items() if not k.startswith("_")},
                standard={k: Decimal(v) for k, v in raw["standard_deduction"].items()},
                credit=Decimal(credits["amount"]),
                personal_credits={k: int(v) for k, v in credits["personal"].items()},
                senior_age=int(credits["senior_age"]),
                phaseout_start={k: Decimal(v) for k, v in phaseout["start"].items()},
                phaseout_step={k: Decimal(v) for k, v in phaseout["step"].items()},
                phaseout_per_step=Decimal(phaseout["reduction_per_step"]),
                phaseout_cite=phaseout["cite"],
                surtax_threshold=Decimal(surtax["threshold"]) if surtax else None,
                surtax_rate=pct(surtax["rate_pct"]) if surtax else Decimal(0),
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
