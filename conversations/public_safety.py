"""Public-safety employees and the 10% tax: who could have the 25 years of service that waive it.

IRC 72(t)(10), as amended by SECURE 2.0 section 329, waives the 10% for a
qualified public safety employee who separates in or after the year they turn
50, or after 25 years of service under the plan, whichever comes first. The
chat asks about the job only where the age-50 rule decides the 10% (50-54);
below 50 few people have 25 years of service, so the breakdown offers it as a
what-if instead of asking everyone.
"""

from __future__ import annotations

import datetime as dt

from calculator.models import Breakdown, Event, OffsetInput

__all__ = ["could_have_served", "lowers_the_10_percent", "safety_job_counts", "service_what_if", "service_years_needed"]

#: No public-safety job starts younger, so 25 years of service need 43 or older.
EARLIEST_HIRE = 18


def service_years_needed() -> int:
    from calculator.data.rules import rules

    return rules().public_safety_service_years


def safety_job_counts(safety_job: bool | None, event: Event | None, separation: dt.date | None) -> bool:
    """Whether a public-safety job said yes to waives anything: the exception is for leaving the job, so
    someone who left it, or whose plan ended and who left it too. The answer is kept if the event changes,
    and counts again if it changes back."""
    return bool(safety_job) and (
        event is Event.SEPARATION or (event is Event.PLAN_TERMINATION and separation is not None)
    )


def could_have_served(age: int | None) -> bool:
    """Whether someone this old can have the years of public-safety service that waive the 10%."""
    return age is not None and age >= EARLIEST_HIRE + service_years_needed()


def service_what_if(inputs: OffsetInput, breakdown: Breakdown) -> bool:
    """Whether to offer "what if 25 years in public safety": someone who left the job owes the 10%,
    the age-50 rule would not spare them (so the chat did not ask), and 25 years of service would."""
    if (
        inputs.event is not Event.SEPARATION
        or breakdown.early_withdrawal_penalty <= 0
        or inputs.service_years is not None
        or not could_have_served(inputs.age)
    ):
        return False
    if lowers_the_10_percent(inputs, breakdown, public_safety=True):
        return False
    return lowers_the_10_percent(inputs, breakdown, public_safety=True, service_years=service_years_needed())


def lowers_the_10_percent(inputs: OffsetInput, breakdown: Breakdown, today: dt.date | None = None, **change: object) -> bool:
    """Whether the input with `change` (an answer not asked) owes less 10% tax than `breakdown` says."""
    if breakdown.early_withdrawal_penalty <= 0:
        return False
    from calculator import estimate

    return estimate(inputs.model_copy(update=change), today=today).early_withdrawal_penalty < (
        breakdown.early_withdrawal_penalty
    )
