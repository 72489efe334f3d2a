"""What the figures assumed for lack of an answer (a skipped question, or a one-line estimate): said next
to the parts, not only under "Why these numbers", each as a "❔" line that says what would change it."""

from __future__ import annotations

from calculator import qualified_offset_deadline
from calculator.models import DistributionType
from conversations.replies.facts import Facts

__all__ = ["assumption_lines"]


def assumption_lines(f: Facts, *, public_safety_unasked: bool = False, left_unasked: bool = False) -> list[str]:
    """A one-line estimate asks nothing, so what it could not ask is said too: `public_safety_unasked`, a
    public-safety job would waive the 10%; `left_unasked`, the plan ended and having left the job too (the
    rule of 55) would."""
    _ = f.texts.gettext
    lines: list[str] = []
    if f.b.birthday_would_change:
        lines.append(_("❔ Your exact birth date could lower this: the estimate takes the less favourable case."))
    if left_unasked:
        lines.append(_("❔ Did you also leave the job? Leaving in or after the year you turn 55 waives the 10% tax."))
    if public_safety_unasked:
        lines.append(_("❔ A firefighter, police officer or other public safety employee? Leaving in or after the year "
                       "you turn 50, or after 25 years of service, waives the 10% tax."))
    lines += _dated_today(f)
    assumed = f.notes.get("penalty.separation_year_assumed")
    if assumed is not None:
        lines.append(
            _("❔ This assumes you left your job in {year}. If you left in {previous}, the 10% tax ({amount}) may apply.").format(
                year=str(assumed.params["year"]), previous=str(assumed.params["previous"]),
                amount=f.texts.money(assumed.params["amount"]),
            )
        )
    return lines


def _dated_today(f: Facts) -> list[str]:
    """An offset dated today for want of a day: the forms for an earlier year would say otherwise."""
    _ = f.texts.gettext
    b, inputs, today = f.b, f.inputs, f.today
    if today is None or inputs.offset_date != today:
        return []
    if b.distribution_type is DistributionType.DEEMED_DISTRIBUTION and inputs.missed_payment_date is None:
        # Not sure when payments stopped: dated today. A Form 1099-R (code L) for an earlier year says otherwise.
        return [_("❔ This counts it as {year} income. If your Form 1099-R (code L) is for an earlier year, it was "
                  "that year's: the month of the first missed payment would date it.").format(year=str(today.year))]
    if (b.distribution_type is DistributionType.QUALIFIED_PLAN_LOAN_OFFSET and today.month <= 4
            and (inputs.separation_date is None or inputs.separation_date.year < today.year)):
        # Dated today in the filing season, when last year's forms arrive: an offset that came last year (after
        # leaving, if they left) is last year's income, with that year's deadline, not the one above.
        last = today.year - 1
        return [_("❔ Got a {year} Form 1099-R for it? Then the offset was in {year}, with {year}'s tax and a "
                  "deadline of {date}, not the ones above: give its day for that estimate.").format(
            year=str(last), date=f.texts.date(qualified_offset_deadline(last)))]
    return []
