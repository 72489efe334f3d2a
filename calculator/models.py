"""What the calculator takes and what it gives back.

These models are the calculator's whole public contract: the conversation layer
builds an `OffsetInput`, calls `estimate()`, and presents the `Breakdown`.
Validation messages are written for people, because the command line and the
chat both show them as they are.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from calculator.ages import age_at
from calculator.deadlines import cure_period_end
from calculator.english import render
from calculator.parameters import state_rules


class Event(StrEnum):
    """What made the loan come due."""

    SEPARATION = "separation"  # left the job (quit, fired, laid off, retired)
    PLAN_TERMINATION = "plan-termination"  # the employer ended the plan
    DEFAULT = "default"  # stopped repaying while still employed


class FilingStatus(StrEnum):
    SINGLE = "single"
    MARRIED_JOINT = "married-joint"
    MARRIED_SEPARATE = "married-separate"
    HEAD_OF_HOUSEHOLD = "head-of-household"
    # Widowed in the two years before, with a dependent child (IRC 2(a)): the joint brackets
    # and standard deduction, but one person's additional deduction and a single's senior phase-out.
    QUALIFYING_SURVIVING_SPOUSE = "qualifying-surviving-spouse"


class DistributionType(StrEnum):
    QUALIFIED_PLAN_LOAN_OFFSET = "qualified_plan_loan_offset"
    PLAN_LOAN_OFFSET = "plan_loan_offset"
    DEEMED_DISTRIBUTION = "deemed_distribution"


class PenaltyException(StrEnum):
    """Exceptions to the 10% additional tax (IRC 72(t)).

    The first three the calculator decides itself from the dates and ages; the
    rest are what the person asserts, since whether they can cover a loan
    offset is not settled law.
    """

    AGE_59_AND_HALF = "age_59_and_half"
    SEPARATION_AT_55 = "separation_at_55"
    PUBLIC_SAFETY = "public_safety"
    DEATH = "death"
    DISABILITY = "disability"
    TERMINAL_ILLNESS = "terminal_illness"
    IRS_LEVY = "irs_levy"
    QUALIFIED_RESERVIST = "qualified_reservist"
    BIRTH_OR_ADOPTION = "birth_or_adoption"
    EMERGENCY_EXPENSE = "emergency_expense"
    DOMESTIC_ABUSE = "domestic_abuse"
    QUALIFIED_DISASTER = "qualified_disaster"
    MEDICAL_EXPENSES = "medical_expenses"
    # Not an exception: a governmental 457(b) plan is not a "qualified retirement plan" (IRC 4974(c)), so the
    # 10% does not reach it (IRC 72(t)(1)); decided from the input, like the first three.
    GOVERNMENTAL_457B = "governmental_457b"


#: Exceptions a person may assert (the rest are decided from the facts).
ASSERTABLE_EXCEPTIONS = frozenset(PenaltyException) - {
    PenaltyException.AGE_59_AND_HALF,
    PenaltyException.SEPARATION_AT_55,
    PenaltyException.PUBLIC_SAFETY,
    PenaltyException.GOVERNMENTAL_457B,
}


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
        # Read from the field dict once: this runs for every input, and each
        # attribute lookup on a model costs about as much as the check itself.
        v = self.__dict__
        age, birth_date, offset_date = v["age"], v["birth_date"], v["offset_date"]
        missed = v["missed_payment_date"]
        if missed is not None:
            if v["missed_payment_month"]:
                missed = v["missed_payment_date"] = missed.replace(day=1)
            if v["event"] is not Event.DEFAULT:
                raise _inconsistent("missed_payment_date", "a missed payment date goes with the event default "
                                    "(missed payments while still employed)")
            cure_end = cure_period_end(missed)
            if offset_date is None:
                offset_date = v["offset_date"] = cure_end  # uncured: deemed at the end of the cure period
            elif offset_date < missed:
                raise _inconsistent("offset_date", f"the deemed distribution cannot come before the missed payment ({missed})")
            elif offset_date > cure_end:
                raise _inconsistent(
                    "offset_date",
                    f"a payment missed on {missed} is a deemed distribution by {cure_end} at the latest, the end of "
                    "the longest cure period allowed (Treas. Reg. 1.72(p)-1 Q&A-10)",
                )
        else:
            if v["missed_payment_month"]:
                raise _inconsistent("missed_payment_month",
                                    "missed_payment_month needs a missed_payment_date (any day of the month)")
            if offset_date is None:
                offset_date = v["offset_date"] = dt.date.today()
        if birth_date is None:
            if age is None:
                raise _inconsistent("age", "age or birth date is required")
        else:
            if birth_date >= offset_date:
                raise _inconsistent("birth_date", "birth date must be before the offset date")
            years = age_at(birth_date, offset_date)
            if not 14 <= years <= 120:
                raise _inconsistent("birth_date", f"birth date gives an age of {years} on the offset date; allowed 14 to 120")
            if age is not None and age != years:
                raise _inconsistent("age", f"age {age} does not match the birth date (age {years} on the offset date)")
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
        separation_date = v["separation_date"]
        if separation_date is not None:
            if v["separation_month"]:
                separation_date = v["separation_date"] = separation_date.replace(day=1)
            if separation_date > offset_date:
                raise _inconsistent("separation_date", "separation date cannot be after the offset date")
        elif v["separation_month"]:
            raise _inconsistent("separation_month", "separation_month needs a separation_date (any day of the month)")
        rollover, balance = v["rollover"], v["balance"]
        if rollover:
            if rollover > balance:
                raise _inconsistent("rollover", f"rollover cannot be more than the loan balance ({balance})")
            if v["event"] is Event.DEFAULT:
                raise _inconsistent("rollover", "rollover is not possible: a deemed distribution cannot be rolled over")
        account_basis, account_balance = v["account_basis"], v["account_balance"]
        if account_basis is not None or account_balance is not None:
            if account_basis is None or account_balance is None:
                raise _inconsistent("account_basis", "account balance and account basis go together")
            if account_basis > account_balance:
                raise _inconsistent("account_basis", "account basis cannot be more than the account balance")
            if account_balance < balance:
                raise _inconsistent("account_balance", "account balance (loan included) cannot be less than the loan balance")
        if v["roth_qualified"] and not v["designated_roth"]:
            raise _inconsistent("roth_qualified", "a qualified Roth distribution needs a designated Roth account")
        return self


NoteParam = Decimal | dt.date | int | str


class Note(BaseModel):
    """One rule that applied, explained in plain words.

    `template` is an English sentence with `{name}` placeholders, marked for
    translation with `N_` so gettext can extract it; `params` fill it. The
    calculator renders it in English (`text`); a front end may translate the
    template and format the params for the person's locale instead (Decimal
    params are US dollars unless the name ends in `_pct`).

    `text` is rendered on first read and kept: the chat translates the
    template instead, and formatting every param in English cost more than
    all the rules together. It is still part of `model_dump()` and the JSON.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    template: str
    params: dict[str, NoteParam] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def text(self) -> str:
        return render(self.template, self.params)


class Breakdown(BaseModel):
    """The tax cost of one offset, item by item, with the rules that applied.

    Money is in USD, rounded to cents (ROUND_HALF_UP); `effective_rate` is a
    percent with two decimals.
    """

    model_config = ConfigDict(frozen=True)

    distribution_type: DistributionType
    form_1099r_code: str
    rollover_eligible: bool
    rollover_deadline: dt.date | None
    offset_amount: Decimal
    rolled_over: Decimal
    taxable_amount: Decimal
    federal_income_tax: Decimal
    federal_marginal_rate: Decimal | None = Field(
        default=None, description="Top bracket the offset reaches (bracket mode), or the rate given."
    )
    early_withdrawal_penalty: Decimal
    penalty_exception: str | None
    state_income_tax: Decimal
    state_additional_tax: Decimal
    total_tax: Decimal
    effective_rate: Decimal
    withholding: Decimal
    set_aside: Decimal
    retirement_value_lost: Decimal
    years_to_retirement: int
    tax_year: int
    birthday_would_change: bool = Field(
        default=False, description="With an age alone, the answer depends on the birthday (59½, 55/50 at separation, 65)."
    )
    separation_date_would_change: bool = Field(
        default=False,
        description="No separation date given: leaving the year before the offset (still within 12 months) "
        "would change the 10% (the rule of 55, or 50 for public safety).",
    )
    loan_still_owed: bool = Field(default=False, description="Deemed distribution: the loan must still be repaid.")
    cure_deadline: dt.date | None = Field(
        default=None,
        description="With a missed payment date: the last day the missed payments can be made up, at the longest "
        "cure period allowed (Treas. Reg. 1.72(p)-1 Q&A-10(a)); the plan may allow less.",
    )
    cure_possible: bool = Field(default=False, description="The cure deadline is today or later: making up the "
                                "missed payments by then avoids the deemed distribution.")
    state_retirement_exclusion: bool | None = Field(
        default=False,
        description="The state excludes retirement income from an age (Iowa: 55 by December 31) and this person "
        "qualifies: true; false when they do not or the state has no such rule; null when the birthday decides "
        "(the figures assume they do not).",
    )
    state_exclusion_amount: Decimal | None = Field(
        default=None,
        description="The retirement income the state excludes a year from this person's distribution (Kentucky "
        "$31,110; Georgia $35,000 from 62, $65,000 from 65, by December 31), assuming no other retirement "
        "income used it up; 0 below Georgia's ages; null where the state has no such amount.",
    )
    social_security_made_taxable: Decimal | None = Field(
        default=None,
        description="With Social Security benefits given: how much more of them the offset makes taxable "
        "(IRC 86), already in federal_income_tax; null without benefits.",
    )
    state_marginal_rate: Decimal | None = Field(
        default=None,
        description="The rate the state income tax was worked out at: the one given or set by the state's law "
        "(even where an exclusion leaves nothing to tax at it), or, by the state's brackets, the top one the offset "
        "reaches; null where the state does not tax this distribution or no rate is known.",
    )
    state_brackets_year: int | None = Field(
        default=None,
        description="The year of the state tables the state income tax was worked out by (California's 2025 "
        "figures for 2026 too, as its Form 540-ES directs); null when a rate was used.",
    )
    # How to write the notes: (explain, input, facts) from `estimate()`, called
    # when `note_details` is first read.
    _explain: tuple = PrivateAttr(default=())

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def note_details(self) -> list[Note]:
        """The rules that applied, in order.

        Written on first read and kept (see `calculator.explain`): most
        estimates are never explained. Still part of `model_dump()` and the
        JSON, before `notes`, as when it was a plain field.
        """
        explain = self.__pydantic_private__["_explain"]  # type: ignore[index]
        if not explain:
            return []
        fn, inp, facts = explain
        return [row if row.__class__ is Note else _note(row[0], row[1], row[2]) for row in fn(self, inp, facts)]

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def notes(self) -> list[str]:
        """The English text of each note, in order; rendered on first read (see `Note.text`)."""
        return [n.text for n in self.note_details]


_set_dict = object.__setattr__
# BaseModel keeps these three in __slots__; their descriptors' __set__ is about
# a third cheaper than object.__setattr__ on this hot path.
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(cls: type[BaseModel], values: dict) -> BaseModel:  # noqa: ANN001
    """Build a model from values the calculator already validated, with every field given.

    What `model_construct` does for models without aliases, extras or
    private attributes, minus its per-field loop: the Breakdown and its notes
    are built tens of thousands of times a second.
    """
    m = cls.__new__(cls)
    _set_dict(m, "__dict__", values)
    _set_fields_set(m, set(values))
    _set_extra(m, None)
    _set_private(m, None)
    return m


def _note(code: str, template: str, params: dict) -> Note:
    m = _new_note(Note)
    _set_dict(m, "__dict__", {"code": code, "template": template, "params": params})
    _set_fields_set(m, {"code", "template", "params"})
    _set_extra(m, None)
    _set_private(m, None)
    return m  # type: ignore[return-value]


_new_note = Note.__new__
_new_breakdown = Breakdown.__new__
# Every Breakdown field is always given, so every Breakdown shares one
# fields-set. Pydantic changes that set only in __setattr__, which a frozen
# model refuses, and model_copy copies it before updating.
_BREAKDOWN_FIELDS = set(Breakdown.model_fields)


def new_breakdown(values: dict, explain: tuple) -> Breakdown:
    """A Breakdown from values `estimate()` worked out, with every field given (see `trusted`).

    `explain` is (function, input, facts): `note_details` calls
    function(breakdown, input, facts) for its notes when first read.
    """
    m = _new_breakdown(Breakdown)
    _set_dict(m, "__dict__", values)
    _set_fields_set(m, _BREAKDOWN_FIELDS)
    _set_extra(m, None)
    _set_private(m, {"_explain": explain})
    return m


# --- validation messages for people ------------------------------------------

_PLAIN = {
    "missing": "is required",
    "finite_number": "must be a finite number",
    "decimal_parsing": "must be a number",
    "decimal_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "extra_forbidden": "is not a known input",
}


def _number(value: object) -> str:
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def field_errors(error: ValidationError) -> list[tuple[str, str]]:
    """(field, message) pairs for an OffsetInput ValidationError, worded for people.

    Model-level checks (e.g. rollover above the balance) name the field they
    are about, so a front end can always point at the one input to change.
    """
    out: list[tuple[str, str]] = []
    for item in error.errors():
        kind = item["type"]
        ctx = item.get("ctx") or {}
        field = ".".join(str(p) for p in item["loc"]) or str(ctx.get("field", ""))
        if kind == "greater_than":
            message = f"must be more than {_number(ctx['gt'])}"
        elif kind == "greater_than_equal":
            message = f"must be at least {_number(ctx['ge'])}"
        elif kind == "less_than_equal":
            message = f"must be at most {_number(ctx['le'])}"
        elif kind == "less_than":
            message = f"must be less than {_number(ctx['lt'])}"
        elif kind == "enum":
            message = f"must be one of: {ctx.get('expected', '')}"
        elif kind in _PLAIN:
            message = _PLAIN[kind]
        elif kind == "value_error" and "error" in ctx:
            message = str(ctx["error"])
        else:
            message = item["msg"]
        out.append((field, message))
    return out
