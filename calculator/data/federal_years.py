"""One tax year's federal brackets and deductions (data/federal/YYYY.json), per filing status."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from calculator.data.brackets import BracketTable, bracket_table
from calculator.data.files import load_folder, pct

_NO_CENTS = Decimal("0.00")


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


def _federal_year(raw: dict) -> FederalYear:
    add = raw["additional_standard_deduction"]
    # The senior deduction exists for 2025-2028 only; a later year's file omits it.
    senior = raw.get("senior_deduction") or {
        "age": 65, "amount_per_person": "0", "phaseout_rate_pct": "0", "phaseout_threshold": {}
    }
    brackets = {k: bracket_table(v) for k, v in raw["brackets"].items() if not k.startswith("_")}
    standard = {k: Decimal(v) for k, v in raw["standard_deduction"].items()}
    married, unmarried = Decimal(add["married"]), Decimal(add["unmarried"])
    senior_amount = Decimal(senior["amount_per_person"])
    thresholds = {k: Decimal(v) for k, v in senior["phaseout_threshold"].items()}
    return FederalYear(
        tax_year=int(raw["tax_year"]),
        brackets=brackets,
        standard_deduction=standard,
        additional_age=int(add["age"]),
        additional_married=married,
        additional_unmarried=unmarried,
        senior_age=int(senior["age"]),
        senior_amount=senior_amount,
        senior_phaseout_rate=pct(senior["phaseout_rate_pct"]),
        senior_threshold=thresholds,
        sources=dict(raw["sources"]),
        by_status={
            k: _status_figures(k, table, standard[k], married, unmarried, senior_amount, thresholds.get(k))
            for k, table in brackets.items()
        },
    )


@cache
def _federal_files() -> dict[int, FederalYear]:
    years = (_federal_year(raw) for raw in load_folder("federal"))
    return {year.tax_year: year for year in years}


def federal_year(year: int) -> FederalYear | None:
    return _federal_files().get(year)


def supported_bracket_years() -> frozenset[int]:
    return frozenset(_federal_files())
