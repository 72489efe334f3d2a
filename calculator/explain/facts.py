"""What `estimate()` decided on the way to its figures, kept for the notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

from calculator.rules.federal import BracketResult
from calculator.rules.penalty import ExceptionDecision
from calculator.rules.state_brackets import StateBracketResult


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
