"""A conversation's answers: one typed field per thing the questions ask or note.

A field not set was not asked yet; set to None, it was asked and skipped (or, for
some, None is an answer: `federal_rate` None is "not sure: work it out from the
brackets", `offset_date` None is "today, or not yet"). `model_fields_set` keeps the
difference, and the JSON keeps it as today's stores hold it: only the keys set, amounts
and rates as decimal strings, dates as ISO strings (`from_json` / `to_json`).

The model is frozen: an answer makes a new Answers (`merged`, `but`, `without`), so
the history for /back can keep the old ones as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from calculator.models import Event, FilingStatus, OffsetInput
from calculator.rules.deadlines import cure_period_end
from conversations.public_safety import safety_job_counts

__all__ = ["SENIOR", "Answers", "spouse_age"]

#: The spouse's age at year end that "65 or older" (`spouse_65`) stands for.
SENIOR = 65


class Answers(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    balance: Decimal | None = None
    #: A Form 1099-R quoted with the balance: its box 7 loan letter ("m", "l"), "" without one; None: no form.
    form_1099r: str | None = None
    event: Event | None = None
    #: Words that said when they left ("laid off last month"), kept to answer "When did you leave?".
    left_hint: str | None = None
    offset_date: dt.date | None = None  # None: today, or not yet
    missed_payment_date: dt.date | None = None
    missed_payment_month: bool | None = None  # the date stands for its month
    age: int | None = None
    birth_date: dt.date | None = None
    separation_date: dt.date | None = None  # None: within the 12 months before the offset, or still there
    separation_month: bool | None = None  # the date stands for its month
    public_safety: bool | None = None
    service_years: int | None = None
    federal_rate: Decimal | None = None  # None: not sure, worked out by the brackets
    filing_status: FilingStatus | None = None
    income: Decimal | None = None
    social_security: Decimal | None = None  # the year's benefits; None: not counted
    social_security_monthly: Decimal | None = None  # the month's, when they were said so
    spouse_65: bool | None = None
    state: str | None = None
    state_city: str | None = None  # "nyc" or "yonkers": the city whose income tax the state's rate takes in
    state_rate: Decimal | None = None
    #: Said in a one-line answer: the loan is from a governmental 457(b) plan, which owes no 10%.
    governmental_457b: bool | None = None
    #: The questions answered, so "skipped" (None) differs from "not asked".
    asked: tuple[str, ...] = ()

    # --- the JSON boundary ------------------------------------------------------------

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answers:
        """The answers a store holds (the dicts every release so far has written)."""
        return cls.model_validate(data)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)

    # --- new answers from these ---------------------------------------------------------

    def merged(self, update: Answers, **changes: Any) -> Answers:
        """These answers with every answer `update` sets (an update may say more, for its acknowledgement
        only), and `changes`."""
        fields = Answers.model_fields
        taken = {name: getattr(update, name) for name in update.model_fields_set if name in fields}
        return self.model_copy(update={**taken, **changes})

    def but(self, **changes: Any) -> Answers:
        unknown = changes.keys() - type(self).model_fields.keys()
        if unknown:
            raise TypeError(f"not answers: {sorted(unknown)}")
        return self.model_copy(update=changes)

    def without(self, names: tuple[str, ...] | list[str]) -> Answers:
        """These answers with the fields `names` not asked."""
        gone = self.model_fields_set.intersection(names)
        if not gone:
            return self
        return Answers.model_validate({name: getattr(self, name) for name in self.model_fields_set - gone})

    # --- what the answers say -------------------------------------------------------------

    def answered(self, step: str) -> bool:
        return step in self.asked

    @property
    def on_brackets(self) -> bool:
        """The federal rate was answered "not sure": the brackets work it out from filing status and income."""
        return self.federal_rate is None and "federal_rate" in self.model_fields_set

    @property
    def missed_payment(self) -> dt.date | None:
        """The first missed payment's due day, for missed payments (a default) only."""
        if self.event is not Event.DEFAULT:
            return None
        return self.missed_payment_date

    def offset_day(self, today: dt.date) -> dt.date:
        """The day of the offset, or of the deemed distribution: for missed payments not made up, the
        end of the cure period (what the calculator assumes too); else the day given, or today."""
        missed = self.missed_payment
        if missed is not None:
            return cure_period_end(missed)
        return self.offset_date or today

    @property
    def safety_counts(self) -> bool:
        return safety_job_counts(self.public_safety, self.event, self.separation_date)

    def offset_input(self, today: dt.date) -> OffsetInput:
        """The calculator's input from complete answers."""
        rate = self.federal_rate
        missed = self.missed_payment
        safety = self.safety_counts
        brackets = rate is None
        return OffsetInput(
            balance=self.balance,  # type: ignore[arg-type]  # complete answers have one
            age=self.age,
            birth_date=self.birth_date,
            event=self.event,  # type: ignore[arg-type]
            offset_date=self.offset_day(today),
            missed_payment_date=missed,
            missed_payment_month=bool(self.missed_payment_month) and missed is not None,
            separation_date=self.separation_date,
            separation_month=bool(self.separation_month) and self.separation_date is not None,
            federal_rate=rate,
            filing_status=self.filing_status if brackets else None,
            income=self.income if brackets else None,
            social_security=self.social_security if brackets else None,
            spouse_age=spouse_age(self.spouse_65, self.filing_status) if brackets else None,
            state=self.state,
            state_rate=self.state_rate if self.state else None,
            public_safety=safety,
            service_years=self.service_years if safety else None,
            governmental_457b=bool(self.governmental_457b),
        )


def spouse_age(spouse_65: bool | None, filing: FilingStatus | None) -> int | None:
    """The spouse's age the calculator takes from "65 or older" on a joint return."""
    return SENIOR if spouse_65 and filing is FilingStatus.MARRIED_JOINT else None
