"""The breakdown's first lines: the offset and its tax year, what kind of distribution it is (with its
Form 1099-R code), what was rolled over, and a balance too large to be a 401(k) loan."""

from __future__ import annotations

from calculator.models import DistributionType
from conversations.i18n import N_
from conversations.replies.facts import Facts

__all__ = ["headline_lines", "kind_label", "over_limit_lines"]

_KIND_LABELS = {
    DistributionType.QUALIFIED_PLAN_LOAN_OFFSET: N_("Qualified plan loan offset"),
    DistributionType.PLAN_LOAN_OFFSET: N_("Plan loan offset"),
    DistributionType.DEEMED_DISTRIBUTION: N_("Deemed distribution"),
}


def kind_label(f: Facts) -> str:
    """"Qualified plan loan offset" and the like, translated."""
    return f.texts.gettext(_KIND_LABELS.get(f.b.distribution_type, str(f.b.distribution_type)))


def headline_lines(f: Facts) -> list[str]:
    _ = f.texts.gettext
    money = f.texts.money
    b = f.b
    lines = [
        _("📊 {amount} loan offset, tax year {year}").format(amount=money(b.offset_amount), year=str(b.tax_year)),
        _("{kind} (Form 1099-R code {code})").format(kind=kind_label(f), code=b.form_1099r_code),
    ]
    if b.rolled_over > 0:
        lines.append(_("🔁 Rolled over: {amount}; taxable: {taxable}").format(
            amount=money(b.rolled_over), taxable=money(b.taxable_amount)
        ))
    return lines


def over_limit_lines(f: Facts) -> list[str]:
    """Above the 72(p) ceiling the figure is probably a typo, or the loan was taxed when it was made: said
    first, before any figure is trusted."""
    over_limit = f.notes.get("loan.over_limit")
    if over_limit is None:
        return []
    return [f.texts.gettext(
        "⚠️ That is more than a 401(k) loan can usually be ({limit}): please check the balance.").format(
        limit=f.texts.money_whole(over_limit.params["limit"]))]
