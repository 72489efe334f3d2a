"""The breakdown as a phone-sized plain-text message, and its what-if buttons.

Plain text only (no HTML/Markdown), so nothing needs escaping and nothing a
person typed can change how it shows. The message is its sections in order;
each section is a function of the same `Facts` (see the package docstring).
"""

from __future__ import annotations

import datetime as dt
import functools

from calculator.models import Breakdown, OffsetInput
from conversations.api import Picture, Reply
from conversations.i18n import Texts
from conversations.replies.assumptions import assumption_lines
from conversations.replies.buttons import remind_label, whatif_choices
from conversations.replies.chart import breakdown_chart
from conversations.replies.facts import Facts
from conversations.replies.first_screen import ASK_A_PROFESSIONAL, amend_lines, first_screen_lines
from conversations.replies.growth import growth_lines
from conversations.replies.headline import headline_lines
from conversations.replies.parts import parts_lines, total_line
from conversations.replies.way_out import deadline_rule_lines, later_lines

__all__ = ["ASK_A_PROFESSIONAL", "CHART_FILENAME", "breakdown_reply", "breakdown_text", "first_screen_lines"]

#: The breakdown's chart, as a file name (the terminal saves it under this name; Telegram shows it as a photo).
CHART_FILENAME = "estimate.png"


def breakdown_text(
    texts: Texts,
    b: Breakdown,
    inputs: OffsetInput,
    *,
    title: str | None = None,
    today: dt.date | None = None,
    public_safety_unasked: bool = False,
    left_unasked: bool = False,
    echo: str | None = None,
) -> str:
    """The breakdown for a chat: the first screen (first_screen.py), then the parts, what they assumed, what
    else changes what to do now, and the growth lost. What applies to few (income effects, estimated-payment
    mechanics, Social Security not counted) is for "📝 Why these numbers" (why.py).

    A one-line estimate asks nothing, so what it could not ask is said next to the parts:
    `public_safety_unasked`, a public-safety job would waive the 10%; `left_unasked`, the plan ended and
    having left the job too (the rule of 55) would. `echo`, what a one-line estimate read, goes after the
    first screen."""
    f = Facts.of(texts, b, inputs, today)
    lines = [
        *([title] if title else []),
        *first_screen_lines(f),
        *amend_lines(f),
        *(["", echo] if echo else []),
        "",
        *headline_lines(f),
        *deadline_rule_lines(f),
        *parts_lines(f),
        total_line(f),
        *assumption_lines(f, public_safety_unasked=public_safety_unasked, left_unasked=left_unasked),
        *later_lines(f),
        *growth_lines(f),
    ]
    return "\n".join(lines)


def breakdown_reply(
    texts: Texts,
    breakdown: Breakdown,
    inputs: OffsetInput,
    estimate_id: int,
    *,
    title: str | None = None,
    today: dt.date | None = None,
) -> Reply:
    """The breakdown with its buttons; with `today`, a "⏰ Remind me" button when a deadline is still ahead.

    Its picture is the chart of the same breakdown (replies/chart.py, drawn by calculator/chart/), drawn only by a front end that shows it.
    """
    return Reply(
        text=breakdown_text(texts, breakdown, inputs, title=title, today=today),
        choices=whatif_choices(
            texts, breakdown, inputs, estimate_id, remind=remind_label(texts, breakdown, today) if today else None
        ),
        picture=Picture(
            CHART_FILENAME, functools.partial(breakdown_chart, breakdown, texts, annual_return=inputs.annual_return)
        ),
    )
