"""When reminders go out for a deadline (see `plan_reminders`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

DEFAULT_OFFSETS: Final = (30, 7)
DEFAULT_SEND_HOUR_UTC: Final = 15  # 10-11am in New York, 7-8am in Los Angeles


def plan_reminders(
    deadline: dt.date,
    today: dt.date,
    offsets: Iterable[int] = DEFAULT_OFFSETS,
    send_hour_utc: int = DEFAULT_SEND_HOUR_UTC,
) -> list[tuple[str, dt.datetime]]:
    """``[(kind, remind_at), ...]`` soonest first: ``("30d", 15:00 UTC 30 days before)``...

    A reminder whose day is `today` or earlier is skipped; if every one is, and
    the deadline is after today, there is one fallback: "1d" (the day before the
    deadline) or, when the deadline is tomorrow, "0d" (the deadline's morning).
    Nothing for a deadline today or past.
    """
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise TypeError("deadline must be a date")
    if not isinstance(today, dt.date) or isinstance(today, dt.datetime):
        raise TypeError("today must be a date")
    if not 0 <= int(send_hour_utc) <= 23:
        raise ValueError("send_hour_utc must be 0-23")
    days = sorted({int(d) for d in offsets}, reverse=True)
    if any(d < 0 for d in days):
        raise ValueError("reminder offsets are days before the deadline: 0 or more")
    at = dt.time(int(send_hour_utc), tzinfo=dt.UTC)

    plan = [(f"{d}d", dt.datetime.combine(deadline - dt.timedelta(days=d), at)) for d in days]
    plan = [(kind, moment) for kind, moment in plan if moment.date() > today]
    if not plan and deadline > today:
        d = 1 if deadline - dt.timedelta(days=1) > today else 0
        plan = [(f"{d}d", dt.datetime.combine(deadline - dt.timedelta(days=d), at))]
    return plan
