"""The calculator's closed sets of values: events, filing statuses, distribution types, 72(t) exceptions."""

from __future__ import annotations

from enum import StrEnum


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

# Enum members bound once as module constants: on Python 3.11 `Event.X` is a
# property lookup, and the rules test these several times per estimate, so the
# rules modules import them from here.
SEPARATION = Event.SEPARATION
PLAN_TERMINATION = Event.PLAN_TERMINATION
DEFAULT = Event.DEFAULT
QPLO = DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
PLO = DistributionType.PLAN_LOAN_OFFSET
DEEMED = DistributionType.DEEMED_DISTRIBUTION
MARRIED_SEPARATE = FilingStatus.MARRIED_SEPARATE
AGE_59_AND_HALF = PenaltyException.AGE_59_AND_HALF
SEPARATION_AT_55 = PenaltyException.SEPARATION_AT_55
PUBLIC_SAFETY = PenaltyException.PUBLIC_SAFETY
DEATH = PenaltyException.DEATH
DISABILITY = PenaltyException.DISABILITY
GOVERNMENTAL_457B = PenaltyException.GOVERNMENTAL_457B
