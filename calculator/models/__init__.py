"""What the calculator takes and what it gives back: its whole public contract.

The conversation layer builds an `OffsetInput` (inputs), calls `estimate()`,
and presents the `Breakdown` with its `Note`s (breakdown); the enums name the
closed sets of values both use.
"""

from calculator.models.breakdown import Breakdown, Note, NoteParam, new_breakdown, trusted
from calculator.models.enums import ASSERTABLE_EXCEPTIONS, DistributionType, Event, FilingStatus, PenaltyException
from calculator.models.inputs import MAX_AMOUNT, Money, OffsetInput, Percent

__all__ = [
    "ASSERTABLE_EXCEPTIONS",
    "MAX_AMOUNT",
    "Breakdown",
    "DistributionType",
    "Event",
    "FilingStatus",
    "Money",
    "Note",
    "NoteParam",
    "OffsetInput",
    "PenaltyException",
    "Percent",
    "new_breakdown",
    "trusted",
]
