"""The notes: each rule that applied to an estimate, explained in plain words, section by section.

`estimate()` works out the figures and keeps the intermediate facts it
decided on (`Facts`); the notes are written from them only when someone reads
`Breakdown.note_details` or `Breakdown.notes`. Many estimates are never
explained: the chat's probes and reminders, the inline query's title, what-if
comparisons, so writing ~15 sentences' worth of params for each was most of
the cost of an estimate. The wording is the same whichever path reads it.

Each section module has `notes(breakdown, input, facts, add)`, which appends
its Notes, or (code, template, params) rows, in order; `SECTIONS` is the order
a reader meets them in.
"""

from __future__ import annotations

from calculator.explain import (
    amount,
    distribution,
    federal,
    growth,
    income,
    payments,
    penalty,
    rollover,
    state,
)
from calculator.explain.facts import Facts
from calculator.models.breakdown import Breakdown
from calculator.models.inputs import OffsetInput

SECTIONS = (
    distribution.notes,  # what kind of distribution the offset is
    rollover.notes,  # whether and by when it can still be rolled over
    amount.notes,  # the loan limit, the taxable share, the part rolled over
    penalty.notes,  # the 10% additional tax, or the exception that removes it
    federal.notes,  # the federal income tax it adds
    state.notes,  # the state's taxes
    payments.notes,  # when the tax is due and how to pay it
    income.notes,  # what else the higher income costs
    growth.notes,  # what the retirement account loses
)


def explain(b: Breakdown, inp: OffsetInput, f: Facts) -> list:
    """The rules that applied, in order, as `Note`s or (code, template, params) rows."""
    notes: list = []
    add = notes.append
    for section in SECTIONS:
        section(b, inp, f, add)
    return notes


__all__ = ["SECTIONS", "Facts", "explain"]
