"""The tax rules: what an unpaid 401(k) loan costs when it is offset or defaults.

    from calculator import OffsetInput, estimate
    breakdown = estimate(OffsetInput(balance=20000, age=40, event="separation",
                                     filing_status="single", income=60000),
                         today=datetime.date.today())

Pure and synchronous: the figures come from JSON files under calculator/data/,
loaded once. The layout: models/ (what goes in and comes out), engine.py
(estimate), rules/ (one module per tax rule), explain/ (the notes, one module
per section), data/ (the figures and their loaders), cli.py (the command line).
"""

from __future__ import annotations

from calculator.data.federal_years import supported_bracket_years
from calculator.engine import estimate
from calculator.errors import CalculatorError, field_errors
from calculator.explain.notes import N_
from calculator.models import (
    ASSERTABLE_EXCEPTIONS,
    Breakdown,
    DistributionType,
    Event,
    FilingStatus,
    Note,
    OffsetInput,
    PenaltyException,
)
from calculator.rules.deadlines import qualified_offset_deadline, return_due_date
from calculator.rules.state_exclusions import exclusion_age
from calculator.rules.states import has_income_tax

#: Tax years with federal bracket tables (bracket mode); a flat rate works for any year.
SUPPORTED_BRACKET_YEARS: frozenset[int] = supported_bracket_years()

__all__ = [
    "ASSERTABLE_EXCEPTIONS",
    "Breakdown",
    "CalculatorError",
    "DistributionType",
    "Event",
    "FilingStatus",
    "N_",
    "Note",
    "OffsetInput",
    "PenaltyException",
    "SUPPORTED_BRACKET_YEARS",
    "estimate",
    "exclusion_age",
    "field_errors",
    "has_income_tax",
    "qualified_offset_deadline",
    "return_due_date",
]
