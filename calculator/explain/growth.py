"""What the offset costs the retirement account: the growth the money would have had, and the loan still
owed after a default."""

from __future__ import annotations

from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.enums import DEEMED
from calculator.models.inputs import OffsetInput


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    not_rolled = b.offset_amount - b.rolled_over
    if not_rolled > 0:
        years = b.years_to_retirement
        if years == 0:
            # At or past the retirement age there is no growth to count: "grow to
            # $10,000 by age 67 (0 years ...)" at 70 would read as nonsense.
            add((
                "growth.at_retirement",
                N_("You are at or past the retirement age assumed here ({retirement_age}), so no growth is "
                   "counted: the {amount} not rolled over is what your retirement savings lose."),
                {"amount": not_rolled, "retirement_age": inp.retirement_age},
            ))
        else:
            add((
                "growth.lost",
                N_("Left in the account, the {amount} not rolled over could grow to {value} by age {retirement_age} "
                   "({years} years at {return_pct} a year, an assumption, not a forecast).")
                if years != 1 else
                N_("Left in the account, the {amount} not rolled over could grow to {value} by age {retirement_age} "
                   "({years} year at {return_pct}, an assumption, not a forecast)."),
                {"amount": not_rolled, "value": b.retirement_value_lost, "retirement_age": inp.retirement_age,
                 "years": years, "return_pct": inp.annual_return},
            ))
    if b.distribution_type is DEEMED:
        add(fixed_note(
            "growth.deemed_loan_owed",
            N_("The loan is still owed: repaying it puts the money back in the account, and the repayments "
               "become after-tax basis."),
        ))
