"""What kind of distribution the offset is, when it can be rolled over, and its 1099-R code."""

from __future__ import annotations

import datetime as dt

from calculator.data.rules import rules
from calculator.models.enums import AGE_59_AND_HALF as _AGE_59_AND_HALF
from calculator.models.enums import DEATH as _DEATH
from calculator.models.enums import DEEMED as _DEEMED
from calculator.models.enums import DEFAULT as _DEFAULT
from calculator.models.enums import PLAN_TERMINATION as _PLAN_TERMINATION
from calculator.models.enums import PLO as _PLO
from calculator.models.enums import QPLO as _QPLO
from calculator.models.enums import SEPARATION as _SEPARATION
from calculator.models.enums import DistributionType, Event, PenaltyException
from calculator.rules.ages import add_months

# Exceptions a payer knows and reports with code 2 (Form 1099-R instructions,
# "Code 2"); others it reports with code 1 and the person claims them on Form 5329.
_CODE_2 = frozenset({
    PenaltyException.SEPARATION_AT_55, PenaltyException.PUBLIC_SAFETY, PenaltyException.IRS_LEVY,
    PenaltyException.GOVERNMENTAL_457B,  # "a governmental section 457(b) plan distribution not subject to the 10%"
})
# The letter next to the digit: M for a qualified plan loan offset, L for a deemed distribution.
_LETTER = {DistributionType.QUALIFIED_PLAN_LOAN_OFFSET: "M", DistributionType.DEEMED_DISTRIBUTION: "L"}


def severance_date(event: Event, separation_date: dt.date | None, offset_date: dt.date) -> dt.date | None:
    """The separation from service the 72(t) exceptions can use, if any."""
    if event is _SEPARATION:
        return separation_date or offset_date
    if event is _PLAN_TERMINATION:
        return separation_date
    return None  # a default while still employed has no separation before it


def classify(
    event: Event, separation_date: dt.date | None, offset_date: dt.date
) -> tuple[DistributionType, dt.date | None]:
    """(type, first anniversary of the severance when that decided it)."""
    if event is _DEFAULT:
        return _DEEMED, None
    r = rules()
    if offset_date < r.qplo_from:
        return _PLO, None
    if event is _PLAN_TERMINATION:
        return _QPLO, None
    anniversary = add_months(separation_date or offset_date, r.qplo_months)
    if offset_date <= anniversary:
        return _QPLO, anniversary
    return _PLO, anniversary


def month_decides(event: Event, first_day: dt.date, offset_date: dt.date) -> bool:
    """Whether, for someone who left in the month starting `first_day`, the day they left decides the type
    (within 12 months of the offset or not): the first day and the last (or the offset's, if sooner) differ."""
    last = min(add_months(first_day, 1) - dt.timedelta(days=1), offset_date)
    return classify(event, first_day, offset_date)[0] is not classify(event, last, offset_date)[0]


def form_1099r_code(kind: DistributionType, exception: PenaltyException | None, designated_roth: bool) -> str:
    """The box 7 code the plan will most likely use."""
    if exception is None:
        digit = "1"
    elif exception is _AGE_59_AND_HALF:
        digit = "7"
    elif exception is _DEATH:
        digit = "4"
    elif exception in _CODE_2:
        digit = "2"
    else:
        # Disability's code 3 cannot be combined with M or L, and the payer
        # rarely knows the other exceptions: code 1, claimed on Form 5329.
        digit = "1"
    letter = _LETTER.get(kind, "")
    if designated_roth:
        # Box 7 holds two codes: B takes the place of the digit next to M or L.
        return "B" + letter if letter else digit + "B"
    return digit + letter
