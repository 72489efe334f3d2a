"""Whether the offset can still be rolled over, and by when: the extended due date for a qualified plan
loan offset, 60 days for a plain one; a required minimum distribution that cannot be; a deadline missed."""

from __future__ import annotations

import datetime as dt

from calculator.data.rules import rmd_age
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.enums import PLO, QPLO
from calculator.models.inputs import OffsetInput
from calculator.rules.deadlines import extended_due_date, is_business_day, return_due_date

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_kind(day: dt.date) -> str:
    return _WEEKDAYS[day.weekday()] if day.weekday() >= 5 else "a Washington, D.C. holiday"


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    kind = b.distribution_type
    deadline = b.rollover_deadline
    still_open = b.rollover_eligible
    if kind is QPLO:
        _extended_due_date(b, f, add)
    elif kind is PLO and still_open:
        assert deadline is not None
        offset = b.offset_amount
        add((
            "rollover.sixty_days",
            N_("To avoid the tax, deposit up to {amount} of your own money in an IRA or another employer plan "
               "within 60 days, counting from the day after the offset: by {deadline}. The 60 days are not "
               "moved for weekends or holidays (whether IRC 7503 extends them is disputed), so treat "
               "{deadline} as final."),
            {"amount": offset, "deadline": deadline},
        ))
        if not is_business_day(deadline):
            add((
                "rollover.sixty_days_weekend",
                N_("{deadline} is {kind}: finish the deposit on the business day before."),
                {"deadline": deadline, "kind": _day_kind(deadline)},
            ))
    if still_open and f.severance is not None:
        _required_distribution(b, inp, f, add)
    if deadline is not None and not still_open and kind is QPLO:
        # IRC 402(c)(3)(B) waives "the 60-day requirement under subparagraph (A)"; a qualified offset's deadline
        # is set by (C)(i) instead, which no waiver provision reaches.
        add((
            "rollover.deadline_passed_qualified",
            N_("The rollover deadline, {deadline}, has passed. The law's waiver for missed rollovers, and the "
               "self-certification for it, are written for the 60-day deadline (IRC 402(c)(3)(B); Rev. Proc. "
               "2020-46), not for this one (IRC 402(c)(3)(C)), so don't count on a late rollover without a tax "
               "professional's advice."),
            {"deadline": deadline},
        ))
    elif deadline is not None and not still_open:
        add((
            "rollover.deadline_passed",
            N_("The rollover deadline, {deadline}, has passed. The IRS can waive a missed deadline in some "
               "cases, and self-certification is possible for listed reasons (IRC 402(c)(3)(B); Rev. Proc. 2020-46)."),
            {"deadline": deadline},
        ))


def _extended_due_date(b: Breakdown, f: Facts, add) -> None:  # noqa: ANN001
    """A qualified plan loan offset: until the due date of the year's return, extensions included."""
    deadline, offset, tax_year, still_open = b.rollover_deadline, b.offset_amount, b.tax_year, b.rollover_eligible
    assert deadline is not None
    april = return_due_date(tax_year)
    if still_open and f.today <= april:
        add((
            "rollover.qplo_deadline",
            N_("You can still avoid the tax: deposit up to {amount} of your own money in an IRA or another "
               "employer plan by {deadline}, the due date of your {year} tax return including extensions. "
               "File an extension (Form 4868) by {april} if you may need the extra time."),
            {"amount": offset, "deadline": deadline, "year": tax_year, "april": april},
        ))
    elif still_open:  # past April: an extension can no longer be asked for, so it is not offered
        add((
            "rollover.qplo_deadline_late",
            N_("You can still avoid the tax: deposit up to {amount} of your own money in an IRA or another "
               "employer plan by {deadline}, the due date of your {year} tax return including extensions."),
            {"amount": offset, "deadline": deadline, "year": tax_year},
        ))
    statutory = extended_due_date(tax_year)[0]
    if deadline != statutory:
        add(fixed_note(
            "rollover.deadline_moved",
            N_("{statutory} is {kind}, so the deadline moves to the next business day, {deadline} (IRC 7503)."),
            statutory=statutory, kind=_day_kind(statutory), deadline=deadline,
        ))


def _required_distribution(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    """Once required distributions have started, the year's part of the offset cannot be rolled over."""
    tax_year = b.tax_year
    # The oldest birth date the input allows: whether required distributions may have started by year end.
    oldest = inp.birth_date or dt.date(tax_year - f.age - 1, 1, 1)
    start_age = rmd_age(oldest.year)
    if oldest.year + start_age <= tax_year:
        add(fixed_note(
            "rollover.rmd",
            N_("At {age} or older by the end of {year}, you have to take a required minimum distribution for "
               "{year} once you have left the job, and what the plan pays out in {year} counts toward it "
               "first. That part of the offset cannot be rolled over (IRC 402(c)(4)(B); Treas. Reg. "
               "1.402(c)-2 Q&A-7): ask the plan how much of it is your required minimum distribution."),
            age=start_age, year=tax_year,
        ))
