"""The breakdown's first screen: what it costs if nothing is done, the one thing that avoids it (or, when
nothing can, what to pay and by when), and "confirm with a tax professional".

A phone shows about 12 lines of 36 characters before the buttons; everything
else in the breakdown comes after these lines, and what applies to few is kept
for "📝 Why these numbers" (why.py).
"""

from __future__ import annotations

from calculator.models import DistributionType
from conversations.i18n import N_
from conversations.replies.facts import Facts
from conversations.replies.headline import over_limit_lines
from conversations.replies.payment import payment_due
from conversations.replies.way_out import cure_comes_first, rmd_caveat

__all__ = ["ASK_A_PROFESSIONAL", "CHECK_WITH_A_PROFESSIONAL", "amend_lines", "first_screen_lines", "has_way_out"]

#: The closing line of a one-line estimate's how-to (quick_texts.py).
ASK_A_PROFESSIONAL = N_("👩‍💼 This is an estimate, not tax advice: confirm with a tax professional before you act.")
#: The first screen's last line: the same, short enough for two lines of a phone.
CHECK_WITH_A_PROFESSIONAL = N_("👩‍💼 An estimate, not tax advice: check with a tax professional.")


def first_screen_lines(f: Facts) -> list[str]:
    """The first screen, in this order: a balance too large to be a loan, the cost, the way out and the
    other way (paying), or, with no way out, paying and why not; then the tax professional."""
    way_out = _way_out_lines(f)
    paying = _pay_lines(f, after_way_out=bool(way_out))
    closing = [] if way_out else _no_way_out_lines(f)
    return [*over_limit_lines(f), _cost_line(f), *way_out, *paying, *closing,
            f.texts.gettext(CHECK_WITH_A_PROFESSIONAL)]


def has_way_out(f: Facts) -> bool:
    """A deposit or catching up that still avoids (the rest of) the tax."""
    b = f.b
    if b.rollover_eligible and b.rollover_deadline is not None:
        return b.offset_amount - b.rolled_over > 0 or b.rolled_over > 0
    return cure_comes_first(b) or (b.distribution_type is DistributionType.DEEMED_DISTRIBUTION
                                   and b.cure_deadline is None)


def _cost_line(f: Facts) -> str:
    _ = f.texts.gettext
    b, money = f.b, f.texts.money
    if b.total_tax <= 0:
        return _("🧮 No tax to pay on this")
    if b.rolled_over > 0:
        return _("🧮 {amount} tax on the {taxable} not rolled over").format(
            amount=money(b.total_tax), taxable=money(b.taxable_amount))
    if has_way_out(f):
        return _("🧮 {amount} tax if you do nothing").format(amount=money(b.total_tax))
    return _("🧮 {amount} tax to pay").format(amount=money(b.total_tax))


def _way_out_lines(f: Facts) -> list[str]:
    """The one action that avoids the tax, with its amount and date."""
    _ = f.texts.gettext
    b, money = f.b, f.texts.money
    if b.rollover_eligible and b.rollover_deadline is not None:
        date, remaining = f.texts.date(b.rollover_deadline), b.offset_amount - b.rolled_over
        if remaining <= 0:
            line = _("✅ Rolling over all of it: deposit {amount} by {date} and none of this is taxed.").format(
                amount=money(b.rolled_over), date=date)
        elif b.rolled_over > 0:
            line = _("✅ Avoid the rest: deposit {amount} more in an IRA by {date}").format(
                amount=money(remaining), date=date)
        else:
            line = _("✅ Avoid it all: deposit {amount} in an IRA by {date}").format(amount=money(remaining), date=date)
        return [line, *rmd_caveat(f)]
    if cure_comes_first(b):
        return [
            _("✅ Avoid it all: make up the missed loan payments by {date}").format(date=f.texts.date(b.cure_deadline)),
            _("   (the latest the law allows; your plan's may be sooner)"),
        ]
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION and b.cure_deadline is None:
        return [_("✅ Avoid it all: make up the missed loan payments before your plan's cure period ends")]
    return []


def _pay_lines(f: Facts, *, after_way_out: bool) -> list[str]:
    """What to set aside or pay and by when; "Or ..." after a way out."""
    _ = f.texts.gettext
    b, texts = f.b, f.texts
    amount = texts.money(b.set_aside or b.total_tax)
    if b.total_tax <= 0:
        return []
    if b.withholding > 0:
        return [_("💼 Withheld: {withheld}. Still to set aside: {amount}.").format(
            withheld=texts.money(b.withholding), amount=texts.money(b.set_aside))]
    late = f.notes.get("withholding.overdue_rollover_open") or f.notes.get("withholding.overdue")
    if late is not None:
        params = {"amount": amount, "year": str(b.tax_year), "date": texts.date(late.params["due"])}
        if after_way_out:
            return [_("💸 Or pay {amount} now: it was due {date} with your {year} return").format(**params)]
        return [_("💸 Pay {amount} now: it was due {date} with your {year} return").format(**params)]
    if "withholding.none" not in f.notes:
        return []
    due = payment_due(b, f.today) if f.today is not None else None
    if due is not None:
        line = _("💸 Or set aside {amount} (pay by {date})") if after_way_out else _(
            "💸 Set aside {amount} (pay by {date})")
        return [line.format(amount=amount, date=texts.date(due.day))]
    line = _("💸 Or set aside {amount} for your {year} tax return") if after_way_out else _(
        "💸 Set aside {amount} for your {year} tax return")
    return [line.format(amount=amount, year=str(b.tax_year))]


def amend_lines(f: Facts) -> list[str]:
    """Right after the first screen: a return filed without the offset is amended (the tax was due with it)."""
    if "withholding.overdue" not in f.notes or f.b.withholding > 0:
        return []
    return [f.texts.gettext("📝 Left the offset off the return you filed? Amend it with Form 1040-X.")]


def _no_way_out_lines(f: Facts) -> list[str]:
    """Why the tax can no longer be avoided: a cure period over, a rollover deadline passed."""
    b = f.b
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION:
        if b.cure_deadline is None:
            return []
        return [f.texts.gettext("❌ The cure period ended by {date} at the latest, and a deemed distribution can't be "
                                "rolled over.").format(date=f.texts.date(b.cure_deadline))]
    if b.rollover_deadline is None:
        return []
    _ = f.texts.gettext
    line = _("❌ Too late to roll it over: the deadline was {date}").format(date=f.texts.date(b.rollover_deadline))
    if b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET:
        # The waiver of a missed rollover (IRC 402(c)(3)(B), Rev. Proc. 2020-46) is for the 60-day deadline only.
        return [line]
    return [line, _("   (the IRS can waive it in some cases: Rev. Proc. 2020-46)")]
