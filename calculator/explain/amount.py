"""The amount: a balance above the loan limit, the part of the offset that is income (Roth and
after-tax money), and the part rolled over."""

from __future__ import annotations

from calculator.data.rules import rules
from calculator.explain.facts import Facts
from calculator.explain.notes import N_, fixed_note
from calculator.models.breakdown import Breakdown
from calculator.models.inputs import OffsetInput


def notes(b: Breakdown, inp: OffsetInput, f: Facts, add) -> None:  # noqa: ANN001
    r = rules()
    offset = b.offset_amount
    rolled = b.rolled_over
    if offset > r.loan_limit:
        add(fixed_note(
            "loan.over_limit",
            N_("The balance is above {limit}, the usual ceiling for a 401(k) loan (IRC 72(p)(2)(A)); only CARES Act "
               "loans made from March 27 to September 22, 2020 could reach {cares}. A loan above its limit was "
               "taxed as a deemed distribution when made, so check the figure."),
            limit=r.loan_limit, cares=r.cares_loan_limit,
        ))
    # Roth and after-tax money: only the earnings share of the offset is income.
    if inp.designated_roth and inp.roth_qualified:
        add(fixed_note(
            "roth.qualified",
            N_("A qualified distribution from a designated Roth account is tax-free (IRC 402A(d))."),
        ))
    elif f.taxable_part is not None:
        add((
            "roth.pro_rata" if inp.designated_roth else "after_tax.pro_rata",
            N_("Only the earnings share of the offset is income: {basis} of the {account} account is "
               "contributions already taxed, so {taxable_part} of the {amount} is taxable and the rest comes "
               "back tax-free (IRC 72(e)(8); Treas. Reg. 1.402A-1)."),
            {"basis": inp.account_basis, "account": inp.account_balance, "taxable_part": f.taxable_part, "amount": offset},
        ))
    elif inp.designated_roth:
        add(fixed_note(
            "roth.no_split",
            N_("Only the earnings part of a non-qualified Roth distribution is taxable; without the account "
               "balance and contributions, the whole amount is treated as taxable, the most it can be."),
        ))
    if rolled > 0:
        if rolled == offset:
            add(("rollover.full", N_("Rolling over the whole {amount} in time leaves nothing taxable."), {"amount": offset}))
        else:
            add((
                "rollover.partial",
                N_("You roll over {rolled}; the other {rest} stays taxable."),
                {"rolled": rolled, "rest": offset - rolled},
            ))
