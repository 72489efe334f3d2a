"""The probe of unknowns: what the estimate from the answers so far could not settle.

Several questions (the birthday, the day of leaving, a spouse of 65, a public-safety job,
its years of service, whether someone whose plan ended also left, a state's rate) are asked
only when their answer would change the result. The probe works the estimate out from the
answers so far (a flat 22% until the brackets are known) and, where it must, again with the
unknown answer assumed, and says which of them matter. `next_step` asks on every turn, so it
is memoized on everything it reads.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any, NamedTuple

from calculator.models import Breakdown, Event, FilingStatus, OffsetInput
from conversations.public_safety import could_have_served, safety_job_counts, service_years_needed
from conversations.state.answers import SENIOR, Answers, spouse_age

__all__ = ["Unknowns", "unknowns"]

_FLAT_RATE = Decimal(22)  # the federal rate assumed until it is answered (or worked out)
_SOME_BALANCE = Decimal(1000)  # what decides these questions does not hang on the amount


class Unknowns(NamedTuple):
    birthday: bool  # the exact birth date would change the result
    left_date: bool  # the day of leaving would (the rule of 55 rests on the year assumed)
    spouse: bool  # on a joint return, a spouse of 65 or older would (a larger deduction)
    left_too: bool  # the plan ended: having also left the job (the rule of 55) would
    safety: bool  # leaving a public-safety job (the 10% waived from the year of 50) would
    state_exempt: bool  # the state does not tax this person's retirement income (Iowa from 55)
    service: bool  # in public safety, 25 years of service under the plan would (at any age, SECURE 2.0)


class _Key(NamedTuple):
    """Everything the probe reads, so that it can be memoized."""

    balance: Decimal | None
    age: int
    event: Event
    offset: dt.date  # the day the rules use: for missed payments, the end of the cure period
    separation: dt.date | None
    separation_month: bool
    born: dt.date | None
    rate: Decimal | None
    on_brackets: bool
    filing: FilingStatus | None
    income: Decimal | None
    spouse_65: bool | None
    safety_job: bool | None
    state: str | None
    state_rate: Decimal | None
    service_years: int | None
    benefits: Decimal | None
    plan_457b: bool
    today: dt.date


def unknowns(answers: Answers, today: dt.date) -> Unknowns | None:
    """What the answers so far leave open (they hold the age and the event), or None when the calculator
    cannot tell (e.g. a year without tables): the callers then fall back."""
    try:
        key = _Key(
            answers.balance, answers.age, answers.event, answers.offset_day(today),  # type: ignore[arg-type]
            answers.separation_date, bool(answers.separation_month), answers.birth_date,
            answers.federal_rate, answers.on_brackets, answers.filing_status, answers.income, answers.spouse_65,
            answers.public_safety, answers.state, answers.state_rate, answers.service_years, answers.social_security,
            bool(answers.governmental_457b), today,
        )  # fmt: skip
    except (TypeError, ValueError, OverflowError):  # a day past the calendar's end: the callers fall back
        return None
    return _probe(key)


def _bracket(key: _Key) -> bool:
    return key.on_brackets and key.filing is not None and key.income is not None


def _inputs(key: _Key) -> dict[str, Any]:
    bracket = _bracket(key)
    safety_counts = safety_job_counts(key.safety_job, key.event, key.separation)
    return dict(
        balance=key.balance if key.balance is not None else _SOME_BALANCE,
        age=key.age,
        birth_date=key.born,
        event=key.event,
        offset_date=key.offset,
        separation_date=key.separation,
        separation_month=key.separation_month and key.separation is not None,
        federal_rate=None if bracket else (key.rate if key.rate is not None else _FLAT_RATE),
        filing_status=key.filing if bracket else None,
        income=key.income if bracket else None,
        social_security=key.benefits if bracket else None,
        spouse_age=spouse_age(key.spouse_65, key.filing) if bracket else None,
        public_safety=safety_counts,
        service_years=key.service_years if safety_counts else None,
        state=key.state or None,
        state_rate=key.state_rate if key.state and key.state_rate is not None else None,
        governmental_457b=key.plan_457b,
    )


@functools.lru_cache(maxsize=1024)
def _probe(key: _Key) -> Unknowns | None:
    try:
        from calculator import estimate

        fields = _inputs(key)
        result = estimate(OffsetInput(**fields), today=key.today)
        spouse = False
        if _bracket(key) and key.filing is FilingStatus.MARRIED_JOINT and key.spouse_65 is None:
            older = estimate(OffsetInput(**dict(fields, spouse_age=SENIOR)), today=key.today)
            spouse = older.federal_income_tax != result.federal_income_tax
        left_too, safety = _after_plan_ended(key, fields, result)
        safety, service = _after_leaving(key, fields, result, safety)
        # Only the flags are kept in the memo, not the Breakdowns.
        return Unknowns(
            result.birthday_would_change, result.separation_date_would_change, spouse, left_too, safety,
            result.state_retirement_exclusion is True, service,
        )
    except Exception:  # noqa: BLE001 - a damaged state or input: the callers fall back
        return None


def _spares(changed: Breakdown, result: Breakdown) -> bool:
    """Whether an answer assumed waives the 10%, or makes the birthday decide it where it did not."""
    return changed.penalty_exception is not None or (changed.birthday_would_change and not result.birthday_would_change)


def _after_plan_ended(key: _Key, fields: dict[str, Any], result: Breakdown) -> tuple[bool, bool]:
    """The plan ended and they did not say they left: would having left the job too (the rule of 55; or 50
    in public safety, if that was answered yes) change the 10%, or only leaving a public-safety job?"""
    from calculator import estimate

    if key.event is not Event.PLAN_TERMINATION or key.separation is not None or result.penalty_exception is not None:
        return False, False
    left = estimate(OffsetInput(**dict(
        fields, separation_date=fields["offset_date"], public_safety=bool(key.safety_job)
    )), today=key.today)
    left_too = _spares(left, result)
    if left_too or key.safety_job is not None or result.early_withdrawal_penalty <= 0:
        return left_too, False
    # Only leaving a public-safety job would: that is asked first, the day of leaving after.
    safe = estimate(OffsetInput(**dict(fields, separation_date=fields["offset_date"], public_safety=True)),
                    today=key.today)
    return False, _spares(safe, result)


def _after_leaving(key: _Key, fields: dict[str, Any], result: Breakdown, safety: bool) -> tuple[bool, bool]:
    """Someone who left the job owes the 10%: would a public-safety job (asked first), or in one 25 years of
    service, waive it? (`safety`: what the plan's end already found.)"""
    from calculator import estimate

    left_job = key.event is Event.SEPARATION or (key.event is Event.PLAN_TERMINATION and key.separation is not None)
    if not left_job or result.early_withdrawal_penalty <= 0:
        return safety, False
    # Under 50 the question is not asked: few have 25 years of service, and the
    # breakdown offers it as a what-if (render.whatif_choices) instead.
    if key.safety_job is None:
        safe = estimate(OffsetInput(**dict(fields, public_safety=True)), today=key.today)
        return safe.early_withdrawal_penalty != result.early_withdrawal_penalty or (
            safe.birthday_would_change and not result.birthday_would_change
        ), False
    if key.safety_job and key.service_years is None and could_have_served(key.age):  # 18 + 25 at the least
        served = dict(fields, service_years=service_years_needed())
        return safety, estimate(OffsetInput(**served), today=key.today).early_withdrawal_penalty != (
            result.early_withdrawal_penalty
        )
    return safety, False
