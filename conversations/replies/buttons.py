"""The buttons under a breakdown: the what-ifs (roll over all or half, another rate, a government 457(b),
public-safety service, why these numbers), "⏰ Remind me", a new estimate; and the data each carries."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from calculator.models import Breakdown, OffsetInput
from conversations.api import Choice
from conversations.i18n import Texts
from conversations.public_safety import service_what_if
from conversations.replies.payment import payment_due
from conversations.replies.way_out import reminder_deadline

__all__ = ["MORE", "all_whatif_choices", "rate_choices", "remind_data", "remind_label", "whatif_choices", "whatif_data"]

_RATES = ("10", "12", "22", "24", "32", "35", "37")
#: The what-if kind of "More…": it shows every button in place of the few (`all_whatif_choices`).
MORE = "more"
#: The what-ifs shown first, with "⏰ Remind me": the likely next steps; the rest are behind "More…".
_LIKELY = frozenset({"all", "rate", "why"})


def whatif_data(estimate_id: int, kind: str, value: str = "") -> str:
    """Callback data for a what-if: "w:<estimate id>:<kind>[:<value>]"."""
    return f"w:{estimate_id}:{kind}" + (f":{value}" if value else "")


def remind_data(estimate_id: int) -> str:
    """Callback data for "⏰ Remind me" under a breakdown: "rm:<estimate id>"."""
    return f"rm:{estimate_id}"


def remind_label(texts: Texts, breakdown: Breakdown, today: dt.date) -> str | None:
    """The "⏰ Remind me" button's label, when a deadline that avoids the tax, or the day to pay it, is still
    ahead; None when there is nothing to remind of."""
    deadline = reminder_deadline(breakdown)
    if deadline is not None and deadline > today:
        return texts.gettext("⏰ Remind me before the deadline")
    if (due := payment_due(breakdown, today)) is not None:  # no deadline that avoids the tax, only the day to pay it
        return texts.gettext("⏰ Remind me to pay by {date}").format(date=texts.date(due.day))
    return None


def whatif_choices(
    texts: Texts, breakdown: Breakdown, inputs: OffsetInput, estimate_id: int, *, remind: str | None = None
) -> tuple[tuple[Choice, ...], ...]:
    """The buttons under a breakdown: at most four, the likely ones (remind me, roll over all, another rate,
    why), and "More…" for the others, which shows `all_whatif_choices` in their place."""
    every = [c for row in all_whatif_choices(texts, breakdown, inputs, estimate_id, remind=remind) for c in row]
    reminder = tuple(c for c in every if c.data.startswith("rm:"))
    likely = [c for c in every if c.data.startswith("w:") and c.data.rsplit(":", 1)[-1] in _LIKELY]
    more = [Choice(texts.gettext("➕ More…"), whatif_data(estimate_id, MORE))] if len(every) > len(reminder) + len(
        likely) else []
    rows = (reminder, tuple(likely[:2]), (*likely[2:], *more))
    return tuple(r for r in rows if r)


def all_whatif_choices(
    texts: Texts, breakdown: Breakdown, inputs: OffsetInput, estimate_id: int, *, remind: str | None = None
) -> tuple[tuple[Choice, ...], ...]:
    """Every button under a breakdown, as "More…" shows them; `remind`, the "⏰ Remind me" button's label
    (see `remind_label`)."""
    _ = texts.gettext
    rows: list[tuple[Choice, ...]] = []
    if remind:
        rows.append((Choice(remind, remind_data(estimate_id)),))
    if breakdown.rollover_eligible:
        rows.append(_rollover_row(texts, inputs, estimate_id))
    rate_row = [Choice(_("🧾 Another tax rate"), whatif_data(estimate_id, "rate"))]
    if breakdown.early_withdrawal_penalty > 0 and not inputs.governmental_457b:
        # Public employees often borrow from a 457(b), which the 10% does not reach: one tap to see it.
        rate_row.append(Choice(_("🏛 A government 457(b)?"), whatif_data(estimate_id, "457")))
    rows.append(tuple(rate_row))
    if service_what_if(inputs, breakdown):  # not asked under 50: offered here instead
        rows.append((Choice(_("🚒 25 years in public safety?"), whatif_data(estimate_id, "ps")),))
    rows.append(
        (
            Choice(_("📝 Why these numbers"), whatif_data(estimate_id, "why")),
            Choice(_("🆕 New estimate"), "c:start"),
        )
    )
    return tuple(r for r in rows if r)


def _rollover_row(texts: Texts, inputs: OffsetInput, estimate_id: int) -> tuple[Choice, ...]:
    """Roll over all, half, or none: each only when it is not what the estimate already did."""
    _ = texts.gettext
    roll: list[Choice] = []
    if inputs.rollover < inputs.balance:
        roll.append(Choice(_("🔁 Roll over all"), whatif_data(estimate_id, "all")))
    half = (inputs.balance / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if inputs.rollover != half:
        roll.append(Choice(_("🔁 Roll over half"), whatif_data(estimate_id, "half")))
    if inputs.rollover > 0:
        roll.append(Choice(_("↩️ No rollover"), whatif_data(estimate_id, "none")))
    return tuple(roll)


def rate_choices(texts: Texts, estimate_id: int) -> tuple[tuple[Choice, ...], ...]:
    """The federal brackets as buttons, for "🧾 Another tax rate"."""
    return (
        tuple(Choice(texts.percent(Decimal(r)), whatif_data(estimate_id, "r", r)) for r in _RATES[:4]),
        tuple(Choice(texts.percent(Decimal(r)), whatif_data(estimate_id, "r", r)) for r in _RATES[4:]),
    )
