"""What the calculator takes: OffsetInput, validated field by field and then as a whole.

Validation messages are written for people, because the command line and the
chat both show them as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from calculator.data.states import state_rules
from calculator.models.enums import ASSERTABLE_EXCEPTIONS, Event, FilingStatus, PenaltyException
from calculator.models.enums import DEFAULT as _DEFAULT
from calculator.rules.ages import age_at
from calculator.rules.deadlines import cure_period_end

# Upper bounds keep Decimal arithmetic exact at 28 digits; no real loan or
# income comes near them. Pydantic itself rejects NaN and infinity
# (allow_inf_nan is off for Decimal), with the error type "finite_number".
MAX_AMOUNT = Decimal(10) ** 12

Money = Annotated[Decimal, Field(le=MAX_AMOUNT, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]


def _inconsistent(field: str, message: str) -> PydanticCustomError:
    # A model-level error has no location; the field in ctx says which input to change.
    return PydanticCustomError("inconsistent_input", message, {"field": field})


class OffsetInput(BaseModel):
    """Everything the calculator needs about one loan offset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    balance: Money = Field(gt=0, description="Unpaid loan balance, accrued interest included, in USD.")
    age: int | None = Field(default=None, ge=14, le=120, description="Age in whole years on the offset date.")
    birth_date: dt.date | None = None
    event: Event
    # None (not given) is resolved by `_consistent`: the end of the cure period
    # for a missed payment, else today. Always a date after validation.
    offset_date: dt.date = Field(
        default=None,  # type: ignore[assignment]
        validate_default=False,
        description="Day of the offset, or of the deemed distribution for a default; default today, or the end "
        "of the cure period when missed_payment_date is given.",
    )
    missed_payment_date: dt.date | None = Field(
        default=None,
        description="Default only: the day the first loan payment you missed was due. The plan may let you make "
        "it up until the end of the next calendar quarter (Treas. Reg. 1.72(p)-1 Q&A-10).",
    )
    missed_payment_month: bool = Field(
        default=False,
        description="missed_payment_date stands for its month: the person said when the first missed payment "
        "was due as a month (\"October 2026\"), which is all the cure period needs (it ends with a calendar "
        "quarter).",
    )
    separation_date: dt.date | None = Field(
        default=None,
        description="Day employment ended; defaults to the offset date for a separation. "
        "For a plan termination give it only if the person also left the job.",
    )
    separation_month: bool = Field(
        default=False,
        description="separation_date stands for its month: the person said when they left as a month "
        "(\"September 2025\"), which settles the year the rule of 55 needs; the 12-month test must hold for "
        "every day of it.",
    )

    # Federal tax: a flat marginal rate, or filing status + other income for brackets.
    federal_rate: Percent | None = None
    filing_status: FilingStatus | None = None
    income: Money | None = Field(
        default=None, ge=0, description="The year's other income (AGI without the offset, and without Social Security "
        "benefits when they are given)."
    )
    social_security: Money | None = Field(
        default=None,
        ge=0,
        description="The year's Social Security benefits (box 5 of Form SSA-1099; both spouses' on a joint return), "
        "with a filing status: the offset can make up to 85% of them taxable (IRC 86).",
    )
    spouse_age: int | None = Field(
        default=None, ge=14, le=120, description="Spouse's age at the end of the tax year (married filing jointly)."
    )

    state: str | None = Field(default=None, description="Two-letter state code.")
    state_rate: Percent | None = None

    public_safety: bool = False
    service_years: int | None = Field(
        default=None,
        ge=0,
        le=80,
        description="Years of service under the plan, for the public-safety 25-year rule (SECURE 2.0).",
    )
    governmental_457b: bool = Field(
        default=False,
        description="The loan is from a governmental 457(b) plan: no 10% additional tax (IRC 72(t)(1), 4974(c)); "
        "amounts rolled into it from other plans, which would owe it (IRC 72(t)(9)), are not split out.",
    )
    exception: PenaltyException | None = Field(default=None, description="A 72(t) exception the person asserts.")
    rollover: Money = Field(default=Decimal(0), ge=0, description="Amount the person rolls over (deposits in an IRA).")

    # Roth / after-tax money: only the earnings share of the offset is income.
    designated_roth: bool = False
    roth_qualified: bool = Field(default=False, description="Roth account held 5+ years (with 59½, death or disability).")
    account_balance: Money | None = Field(default=None, gt=0, description="Whole account, for the pro-rata rule.")
    account_basis: Money | None = Field(default=None, ge=0, description="Roth or after-tax contributions in it.")

    annual_return: Percent = Field(default=Decimal(6), description="Assumed yearly growth, percent.")
    retirement_age: int = Field(default=67, ge=40, le=100)

    @field_validator("state")
    @classmethod
    def _state_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        codes = state_rules().codes
        if value in codes:  # already a code, as the chat and the command line send it
            return value
        code = value.strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise PydanticCustomError("state_code", "must be a two-letter state code such as CA or TX")
        if code not in codes:
            raise PydanticCustomError("state_code", "must be a US state or DC two-letter code such as CA or TX")
        return code

    @field_validator("exception")
    @classmethod
    def _assertable(cls, value: PenaltyException | None) -> PenaltyException | None:
        if value is not None and value not in ASSERTABLE_EXCEPTIONS:
            raise PydanticCustomError(
                "exception_decided",
                "is decided from your age and dates; assert only one of: "
                + ", ".join(sorted(e.value for e in ASSERTABLE_EXCEPTIONS)),
            )
        return value


    @model_validator(mode="after")
    def _consistent(self) -> OffsetInput:
        """The fields together. The checks run in this order, so an input with two faults always hears
        of the same one; the common case (an age, no missed payment, no dates of leaving, nothing rolled
        over) runs no helper: this runs for every input."""
        # Read from the field dict once: each attribute lookup on a model costs about as much as the check itself.
        v = self.__dict__
        if v["missed_payment_date"] is not None:
            _missed_payment(v)
        elif v["missed_payment_month"]:
            raise _inconsistent("missed_payment_month",
                                "missed_payment_month needs a missed_payment_date (any day of the month)")
        elif v["offset_date"] is None:
            v["offset_date"] = dt.date.today()
        if v["birth_date"] is not None:
            _birth_date(v)
        elif v["age"] is None:
            raise _inconsistent("age", "age or birth date is required")
        federal_rate, filing_status = v["federal_rate"], v["filing_status"]
        if federal_rate is None:
            if filing_status is None:
                raise _inconsistent("federal_rate", "give either a federal rate or a filing status with income")
            if v["income"] is None:
                raise _inconsistent("income", "income is required with a filing status")
        elif filing_status is not None:
            raise _inconsistent("federal_rate", "give either a federal rate or a filing status, not both")
        elif v["social_security"] is not None:
            raise _inconsistent("social_security", "Social Security benefits go with a filing status and income: "
                                "a flat rate cannot show how much more of them the offset makes taxable")
        if v["separation_date"] is not None:
            _separation_date(v)
        elif v["separation_month"]:
            raise _inconsistent("separation_month", "separation_month needs a separation_date (any day of the month)")
        if v["rollover"] or v["account_basis"] is not None or v["account_balance"] is not None:
            _amounts(v)
        if v["roth_qualified"] and not v["designated_roth"]:
            raise _inconsistent("roth_qualified", "a qualified Roth distribution needs a designated Roth account")
        return self


def _missed_payment(v: dict) -> None:
    """A default with the day the first missed payment was due: the deemed distribution comes at the end of
    the cure period at the latest, and not before the payment."""
    missed = v["missed_payment_date"]
    if v["missed_payment_month"]:
        missed = v["missed_payment_date"] = missed.replace(day=1)
    if v["event"] is not _DEFAULT:
        raise _inconsistent("missed_payment_date", "a missed payment date goes with the event default "
                            "(missed payments while still employed)")
    cure_end = cure_period_end(missed)
    offset_date = v["offset_date"]
    if offset_date is None:
        v["offset_date"] = cure_end  # uncured: deemed at the end of the cure period
    elif offset_date < missed:
        raise _inconsistent("offset_date", f"the deemed distribution cannot come before the missed payment ({missed})")
    elif offset_date > cure_end:
        raise _inconsistent(
            "offset_date",
            f"a payment missed on {missed} is a deemed distribution by {cure_end} at the latest, the end of "
            "the longest cure period allowed (Treas. Reg. 1.72(p)-1 Q&A-10)",
        )


def _birth_date(v: dict) -> None:
    """A birth date: before the offset, an allowed age on it, and the age given (if any) the same."""
    birth_date, offset_date, age = v["birth_date"], v["offset_date"], v["age"]
    if birth_date >= offset_date:
        raise _inconsistent("birth_date", "birth date must be before the offset date")
    years = age_at(birth_date, offset_date)
    if not 14 <= years <= 120:
        raise _inconsistent("birth_date", f"birth date gives an age of {years} on the offset date; allowed 14 to 120")
    if age is not None and age != years:
        raise _inconsistent("age", f"age {age} does not match the birth date (age {years} on the offset date)")


def _separation_date(v: dict) -> None:
    separation_date = v["separation_date"]
    if v["separation_month"]:
        separation_date = v["separation_date"] = separation_date.replace(day=1)
    if separation_date > v["offset_date"]:
        raise _inconsistent("separation_date", "separation date cannot be after the offset date")


def _amounts(v: dict) -> None:
    """The rollover and the account's figures against the balance."""
    rollover, balance = v["rollover"], v["balance"]
    if rollover:
        if rollover > balance:
            raise _inconsistent("rollover", f"rollover cannot be more than the loan balance ({balance})")
        if v["event"] is _DEFAULT:
            raise _inconsistent("rollover", "rollover is not possible: a deemed distribution cannot be rolled over")
    account_basis, account_balance = v["account_basis"], v["account_balance"]
    if account_basis is not None or account_balance is not None:
        if account_basis is None or account_balance is None:
            raise _inconsistent("account_basis", "account balance and account basis go together")
        if account_basis > account_balance:
            raise _inconsistent("account_basis", "account basis cannot be more than the account balance")
        if account_balance < balance:
            raise _inconsistent("account_balance", "account balance (loan included) cannot be less than the loan balance")
