"""`python -m calculator` / `loan-offset-calculator`: one breakdown, readable or as JSON.

Bad input ends with exit status 2 and one line on stderr naming the flag and
what it allows; nothing ever ends in a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from pydantic import ValidationError

from calculator.engine import estimate
from calculator.english import english_date, english_money
from calculator.errors import CalculatorError, field_errors
from calculator.models.breakdown import Breakdown
from calculator.models.enums import ASSERTABLE_EXCEPTIONS
from calculator.models.inputs import OffsetInput

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1

# OffsetInput field -> the flag a person types.
FLAGS = {
    "balance": "--balance",
    "age": "--age",
    "birth_date": "--birth-date",
    "event": "--event",
    "offset_date": "--offset-date",
    "separation_date": "--separation-date",
    "missed_payment_date": "--missed-payment-date",
    "federal_rate": "--federal-rate",
    "filing_status": "--filing-status",
    "income": "--income",
    "spouse_age": "--spouse-age",
    "social_security": "--social-security",
    "state": "--state",
    "state_rate": "--state-rate",
    "public_safety": "--public-safety",
    "governmental_457b": "--governmental-457b",
    "exception": "--exception",
    "rollover": "--rollover",
    "annual_return": "--return",
    "retirement_age": "--retirement-age",
}

JSON_KEYS = (
    "distribution_type", "form_1099r_code", "rollover_eligible", "rollover_deadline", "offset_amount",
    "rolled_over", "taxable_amount", "federal_income_tax", "early_withdrawal_penalty", "penalty_exception",
    "state_income_tax", "state_additional_tax", "total_tax", "effective_rate", "withholding",
    "retirement_value_lost", "notes",
    # extras
    "federal_marginal_rate", "set_aside", "tax_year", "years_to_retirement", "birthday_would_change",
    "separation_date_would_change", "loan_still_owed", "cure_deadline", "cure_possible", "state_retirement_exclusion",
    "social_security_made_taxable", "state_exclusion_amount", "state_marginal_rate", "state_brackets_year",
)  # fmt: skip


class _BadInput(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own errors: one line, status 2
        raise _BadInput(message.replace("\n", " "))


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="loan-offset-calculator",
        description="What an unpaid 401(k) loan (offset or default) costs in tax, and how to avoid it.",
    )
    _loan_flags(p)
    _tax_flags(p)
    _exception_and_growth_flags(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--chart", metavar="PATH", help="also write the breakdown's chart (PNG) to PATH, as the chat sends it")
    return p


def _loan_flags(p: argparse.ArgumentParser) -> None:
    """The loan, the person's age, and what happened when."""
    p.add_argument("--balance", metavar="AMOUNT", required=True, help="loan balance, accrued interest included (USD)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--age", metavar="YEARS", help="age in whole years on the offset date")
    who.add_argument("--birth-date", metavar="YYYY-MM-DD", help="birth date (exact 59 1/2 and rule of 55)")
    p.add_argument("--event", required=True, choices=("separation", "plan-termination", "default"))
    p.add_argument(
        "--offset-date",
        metavar="YYYY-MM-DD",
        help="date of the offset or deemed distribution (default: today, or the end of the cure period)",
    )
    p.add_argument(
        "--missed-payment-date",
        metavar="YYYY-MM-DD",
        help="with --event default: the day the first missed loan payment was due; YYYY-MM when only the month "
        "is known (the cure period needs no more)",
    )
    p.add_argument(
        "--separation-date",
        metavar="YYYY-MM-DD",
        help="day employment ended (default: offset date); YYYY-MM when only the month is known",
    )


def _tax_flags(p: argparse.ArgumentParser) -> None:
    """The federal tax (a flat rate, or a filing status with income) and the state's."""
    fed = p.add_mutually_exclusive_group(required=True)
    fed.add_argument("--federal-rate", metavar="PCT", help="flat federal marginal rate, percent")
    fed.add_argument(
        "--filing-status",
        choices=("single", "married-joint", "married-separate", "head-of-household", "qualifying-surviving-spouse"),
    )
    p.add_argument("--income", metavar="AMOUNT", help="the year's other income (with --filing-status)")
    p.add_argument("--spouse-age", metavar="YEARS", help="spouse's age at year end (married-joint)")
    p.add_argument(
        "--social-security",
        metavar="AMOUNT",
        help="the year's Social Security benefits, both spouses' on a joint return (with --filing-status; "
        "--income is then the other income without them)",
    )
    p.add_argument("--state", metavar="XX", help="two-letter state code")
    p.add_argument(
        "--state-rate",
        metavar="PCT",
        help="state income tax rate, percent; without it, the rate a state's law sets on all income (NC, PA...), "
        "or, with --filing-status and --income, California's tax by its brackets; include any local income "
        "tax (Maryland and Indiana counties, New York City, Yonkers, Ohio school districts)",
    )


def _exception_and_growth_flags(p: argparse.ArgumentParser) -> None:
    """What can remove the 10%, the rollover, and the growth the account loses."""
    p.add_argument("--public-safety", action="store_true", help="qualified public safety employee")
    p.add_argument(
        "--governmental-457b", action="store_true", help="the loan is from a governmental 457(b) plan (no 10%% tax)"
    )
    p.add_argument(
        "--exception",
        metavar="NAME",
        help="a 72(t) exception you assert: " + ", ".join(sorted(e.value for e in ASSERTABLE_EXCEPTIONS)),
    )
    p.add_argument("--rollover", metavar="AMOUNT", help="amount you roll over (deposit in an IRA or plan)")
    p.add_argument("--return", dest="annual_return", metavar="PCT", help="assumed yearly growth (default 6)")
    p.add_argument("--retirement-age", metavar="YEARS", help="retirement age for lost growth (default 67)")


# A month said without its day, as --missed-payment-date and --separation-date take it: "2025-09".
_YEAR_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")


def _inputs(args: argparse.Namespace) -> dict[str, object]:
    values: dict[str, object] = {
        "event": args.event, "public_safety": args.public_safety, "governmental_457b": args.governmental_457b,
    }
    for field in FLAGS:
        if field in values:
            continue
        raw = getattr(args, field, None)
        if raw is not None:
            values[field] = raw
    # A month said without its day (YYYY-MM): all the cure period needs, and the year the rule of 55 needs.
    for field, flag in (("missed_payment_date", "missed_payment_month"), ("separation_date", "separation_month")):
        month = values.get(field)
        if isinstance(month, str) and (m := _YEAR_MONTH.fullmatch(month)):
            values[field] = f"{m[1]}-{int(m[2]):02d}-01"
            values[flag] = True
    if "exception" in values:
        values["exception"] = str(values["exception"]).strip().lower().replace("-", "_")
    if args.income is not None and args.filing_status is None:
        raise _BadInput("--income goes with --filing-status (or give --federal-rate alone)")
    if args.social_security is not None and args.filing_status is None:
        raise _BadInput("--social-security goes with --filing-status and --income: a flat rate cannot show how much "
                        "more of the benefits the offset makes taxable")
    if args.spouse_age is not None and args.filing_status is None:
        raise _BadInput("--spouse-age goes with --filing-status married-joint")
    return values


def _describe(error: ValidationError, values: dict[str, object]) -> str:
    field, message = field_errors(error)[0]
    flag = FLAGS.get(field, field or "input")
    if field == "exception" and "one of" in message:
        message = "must be one of: " + ", ".join(sorted(e.value for e in ASSERTABLE_EXCEPTIONS))
    got = values.get(field)
    shown = f" (got {got})" if got is not None and not isinstance(got, bool) and error.errors()[0]["loc"] else ""
    # Model-level messages are whole sentences that already name the input.
    if not error.errors()[0]["loc"]:
        return f"{flag}: {message}"
    return f"{flag} {message}{shown}"


def _money(value: Decimal) -> str:
    return english_money(value)


def render_text(b: Breakdown) -> str:
    kind = b.distribution_type.value.replace("_", " ")
    lines = [
        f"401(k) loan: {_money(b.offset_amount)}, a {kind} (tax year {b.tax_year}; "
        f"Form 1099-R code {b.form_1099r_code} likely)",
    ]
    if b.cure_deadline is not None and b.cure_possible:
        lines.append(f"Avoidable: make up the missed payments by {english_date(b.cure_deadline)} (the longest cure "
                     "period allowed; ask your plan for its own)")
    elif b.cure_deadline is not None:
        lines.append(f"Cure period: ended by {english_date(b.cure_deadline)} at the latest")
    if b.rollover_deadline is None:
        lines.append("Rollover: not possible (deemed distribution; the loan is still owed)")
    elif b.rollover_eligible:
        lines.append(f"Rollover: possible until {english_date(b.rollover_deadline)}")
    else:
        lines.append(f"Rollover: the deadline, {english_date(b.rollover_deadline)}, has passed")
    rows = [
        ("Offset amount", b.offset_amount),
        ("Rolled over", b.rolled_over),
        ("Taxable amount", b.taxable_amount),
        ("Federal income tax", b.federal_income_tax),
        ("10% additional tax", b.early_withdrawal_penalty),
        ("State income tax", b.state_income_tax),
        ("State additional tax", b.state_additional_tax),
        ("Total tax", b.total_tax),
        ("Withheld", b.withholding),
        ("Set aside", b.set_aside),
    ]
    width = max(len(_money(v)) for _, v in rows)
    lines.append("")
    for label, value in rows:
        lines.append(f"  {label:<22}{_money(value):>{width}}")
    lines.append(f"  {'Effective rate':<22}{str(b.effective_rate) + '%':>{width}}")
    if b.federal_marginal_rate is not None:
        lines.append(f"  {'Federal bracket':<22}{str(b.federal_marginal_rate) + '%':>{width}}")
    if b.state_brackets_year is not None and b.state_marginal_rate is not None:
        lines.append(f"  {'State bracket':<22}{str(b.state_marginal_rate) + '%':>{width}}")
    lines.append(f"  {'Exception':<22}{b.penalty_exception or 'none':>{width}}")
    if b.social_security_made_taxable:
        lines.append(f"  {'Soc. Sec. now taxed':<22}{_money(b.social_security_made_taxable):>{width}}")
    lines.append(f"  {'Lost by retirement':<22}{_money(b.retirement_value_lost):>{width}}")
    if b.birthday_would_change or b.separation_date_would_change:
        lines.append("")
    if b.birthday_would_change:
        lines.append("Your birth date (--birth-date) could change this result.")
    if b.separation_date_would_change:
        lines.append("The date you left your job (--separation-date) could change this result.")
    lines.append("")
    lines.append("Notes:")
    lines.extend(f"  - {text}" for text in b.notes)
    return "\n".join(lines)


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value  # enums
    return value


def render_json(b: Breakdown) -> str:
    return json.dumps({k: _json_value(getattr(b, k)) for k in JSON_KEYS}, ensure_ascii=False)


def run(argv: list[str] | None = None, *, today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    values: dict[str, object] = {}
    try:
        args = build_parser().parse_args(argv)
        values = _inputs(args)
        inp = OffsetInput(**values)
        breakdown = estimate(inp, today=today)
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    except _BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValidationError as exc:
        print(f"error: {_describe(exc, values)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except CalculatorError as exc:
        print(f"error: {FLAGS.get(exc.field, exc.field)}: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - a person sees one line, never a traceback
        print(f"error: internal error ({type(exc).__name__}: {exc})".replace("\n", " "), file=sys.stderr)
        return EXIT_INTERNAL
    if args.chart and (problem := _write_chart(args.chart, breakdown, inp.annual_return)):
        print(f"error: --chart: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(render_json(breakdown) if args.json else render_text(breakdown))
    return 0


def _write_chart(path: str, breakdown: Breakdown, annual_return: Decimal) -> str | None:
    """Write the chart to `path`; what went wrong, in a few words, or None."""
    from calculator.chart import render  # Pillow only when a chart is asked for

    try:
        Path(path).write_bytes(render(breakdown, annual_return=annual_return))
    except OSError as exc:
        return f"cannot write {path} ({exc.strerror or exc})"
    return None


def main(argv: list[str] | None = None) -> int:
    try:
        return run(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
