"""Machine instructions per estimate, counted by valgrind: a figure that does not drift.

    python bench/count_instructions.py [--rounds 500]

The wall clock of a shared virtual machine varies twofold from second to
second, which hides a 10% change in the calculator. The number of instructions
CPython executes for an estimate does not: this script runs the bench's loop
(`OffsetInput.model_validate` + `estimate()`, see bench_calculator.py) under
`valgrind --tool=callgrind` twice, with no rounds and with `--rounds`, and
divides the difference by the estimates done, so start-up and imports cancel
out. Hash randomisation is fixed (PYTHONHASHSEED=0) so dict probing repeats.

Needs valgrind (Debian: `apt-get install valgrind`); takes about a minute.
A CPU that retires N billion of these instructions a second does about
N * 1e9 / count estimates a second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def inner(rounds: int, mix: str) -> None:
    """The measured loop (run under valgrind)."""
    from bench_calculator import CASES, varied

    from calculator import OffsetInput, estimate

    cases = CASES if mix == "fixed" else varied()
    today = dt.date(2025, 12, 1)
    validate = OffsetInput.model_validate
    for case in CASES:  # load the data files in both runs
        estimate(validate(case), today=today).note_details
    for _ in range(rounds):
        for case in cases:
            estimate(validate(case), today=today)


def count(rounds: int, mix: str) -> int:
    env = dict(os.environ, PYTHONHASHSEED="0")
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, __file__, "--inner", str(rounds), mix],
        capture_output=True, text=True, env=env, check=True,
    )
    match = re.search(r"refs:\s*([\d,]+)", run.stderr)
    if match is None:
        raise SystemExit(f"valgrind gave no instruction count:\n{run.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=500, help="rounds of the six fixed cases")
    parser.add_argument("--inner", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(int(args.inner[0]), args.inner[1])
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction count (Debian: apt-get install valgrind)")
        return 0
    from bench_calculator import CASES

    for mix, rounds, per_round in (("fixed", args.rounds, len(CASES)), ("varied", max(1, args.rounds * 6 // 2000), 2000)):
        base = count(0, mix)
        total = count(rounds, mix)
        label = "six fixed cases" if mix == "fixed" else "2,000 varied people"
        print(f"{label}: {(total - base) / (rounds * per_round):,.0f} instructions per estimate "
              f"(OffsetInput.model_validate + estimate(); {rounds * per_round:,} estimates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
