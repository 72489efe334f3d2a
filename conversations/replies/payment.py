"""Paying the tax: what was withheld, or that nothing was and when the tax is due (still to come, late, or
late unless rolled over), how much to set aside, and the next day to pay it by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from calculator.models import Breakdown
from conversations.replies.conditional_notes import estimated_payment, estimated_payment_note
from conversations.replies.facts import Facts, notes_by_code

__all__ = ["PaymentDue", "payment_due", "payment_lines"]


@dataclass(frozen=True, slots=True)
class PaymentDue:
    """The next day the breakdown gives for paying the tax: `day`; `with_return`, the tax year whose return it is
    paid with (the year is over), or None for an estimated payment (the line "(or pay it as an estimated tax
    payment by ...)")."""

    day: dt.date
    with_return: int | None = None


def payment_due(breakdown: Breakdown, today: dt.date) -> PaymentDue | None:
    """The day to pay the tax by, if the breakdown gives one still ahead: its estimated payment's, or, once the
    year is over, its return's due date."""
    if breakdown.withholding > 0:
        return None
    notes = notes_by_code(breakdown)
    if (found := estimated_payment_note(notes)) is not None and found.params["next"] > today:
        return PaymentDue(found.params["next"])
    if (due := notes.get("withholding.none")) is not None and breakdown.tax_year < today.year:
        return PaymentDue(due.params["due"], breakdown.tax_year) if due.params["due"] > today else None
    return None


def payment_lines(f: Facts) -> list[str]:
    """Withheld, or nothing withheld and when the tax is paid: the calculator's payment note has decided whether
    it is still to come, late, or late unless rolled over (and its due date); this says it in a line or two."""
    b, texts = f.b, f.texts
    if b.withholding > 0:
        return [texts.gettext("💼 Withheld: {withheld}. Still to set aside: {amount}.").format(
            withheld=texts.money(b.withholding), amount=texts.money(b.set_aside))]
    if "withholding.overdue_rollover_open" in f.notes or "withholding.overdue" in f.notes:
        due = _overdue_lines(f)
    elif "withholding.none" in f.notes:
        due = _set_aside_lines(f)
    else:
        return []  # nothing owed (all of it rolled over, or no tax): nothing to set aside or pay
    # The other way to pay, during the year: up to its last installment (in early January, the past year's).
    return [*due, *estimated_payment(f)]


def _overdue_lines(f: Facts) -> list[str]:
    """The tax was due with a return already past its date."""
    _ = f.texts.gettext
    amount, year = f.texts.money(f.b.set_aside or f.b.total_tax), str(f.b.tax_year)
    if (late := f.notes.get("withholding.overdue_rollover_open")) is not None:
        return [
            _("🚫 Nothing was withheld: unless you roll it over (below), the {amount} was due with your "
              "{year} tax return.").format(amount=amount, year=year),
            _("   (the federal return by {date}; interest runs from then on tax not paid)").format(
                date=f.texts.date(late.params["due"])),
        ]
    late = f.notes["withholding.overdue"]
    return [
        _("🚫 Nothing was withheld: the {amount} was due with your {year} tax return.").format(
            amount=amount, year=year),
        _("   (the federal return by {date}. Left off the return you filed? Amend it with Form 1040-X "
          "and pay: interest runs until you do)").format(date=f.texts.date(late.params["due"])),
    ]


def _set_aside_lines(f: Facts) -> list[str]:
    """Nothing withheld, the tax still to pay: with which return, or by raising withholding."""
    _ = f.texts.gettext
    amount, year, today = f.texts.money(f.b.set_aside or f.b.total_tax), str(f.b.tax_year), f.today
    if today is not None and f.b.tax_year < today.year:
        # The year is over: withholding can no longer be raised for it.
        return [
            _("🚫 Nothing was withheld: the {amount} is due with your {year} tax return.").format(
                amount=amount, year=year),
            _("   (the federal return by {date}: an extension gives more time to file, not to pay)").format(
                date=f.texts.date(f.notes["withholding.none"].params["due"])),
        ]
    if today is not None and f.b.tax_year > today.year:
        # Next year's tax (a cure period that ends in it): this year's withholding does not count toward it.
        return [_("🚫 Nothing was withheld: set aside {amount} for your {year} tax return, or raise your "
                  "withholding in {year}.").format(amount=amount, year=year)]
    return [_("🚫 Nothing was withheld: set aside {amount} for your tax return, or raise your withholding "
              "now.").format(amount=amount)]

