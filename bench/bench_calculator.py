"""Estimates per second through the public API: validate an OffsetInput, call estimate().

Run: python bench/bench_calculator.py [--seconds N] [--parts]. The goal is 50,000 a
second on one core; the figure is printed with the machine it was measured on.

The inputs are validated with `OffsetInput.model_validate(dict)`, as the chat
does with the answers it stored. Two mixes: six fixed cases covering the paths
(bracket and flat tax, the three distribution types, exceptions, states,
rollovers), and 2,000 varied people (seeded) so that the calculator's small
caches (birth-date windows, growth factors, deadlines) are measured missing as
well as hitting. On a shared machine the wall clock varies twofold from second
to second; `bench/count_instructions.py` gives a figure that does not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
import timeit
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calculator import OffsetInput, estimate  # noqa: E402

GOAL = 50_000

# A mix of the paths a conversation produces: bracket and flat federal tax,
# the three distribution types, exceptions, states, rollovers.
CASES = [
    dict(balance=Decimal("20000"), age=40, event="separation", offset_date=dt.date(2025, 6, 1),
         filing_status="single", income=Decimal("60000")),
    dict(balance=Decimal("8000"), age=35, event="separation", offset_date=dt.date(2026, 3, 10),
         separation_date=dt.date(2024, 12, 1), federal_rate=Decimal("22"), state="CA", state_rate=Decimal("9.3")),
    dict(balance=Decimal("15000"), birth_date=dt.date(1968, 2, 14), event="separation",
         offset_date=dt.date(2025, 9, 30), filing_status="married-joint", income=Decimal("140000"),
         spouse_age=66, state="IL", rollover=Decimal("5000")),
    dict(balance=Decimal("12000"), age=45, event="default", offset_date=dt.date(2026, 6, 30),
         filing_status="head-of-household", income=Decimal("52000"), state="TX"),
    dict(balance=Decimal("30000"), age=67, event="plan-termination", offset_date=dt.date(2025, 11, 1),
         filing_status="single", income=Decimal("70000"), state="NY", state_rate=Decimal("6")),
    dict(balance=Decimal("5000"), age=33, event="separation", offset_date=dt.date(2024, 5, 5),
         federal_rate=Decimal("12"), exception="disability", designated_roth=True,
         account_balance=Decimal("10000"), account_basis=Decimal("9400")),
]


def varied(count: int = 2000, seed: int = 2026) -> list[dict]:
    """`count` plausible people: ages 20-75 or birth dates, offsets on any day of
    2025-2026, the four filing statuses or a flat rate, a third with a state."""
    rng = random.Random(seed)
    states = ["CA", "NY", "IL", "PA", "TX", "FL", "NJ", "GA", "OH", "WA"]
    people = []
    for _ in range(count):
        offset = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(730))
        person: dict = {
            "balance": Decimal(rng.randrange(500_00, 50_000_00)) / 100,
            "event": rng.choice(["separation", "separation", "separation", "plan-termination", "default"]),
            "offset_date": offset,
        }
        if rng.random() < 0.8:
            person["age"] = rng.randrange(20, 76)
        else:
            person["birth_date"] = dt.date(rng.randrange(1950, 2004), rng.randrange(1, 13), rng.randrange(1, 29))
        if person["event"] == "separation" and rng.random() < 0.3:
            person["separation_date"] = offset - dt.timedelta(days=rng.randrange(500))
        if rng.random() < 0.6:
            person["filing_status"] = rng.choice(["single", "married-joint", "married-separate", "head-of-household"])
            person["income"] = Decimal(rng.randrange(0, 250_000))
        else:
            person["federal_rate"] = Decimal(rng.choice([10, 12, 22, 24, 32]))
        if rng.random() < 0.35:
            person["state"] = rng.choice(states)
            person["state_rate"] = Decimal(rng.randrange(0, 100)) / 10
        if person["event"] != "default" and rng.random() < 0.15:
            person["rollover"] = (person["balance"] / 2).quantize(Decimal("0.01"))
        people.append(person)
    return people


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    # The interpreter's build matters as much as the CPU: a CPython built with
    # PGO and LTO (Debian's /usr/bin/python3, the python:3.11-slim image) ran
    # these estimates ~20% faster here than pyenv's default build of the same version.
    return (f"{platform.platform()}; CPU {cpu}; Python {platform.python_version()} "
            f"({platform.python_implementation()}, {sys.executable})")


def _rate(cases: list[dict], seconds: float, read_notes: bool) -> list[float]:
    """Estimates per second in slices of about 0.2 s, so a neighbour's burst on a
    shared machine spoils a slice rather than the whole figure."""
    today = dt.date(2025, 12, 1)
    validate = OffsetInput.model_validate
    for case in CASES:  # load the data files outside the timing
        estimate(validate(case), today=today).note_details
    rates = []
    end = time.perf_counter() + seconds
    while True:
        done = 0
        start = time.perf_counter()
        while True:
            if read_notes:
                for case in cases:
                    estimate(validate(case), today=today).note_details
            else:
                for case in cases:
                    estimate(validate(case), today=today)
            done += len(cases)
            if done >= 300 and (now := time.perf_counter()) - start >= 0.2:
                break
        rates.append(done / (now - start))
        if now >= end:
            return rates


def run(seconds: float, read_notes: bool = False) -> float:
    """The median slice's rate (the fixed cases)."""
    return statistics.median(_rate(CASES, seconds, read_notes))


def parts(rounds: int = 2000) -> dict[str, float]:
    """Microseconds per estimate for each part, best of five (CPU time, so other
    processes on a shared machine disturb it less than the wall clock)."""
    today = dt.date(2025, 12, 1)
    inputs = [OffsetInput(**case) for case in CASES]

    def best(fn) -> float:  # noqa: ANN001
        return min(timeit.Timer(fn, timer=time.process_time).repeat(number=rounds, repeat=5)) / rounds / len(CASES) * 1e6

    def written() -> None:  # what a reader of Breakdown.note_details pays on top (written lazily)
        for inp in inputs:
            estimate(inp, today=today).note_details

    def english() -> None:  # ... and of Breakdown.notes, the English text
        for inp in inputs:
            estimate(inp, today=today).notes

    build = best(lambda: [OffsetInput.model_validate(case) for case in CASES])
    rules = best(lambda: [estimate(inp, today=today) for inp in inputs])
    notes = best(written)
    return {"OffsetInput": build, "estimate()": rules, "notes": notes - rules, "English text": best(english) - notes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--parts", action="store_true", help="also print the microseconds each part takes")
    args = parser.parse_args()
    rates = _rate(CASES, args.seconds, read_notes=False)
    rate = statistics.median(rates)
    mixed = _rate(varied(), args.seconds, read_notes=False)
    with_notes = statistics.median(_rate(CASES, args.seconds, read_notes=True))
    print(f"machine: {machine()}")
    print(f"machine speed: sum(range(1000)) takes {reference_us():.1f} µs")
    print(
        f"estimates per second (OffsetInput.model_validate + estimate, one core): {rate:,.0f} "
        f"(median of {len(rates)} slices; best {max(rates):,.0f}, worst {min(rates):,.0f})"
    )
    print(
        f"2,000 varied people: {statistics.median(mixed):,.0f} per second "
        f"(median of {len(mixed)} slices; best {max(mixed):,.0f}, worst {min(mixed):,.0f})"
    )
    print(
        f"goal: {GOAL:,} per second -> median {'met' if rate >= GOAL else 'NOT met'}, "
        f"best slice {'met' if max(rates) >= GOAL else 'NOT met'}"
    )
    print(f"with the notes written too (what a chat reply reads): {with_notes:,.0f} per second")
    if args.parts:
        print("µs per estimate: " + ", ".join(f"{name} {us:.1f}" for name, us in parts().items()))
    return 0


def reference_us() -> float:
    """A plain-Python yardstick, to compare figures taken on different machines."""
    numbers = range(1000)
    return min(timeit.repeat(lambda: sum(numbers), number=2000, repeat=5)) / 2000 * 1e6


if __name__ == "__main__":
    sys.exit(main())
