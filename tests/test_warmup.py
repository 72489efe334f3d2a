"""The start-up warm-up: it runs the conversation in every language without touching anyone's state."""

from __future__ import annotations

import datetime as dt

from calculator.rules import deadlines
from conversations.i18n import available_languages
from conversations.warmup import warm_up


async def test_warm_up_runs_each_language_and_loads_the_due_dates():
    deadlines.extended_due_date.cache_clear()
    deadlines._dc_holidays.cache_clear()
    turns = await warm_up(clock=lambda: dt.datetime(2026, 3, 10, 12, 0))
    assert turns == 4 * len(available_languages())
    # Offsets from 2024 to 2027: their deadlines are ready before the first person asks.
    for year in range(2024, 2028):
        assert extended_due_date_cached(year)


def extended_due_date_cached(year: int) -> bool:
    before = deadlines.extended_due_date.cache_info().hits
    deadlines.extended_due_date(year)
    return deadlines.extended_due_date.cache_info().hits == before + 1
