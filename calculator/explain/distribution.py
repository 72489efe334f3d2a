"""What kind of distribution the offset is, in plain words: a qualified plan loan offset, a plain one,
or a deemed distribution (with the cure period that can still avoid it)."""

from __future__ import annotations

from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.enums import PLAN_TERMINATION, PLO, QPLO
from calculator.models.inputs import OffsetInput


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    kind = b.distribution_type
    if kind is QPLO:
        _qualified(inp, f, add)
    elif kind is PLO:
        _plain(inp, f, add)
    else:
        _deemed(b, inp, add)


def _qualified(inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    if inp.event is PLAN_TERMINATION:
        add(fixed_note(
            "distribution.qplo_plan_termination",
            N_("The plan ended, so the loan offset is a qualified plan loan offset (IRC 402(c)(3)(C)). "
               "This assumes the loan was in good standing, not already in default, before that."),
        ))
    elif inp.separation_date is None:
        # "Within the last 12 months" (or no date given): stating a day of leaving would invent it.
        add((
            "distribution.qplo_separation_undated",
            N_("You left your job within the 12 months before the offset on {offset} (no exact date given), so "
               "it is a qualified plan loan offset (IRC 402(c)(3)(C); Treas. Reg. 1.402(c)-3). This assumes the "
               "loan was in good standing, not already in default, when you left."),
            {"offset": inp.offset_date},
        ))
    elif inp.separation_month:
        add((
            "distribution.qplo_separation_month",
            N_("You left your job in {separation_month}, and the offset on {offset} came within 12 months, so "
               "it is a qualified plan loan offset (IRC 402(c)(3)(C); Treas. Reg. 1.402(c)-3). This assumes the "
               "loan was in good standing, not already in default, when you left."),
            {"separation_month": inp.separation_date, "offset": inp.offset_date},
        ))
    else:
        add((
            "distribution.qplo_separation",
            N_("You left your job on {separation}, and the offset on {offset} came within 12 months "
               "(by {anniversary}), so it is a qualified plan loan offset (IRC 402(c)(3)(C); Treas. Reg. "
               "1.402(c)-3). This assumes the loan was in good standing, not already in default, when you left."),
            {"separation": inp.separation_date, "offset": inp.offset_date, "anniversary": f.anniversary},
        ))


def _plain(inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    if f.anniversary is not None and inp.separation_month:
        add((
            "distribution.plan_loan_offset_late_month",
            N_("The offset on {offset} came more than 12 months after you left your job in {separation_month}, "
               "so it is a plain plan loan offset, not a qualified one (Treas. Reg. 1.72(p)-1 Q&A-13)."),
            {"offset": inp.offset_date, "separation_month": inp.separation_date},
        ))
    elif f.anniversary is not None:
        add((
            "distribution.plan_loan_offset_late",
            N_("The offset on {offset} came more than 12 months after you left your job on {separation}, so it "
               "is a plain plan loan offset, not a qualified one (Treas. Reg. 1.72(p)-1 Q&A-13)."),
            {"offset": inp.offset_date, "separation": inp.separation_date or inp.offset_date},
        ))
    else:
        add(fixed_note(
            "distribution.plan_loan_offset_before_2018",
            N_("Offsets before 2018 had no extended deadline (it came with the Tax Cuts and Jobs Act), "
               "so this plan loan offset could be rolled over only within 60 days."),
        ))


def _deemed(b: Breakdown, inp: OffsetInput, add) -> None:  # noqa: ANN001
    add(fixed_note(
        "distribution.deemed",
        N_("A loan that defaults while you still work there is a deemed distribution: it is taxed now but "
           "cannot be rolled over (IRC 72(p); Treas. Reg. 1.72(p)-1 Q&A-10 and Q&A-12), and the loan is "
           "still owed. What you repay later becomes after-tax basis in the plan, not taxed again."),
    ))
    _cure(b, inp, add)
    if inp.separation_date is not None:
        add(fixed_note(
            "penalty.default_no_separation",
            N_("A loan in default while you are still employed is not a distribution after separation from "
               "service, so the separation date does not count for the rule of 55."),
        ))


def _cure(b: Breakdown, inp: OffsetInput, add) -> None:  # noqa: ANN001
    """Whether making up the missed payments can still avoid the deemed distribution, and by when."""
    missed = inp.missed_payment_date
    if missed is None:
        add(fixed_note(
            "distribution.deemed_cure_unknown",
            N_("If you are only behind on payments, your plan may let you make them up until the end of the "
               "calendar quarter after the one the first missed payment was due in, and then none of this is "
               "owed (Treas. Reg. 1.72(p)-1 Q&A-10(a)). Ask the plan administrator for its cure period."),
        ))
    elif b.cure_possible and inp.missed_payment_month:
        add((
            "distribution.deemed_curable_month",
            N_("You can still avoid all of this: make up the missed payments by {cure}, the end of the calendar "
               "quarter after the one your first missed payment was due in ({missed_month}). That is the longest "
               "cure period the rules allow (Treas. Reg. 1.72(p)-1 Q&A-10(a)); your plan's loan policy may set a "
               "shorter one, so ask the plan administrator. The figures are what it costs if you don't: the "
               "whole balance, accrued interest included, becomes a deemed distribution on {offset}."),
            {"cure": b.cure_deadline, "missed_month": missed, "offset": inp.offset_date},
        ))
    elif b.cure_possible:
        add((
            "distribution.deemed_curable",
            N_("You can still avoid all of this: make up the missed payments by {cure}, the end of the calendar "
               "quarter after the one your first missed payment ({missed}) was due in. That is the longest cure "
               "period the rules allow (Treas. Reg. 1.72(p)-1 Q&A-10(a)); your plan's loan policy may set a "
               "shorter one, so ask the plan administrator. The figures are what it costs if you don't: the "
               "whole balance, accrued interest included, becomes a deemed distribution on {offset}."),
            {"cure": b.cure_deadline, "missed": missed, "offset": inp.offset_date},
        ))
    elif inp.missed_payment_month:
        add((
            "distribution.deemed_cure_ended_month",
            N_("A payment due in {missed_month} could be made up by {cure} at the latest, the end of the longest "
               "cure period the rules allow; without it, the whole balance, accrued interest included, is a "
               "deemed distribution (Treas. Reg. 1.72(p)-1 Q&A-10)."),
            {"cure": b.cure_deadline, "missed_month": missed},
        ))
    else:
        add((
            "distribution.deemed_cure_ended",
            N_("The payment due on {missed} could be made up by {cure} at the latest, the end of the longest cure "
               "period the rules allow; without it, the whole balance, accrued interest included, is a deemed "
               "distribution (Treas. Reg. 1.72(p)-1 Q&A-10)."),
            {"cure": b.cure_deadline, "missed": missed},
        ))
