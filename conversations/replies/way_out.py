"""How to avoid the tax, or why it can no longer be avoided: rolling the offset over by its deadline,
making up missed payments within a deemed distribution's cure period, or a deadline that has passed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from calculator import qualified_offset_deadline
from calculator.models import Breakdown, DistributionType, Event
from calculator.rules.distribution import classify
from conversations.replies.facts import Facts

__all__ = [
    "cure_comes_first", "deadline_passed_lines", "deadline_rule_lines", "deposit_amount", "later_lines", "reminder_deadline", "rmd_caveat",
    "way_out_lines",
]


def deposit_amount(breakdown: Breakdown) -> Decimal:
    """What the breakdown tells the person to deposit by the deadline (the rest, or all of it when rolling all over)."""
    remaining = breakdown.offset_amount - breakdown.rolled_over
    return remaining if remaining > 0 else breakdown.rolled_over


def reminder_deadline(breakdown: Breakdown) -> dt.date | None:
    """The deadline a reminder is for: the rollover's, or for missed payments the end of the cure period."""
    if breakdown.rollover_eligible and breakdown.rollover_deadline is not None:
        return breakdown.rollover_deadline
    if breakdown.cure_possible:
        return breakdown.cure_deadline
    return None


def cure_comes_first(b: Breakdown) -> bool:
    """Still in the cure period: catching up is the way out, said before paying; the figures are what not doing
    so costs."""
    return (b.distribution_type is DistributionType.DEEMED_DISTRIBUTION
            and b.cure_deadline is not None and b.cure_possible)


def way_out_lines(f: Facts) -> list[str]:
    b = f.b
    if b.rollover_eligible and b.rollover_deadline is not None:
        return _rollover_lines(f)
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION:
        return _deemed_lines(f)
    return deadline_passed_lines(f)


def _rollover_lines(f: Facts) -> list[str]:
    _ = f.texts.gettext
    b, date = f.b, f.texts.date(f.b.rollover_deadline)
    remaining = b.offset_amount - b.rolled_over
    if remaining <= 0:
        return [
            _("✅ Rolling over all of it: deposit {amount} by {date} and none of this is taxed.").format(
                amount=f.texts.money(b.rolled_over), date=date
            ),
            *rmd_caveat(f),
        ]
    lines = [
        _("✅ To avoid the tax: deposit {amount} in an IRA or your new employer's plan by {date}.").format(
            amount=f.texts.money(remaining), date=date
        ),
        _("   (your tax return due date with extension, IRC 402(c)(3)(C))")
        if b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
        else _("   (60 days after the offset, IRC 402(c)(3))"),
        *rmd_caveat(f),
    ]
    if f.today is not None and f.inputs.offset_date >= f.today:
        # "Today, or not yet", or a day to come: before the offset, the loan can still be paid off
        # and nothing is distributed.
        lines.append(_("💡 Not offset yet? Paying off the loan before the plan takes it from your account "
                       "avoids all of this: ask the plan whether you can, and by when."))
        lines += _next_year_lines(f)
    return lines


def deadline_rule_lines(f: Facts) -> list[str]:
    """The rollover deadline's rule, in the parts: the first screen gives only its date."""
    b = f.b
    if not (b.rollover_eligible and b.rollover_deadline is not None and b.offset_amount - b.rolled_over > 0):
        return []
    date = f.texts.date(b.rollover_deadline)
    if b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET:
        return [f.texts.gettext("📅 Deadline {date}: your tax return's due date with extension (IRC 402(c)(3)(C))").format(
            date=date)]
    return [f.texts.gettext("📅 Deadline {date}: 60 days after the offset (IRC 402(c)(3))").format(date=date)]


def later_lines(f: Facts) -> list[str]:
    """After the first screen: what else changes what to do now (paying the loan off before an offset still to
    come, the plan taking it next year instead) or why a deemed distribution can't be avoided by a deposit."""
    b = f.b
    if b.rollover_eligible and b.rollover_deadline is not None:
        if f.today is None or f.inputs.offset_date < f.today or b.offset_amount - b.rolled_over <= 0:
            return []
        return [f.texts.gettext("💡 Not offset yet? Paying off the loan before the plan takes it from your account "
                                "avoids all of this: ask the plan whether you can, and by when."), *_next_year_lines(f)]
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION and b.cure_deadline is None:
        return [f.texts.gettext("❌ A deemed distribution can't be rolled over: this tax can't be avoided by "
                                "depositing money.")]
    return []


def rmd_caveat(f: Facts) -> list[str]:
    """From 73, the part of the offset that is the year's required minimum distribution cannot be rolled over."""
    rmd = f.notes.get("rollover.rmd")
    if rmd is None:
        return []
    return [f.texts.gettext("   Except the part that is your required minimum distribution for {year} (from "
                            "{age}): ask the plan how much.").format(year=str(rmd.params["year"]),
                                                                   age=rmd.params["age"])]


def _next_year_lines(f: Facts) -> list[str]:
    """Late in the year the plan may well take the loan in January instead: next year's income and return,
    and a deadline a year later, as long as it is still a qualified offset then."""
    inputs, today = f.inputs, f.today
    if (f.b.distribution_type is not DistributionType.QUALIFIED_PLAN_LOAN_OFFSET
            or inputs.offset_date.year != today.year or inputs.offset_date.month < 11):
        return []
    _ = f.texts.gettext
    following = today.year + 1
    params = {"next": str(following), "date": f.texts.date(qualified_offset_deadline(following))}
    if inputs.event is Event.PLAN_TERMINATION:
        return [_("📅 If the plan takes it in {next} instead, it is {next} income, taxed with your {next} "
                  "return, and the deadline moves to {date}.").format(**params)]
    if inputs.separation_date is None:  # "within the last 12 months": January may be past the 12 months
        return [_("📅 If the plan takes it in {next} instead, still within 12 months of your leaving, it is "
                  "{next} income, taxed with your {next} return, and the deadline moves to {date}.").format(**params)]
    # A separation month is its first day here, so the anniversary holds for every day of it.
    kind, anniversary = classify(inputs.event, inputs.separation_date, dt.date(following, 1, 1))
    if kind is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET and anniversary is not None:
        return [_("📅 If the plan takes it in {next} instead, by {anniversary}, it is {next} income, taxed "
                  "with your {next} return, and the deadline moves to {date}.").format(
            anniversary=f.texts.date(anniversary), **params)]
    return []


def _deemed_lines(f: Facts) -> list[str]:
    _ = f.texts.gettext
    cure = f.b.cure_deadline
    if cure_comes_first(f.b):
        return [_("✅ To avoid the tax: make up the missed loan payments by {date}. That is the longest cure period "
                  "allowed (Treas. Reg. 1.72(p)-1 Q&A-10); ask your plan for its own, which may be shorter.").format(
            date=f.texts.date(cure)
        )]
    if cure is not None:
        return [_("❌ The cure period ended by {date} at the latest, and a deemed distribution can't be rolled "
                  "over.").format(date=f.texts.date(cure))]
    return [
        _("❌ A deemed distribution can't be rolled over: this tax can't be avoided by depositing money."),
        _("💡 Only behind on payments? Making them up before your plan's cure period ends (at the latest, the "
          "end of the calendar quarter after the first missed one) avoids all of this."),
    ]


def deadline_passed_lines(f: Facts) -> list[str]:
    b = f.b
    if b.rollover_deadline is None:
        return []
    date = f.texts.date(b.rollover_deadline)
    if b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET:
        # The waiver of a missed rollover (IRC 402(c)(3)(B), Rev. Proc. 2020-46) is for the 60-day deadline only.
        return [f.texts.gettext(
            "❌ The rollover deadline, {date}, has passed. The IRS's waiver for late rollovers is for the 60-day "
            "deadline, not this one: ask a tax professional before trying one.").format(date=date)]
    # A 60-day deadline behind us.
    return [f.texts.gettext("❌ The rollover deadline, {date}, has passed. The IRS can waive a missed deadline in "
                            "some cases (Rev. Proc. 2020-46).").format(date=date)]
