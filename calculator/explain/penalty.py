"""The 10% additional tax on early distributions (IRC 72(t)): that it applies, or which exception removes
it, and what the birthday or the date of leaving could still change."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from calculator.data.rules import rules
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.enums import (
    AGE_59_AND_HALF,
    DEATH,
    DISABILITY,
    GOVERNMENTAL_457B,
    PLAN_TERMINATION,
    PUBLIC_SAFETY,
    SEPARATION_AT_55,
    PenaltyException,
)
from calculator.models.inputs import OffsetInput
from calculator.rules.ages import earliest_birthday
from calculator.rules.penalty import ExceptionDecision

_EXCEPTION_WORDS = {
    PenaltyException.DEATH: "death",
    PenaltyException.DISABILITY: "total and permanent disability",
    PenaltyException.TERMINAL_ILLNESS: "terminal illness",
    PenaltyException.IRS_LEVY: "IRS levy",
    PenaltyException.QUALIFIED_RESERVIST: "qualified reservist",
    PenaltyException.BIRTH_OR_ADOPTION: "birth or adoption",
    PenaltyException.EMERGENCY_EXPENSE: "emergency personal expense",
    PenaltyException.DOMESTIC_ABUSE: "domestic abuse victim",
    PenaltyException.QUALIFIED_DISASTER: "qualified disaster",
    PenaltyException.MEDICAL_EXPENSES: "medical expenses",
}
# The rule of 55 said while the 55th birthday is still to come ("turn", not "turned"), without and with the year
# they left; named, as the short "why" picks its line by them (conversations.replies.why_short).
TURN_55 = N_("You left your job in or after the calendar year you turn 55, so the 10% additional tax does not "
             "apply to this plan's distributions (IRC 72(t)(2)(A)(v)). It covers this employer's plan only: money "
             "rolled to an IRA and taken out before 59½ can still owe the 10%.")
TURN_55_IN_YEAR = N_("You left your job in {year}, the calendar year you turn 55, so the 10% additional tax does not "
                     "apply to this plan's distributions (IRC 72(t)(2)(A)(v)). It covers this employer's plan only: "
                     "money rolled to an IRA and taken out before 59½ can still owe the 10%.")
# Exceptions decided from the ages and dates (the rest are asserted, or the plan's kind).
_BY_AGE_OR_SEPARATION = frozenset({AGE_59_AND_HALF, SEPARATION_AT_55, PUBLIC_SAFETY})


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    r = rules()
    decision = f.decision
    exception = decision.exception
    taxable = b.taxable_amount
    if exception is None and taxable > 0:
        add((
            "penalty.applies",
            N_("No exception applies, so the {rate_pct} additional tax on early distributions is {tax} "
               "(IRC 72(t)), on Schedule 2 of Form 1040. Others not asked here can remove it: total and permanent "
               "disability, terminal illness, an IRS levy, a reservist call-up, a qualified disaster (Form 5329)."),
            {"rate_pct": r.early_rate_pct, "tax": b.early_withdrawal_penalty},
        ))
        add(fixed_note(
            "penalty.not_457b",
            N_("This is for a 401(k) or 403(b) plan. A governmental 457(b) plan is not a qualified retirement plan "
               "for the 10% tax (IRC 72(t)(1), 4974(c)), so a loan offset from one does not owe it, except on money "
               "rolled into it from another kind of plan (IRC 72(t)(9))."),
        ))
    # What the birthday decides and the input does not say.
    if decision.age_59_unknown:
        add((
            "penalty.age_59_unknown",
            N_("At 59, whether you had reached 59½ by {offset} depends on your birthday; this assumes not yet. "
               "Your birth date would settle it."),
            {"offset": inp.offset_date},
        ))
    if decision.separation_unknown and f.severance is not None:
        add(fixed_note(
            "penalty.separation_year_unknown",
            N_("Whether you turned {age} in or before {year}, the year you left your job, depends on your birthday; "
               "this assumes not. Your birth date would settle it."),
            age=r.public_safety_age if inp.public_safety and exception is None else r.separation_age,
            year=f.severance.year,
        ))
    if exception in _BY_AGE_OR_SEPARATION:
        _by_age_or_separation(inp, decision, f.severance, f.age, add, today=f.today)
    elif exception is not None:
        _asserted_or_plan(exception, add)
    _caveats(inp, decision, f.severance, f.age, taxable, add)


def _by_age_or_separation(  # noqa: ANN001
    inp: OffsetInput, decision: ExceptionDecision, severance: dt.date | None, age: int, add, *, today: dt.date
) -> None:
    exception = decision.exception
    # "The year you turn 55" while that birthday, in the year they left, is still to come; "turned" once it passed.
    years = rules().public_safety_age if exception is PUBLIC_SAFETY else rules().separation_age
    birthday = earliest_birthday(inp.age, inp.birth_date, inp.offset_date, years)
    ahead = birthday > today and (severance is None or severance.year == birthday.year)
    if exception is AGE_59_AND_HALF:
        if decision.half_date is not None:
            add((
                "penalty.age_59_and_half",
                N_("You reached 59½ on {date}, before the offset, so the 10% additional tax does not apply "
                   "(IRC 72(t)(2)(A)(i))."),
                {"date": decision.half_date},
            ))
        else:
            add(fixed_note(
                "penalty.age_59_and_half",
                N_("At {age} you are past 59½, so the 10% additional tax does not apply (IRC 72(t)(2)(A)(i))."),
                age=age,
            ))
    elif exception is SEPARATION_AT_55 and inp.separation_date is None and not decision.separation_year_matters:
        # No date given, and leaving the year before would qualify too: no year to state.
        add(fixed_note(
            "penalty.separation_at_55",
            TURN_55 if ahead else
            N_("You left your job in or after the calendar year you turned 55, so the 10% additional tax does not "
               "apply to this plan's distributions (IRC 72(t)(2)(A)(v)). It covers this employer's plan only: money "
               "rolled to an IRA and taken out before 59½ can still owe the 10%."),
        ))
    elif exception is SEPARATION_AT_55:
        assert severance is not None
        add(fixed_note(
            "penalty.separation_at_55",
            TURN_55_IN_YEAR if ahead else
            N_("You left your job in {year}, in or after the calendar year you turned 55, so the 10% additional "
               "tax does not apply to this plan's distributions (IRC 72(t)(2)(A)(v)). It covers this employer's "
               "plan only: money rolled to an IRA and taken out before 59½ can still owe the 10%."),
            year=severance.year,
        ))
    elif exception is PUBLIC_SAFETY:
        assert severance is not None
        add(fixed_note(
            "penalty.public_safety",
            N_("As a qualified public safety employee who left in {year}, the year you turn 50, you owe no 10% "
               "additional tax (IRC 72(t)(10), as extended by the SECURE 2.0 Act). Outside governmental plans this "
               "covers private-sector firefighters, from 2023.") if ahead else
            N_("As a qualified public safety employee who left in {year}, in or after the year you turned 50 or "
               "with 25 years of service under the plan, you owe no 10% additional tax (IRC 72(t)(10), as "
               "extended by the SECURE 2.0 Act). Outside governmental plans this covers private-sector "
               "firefighters, from 2023."),
            year=severance.year,
        ))


def _asserted_or_plan(exception: PenaltyException, add) -> None:  # noqa: ANN001
    """An exception the person asserts, or the plan's kind (a governmental 457(b)), or death."""
    if exception is GOVERNMENTAL_457B:
        add(fixed_note(
            "penalty.governmental_457b",
            N_("A governmental 457(b) plan is not a qualified retirement plan for the 10% additional tax (IRC "
               "72(t)(1), 4974(c)), so this offset owes none. Money rolled into the plan from a 401(k), 403(b) or "
               "IRA keeps the 10% (IRC 72(t)(9)); if the loan drew on it, ask the plan how much of the offset it is."),
        ))
    elif exception is DEATH:
        add(fixed_note(
            "penalty.death",
            N_("Distributions after the participant's death owe no 10% additional tax (IRC 72(t)(2)(A)(ii)); "
               "the plan reports them with code 4."),
        ))
    else:
        add(fixed_note(
            "penalty.asserted",
            N_("You said the {name} exception applies, so the 10% additional tax is left out. Whether it can "
               "cover a loan offset, where no cash is paid, is not settled; claim it on Form 5329 and keep "
               "your records."),
            name=_EXCEPTION_WORDS.get(exception, exception.value),
        ))
        if exception is DISABILITY:
            add(fixed_note(
                "form1099r.disability",
                N_("Disability has its own 1099-R code (3), but it cannot be combined with M or L, so the plan will "
                   "likely report code 1 and you claim the exception on Form 5329."),
            ))


def _caveats(  # noqa: ANN001
    inp: OffsetInput, decision: ExceptionDecision, severance: dt.date | None, age: int, taxable: Decimal, add
) -> None:
    """What could still remove the 10%, or why an exception the person might expect does not apply."""
    r = rules()
    exception = decision.exception
    if decision.separation_year_matters and severance is not None:
        add((
            "penalty.separation_year_assumed",
            N_("No date of leaving your job was given, so this assumes you left in {year}, the year of the offset. "
               "If you left in {previous}, the 10% additional tax ({amount}) may apply: the date you left would "
               "settle it."),
            {"year": severance.year, "previous": severance.year - 1,
             "amount": (taxable * r.early_rate).quantize(Decimal("0.01"), ROUND_HALF_UP)},
        ))
    if decision.public_safety_short:
        add(fixed_note(
            "penalty.public_safety_service",
            N_("The public-safety exception also applies at any age after 25 years of service under the plan "
               "(SECURE 2.0 Act); give your years of service if you have them."),
        ))
    if decision.separation_too_early and age >= r.separation_age and severance is not None:
        add(fixed_note(
            "penalty.separation_too_early",
            N_("You left your job in {year}, before the calendar year you turned 55, so the rule of 55 does not "
               "apply even though you are older now."),
            year=severance.year,
        ))
    if exception is None and inp.event is PLAN_TERMINATION and inp.separation_date is None:
        add(fixed_note(
            "penalty.plan_termination_no_separation",
            N_("A plan ending is not a separation from service. If you also left the job, give the separation date: "
               "the rule of 55 may then apply."),
        ))
