"""What a one-line message gave."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from calculator.models import Event, FilingStatus

__all__ = ["QuickAnswers"]


@dataclass(frozen=True, slots=True)
class QuickAnswers:
    """What a one-line message gave; None where it said nothing."""

    balance: Decimal | None = None
    age: int | None = None
    event: Event | None = None
    rate: Decimal | None = None
    state: str | None = None
    offset_date: dt.date | None = None  # a typed date: the day of the offset
    plan_457b: bool = False  # "457(b)", "457b", "457 plan": a governmental 457(b), which owes no 10%
    birth_date: dt.date | None = None  # "born 5/14/1969": the age on the day of the offset comes from it
    left_time: str | None = None  # "in September", "September 2025", "last month": when they left, as said
    state_rate: Decimal | None = None  # "CA 9.3%": a rate written right after the state is the state's
    filing_status: FilingStatus | None = None  # "single", "married filing jointly", "hoh"...
    income: Decimal | None = None  # "60k income", "salary $60,000", "I make 60k": the year's other income
    married: bool = False  # "married" without jointly or separately (filing_status is None then)
    # Form 1099-R named, its boxes or its code: None if not; else the box 7 code's loan letter, "l" or "m", or "".
    form_1099r: str | None = None

    def married_unsaid(self) -> bool:
        """The brackets would be used but for the filing status, given only as "married"."""
        return self.married and self.rate is None and self.income is not None

    def brackets(self) -> bool:
        """The line gives what the federal brackets need instead of a rate: a filing status and income (a rate
        in the line too is what the person says their tax is, and is kept)."""
        return self.rate is None and self.filing_status is not None and self.income is not None

    def age_answer(self) -> str | None:
        """What the age question takes from the line: the birth date (it gives the age on the offset's day,
        which may be asked after the line), or the age."""
        if self.birth_date is not None:
            return self.birth_date.isoformat()
        return None if self.age is None else str(self.age)

    def count(self) -> int:
        return sum(v is not None for v in (self.balance, self.age or self.birth_date, self.event, self.rate, self.state,
                                           self.offset_date, self.filing_status, self.income))
