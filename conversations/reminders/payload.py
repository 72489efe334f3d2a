"""What a reminder carries besides its date: the amount and which deadline it is, as named fields.

Stored as the same small JSON object as before the redesign (``{"amount": "1234.50", "distribution_type":
"qualified_plan_loan_offset"}``; a key only when it has a value), so reminders saved by earlier releases read
back the same. Reading forgives: a value that cannot be used is left out, and the reminder still goes out
with a text that does without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final

CURE: Final = "deemed_distribution"  # the distribution type when the deadline ends a cure period
# ... and when the deadline is the day to pay the tax (an estimated payment's, IRC 6654's installment; or the
# return's, `return_year`), which has reminders of its own next to the rollover's: their kinds start with
# PAYMENT_KIND, so neither series replaces the other.
PAYMENT: Final = "estimated_tax"
PAYMENT_KIND: Final = "tax"


@dataclass(frozen=True, slots=True)
class ReminderPayload:
    """`amount`: what to deposit, or for a payment the tax to pay; None in a group (nothing financial kept
    there). `distribution_type`: the breakdown's, or CURE or PAYMENT for those deadlines. For a payment,
    `avoided_by` ("rollover" or "cure") is what can still make the tax go away, and `return_year` the year
    whose return it is paid with (None: an estimated payment)."""

    amount: Decimal | None = None
    distribution_type: str | None = None
    avoided_by: str | None = None
    return_year: int | None = None

    @property
    def is_payment(self) -> bool:
        return self.distribution_type == PAYMENT

    @property
    def is_cure(self) -> bool:
        return self.distribution_type == CURE

    def to_json(self) -> dict[str, Any]:
        stored = {
            "amount": None if self.amount is None else str(self.amount),
            "distribution_type": self.distribution_type,
            "avoided_by": self.avoided_by,
            "return_year": self.return_year,
        }
        return {name: value for name, value in stored.items() if value is not None}

    @classmethod
    def from_json(cls, stored: Mapping[str, Any]) -> ReminderPayload:
        return cls(
            amount=_amount(stored.get("amount")),
            distribution_type=_text(stored.get("distribution_type")),
            avoided_by=_text(stored.get("avoided_by")),
            return_year=_year(stored.get("return_year")),
        )


def _amount(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount > 0 else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value or None
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None
