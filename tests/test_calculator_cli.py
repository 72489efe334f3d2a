"""The command line: flags, JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.cli import run

ROOT = Path(__file__).resolve().parent.parent
BASE = ["--balance", "20000", "--age", "40", "--event", "separation", "--offset-date", "2025-06-01"]
TODAY = dt.date(2025, 7, 1)

REQUIRED_KEYS = {
    "distribution_type", "form_1099r_code", "rollover_eligible", "rollover_deadline", "offset_amount",
    "rolled_over", "taxable_amount", "federal_income_tax", "early_withdrawal_penalty", "penalty_exception",
    "state_income_tax", "state_additional_tax", "total_tax", "effective_rate", "withholding",
    "retirement_value_lost", "notes",
}  # fmt: skip


def test_json_output(capsys):
    assert run([*BASE, "--filing-status", "single", "--income", "60000", "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert REQUIRED_KEYS <= data.keys()
    assert data["distribution_type"] == "qualified_plan_loan_offset"
    assert data["form_1099r_code"] == "1M"
    assert data["rollover_eligible"] is True
    assert data["rollover_deadline"] == "2026-10-15"
    assert data["federal_income_tax"] == "3977.50"
    assert data["early_withdrawal_penalty"] == "2000.00"
    assert data["total_tax"] == "5977.50"
    assert data["withholding"] == "0.00"
    assert data["penalty_exception"] is None
    assert isinstance(data["notes"], list) and data["notes"]


def test_readable_output(capsys):
    assert run([*BASE, "--federal-rate", "22", "--state", "CA", "--state-rate", "9.3"], today=TODAY) == 0
    out = capsys.readouterr().out
    assert "Total tax" in out and "$8,760.00" in out  # 4,400 + 2,000 + 1,860 + 500
    assert "Notes:" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--balance", "-5", "--age", "40", "--event", "separation", "--federal-rate", "22"],
         "error: --balance must be more than 0 (got -5)"),
        (["--balance", "0", "--age", "40", "--event", "separation", "--federal-rate", "22"], "--balance"),
        (["--balance", "nan", "--age", "40", "--event", "separation", "--federal-rate", "22"], "--balance"),
        (["--balance", "inf", "--age", "40", "--event", "separation", "--federal-rate", "22"], "--balance"),
        (["--balance", "5", "--age", "200", "--event", "separation", "--federal-rate", "22"], "--age"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "101"], "--federal-rate"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "-1"], "--federal-rate"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "22", "--state-rate", "150",
          "--state", "NY"], "--state-rate"),
        (["--balance", "5", "--age", "40", "--event", "retire", "--federal-rate", "22"], "--event"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "22", "--rollover", "6"],
         "--rollover"),
        (["--balance", "5", "--age", "40", "--event", "default", "--federal-rate", "22", "--rollover", "1"],
         "--rollover"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--filing-status", "single", "--income", "1",
          "--offset-date", "2024-05-01"], "--filing-status"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "22", "--exception", "x"],
         "--exception"),
        (["--balance", "5", "--birth-date", "not-a-date", "--event", "separation", "--federal-rate", "22"],
         "--birth-date"),
        (["--balance", "5", "--age", "40", "--event", "separation"], "--federal-rate"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "22",
          "--missed-payment-date", "2025-05-01"], "--missed-payment-date: a missed payment date goes with the event default"),
        (["--balance", "5", "--age", "40", "--event", "default", "--federal-rate", "22",
          "--missed-payment-date", "2025-02-01", "--offset-date", "2025-07-01"], "by 2025-06-30 at the latest"),
        (["--balance", "5", "--age", "63", "--event", "separation", "--federal-rate", "12",
          "--social-security", "20000"], "--social-security goes with --filing-status"),
        (["--balance", "5", "--age", "63", "--event", "separation", "--filing-status", "single", "--income", "0",
          "--social-security", "-5"], "--social-security"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "22",
          "--offset-date", "2026-03-15", "--separation-date", "2025-03"],
         "--separation-date: leaving early or late in March 2025 decides whether the offset on 2026-03-15 came within"),
        (["--balance", "5", "--age", "40", "--event", "separation", "--federal-rate", "22",
          "--separation-date", "2025-13"], "--separation-date"),
        (["--nonsense"], "error:"),
    ],
)
def test_bad_input_is_one_line_and_status_2(argv, expected, capsys):
    assert run(argv, today=TODAY) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1
    assert expected in err
    assert "Traceback" not in err


def test_module_entry_point_exits_2_without_traceback():
    proc = subprocess.run(
        [sys.executable, "-m", "calculator", "--balance", "-5", "--age", "40", "--event", "separation",
         "--federal-rate", "22"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == "error: --balance must be more than 0 (got -5)\n"
    proc = subprocess.run(
        [sys.executable, "-m", "calculator", *BASE, "--federal-rate", "22", "--json"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["total_tax"] == "6400.00"


@pytest.mark.parametrize(
    ("missed", "cure", "possible", "line"),
    [
        ("2025-05-20", "2025-09-30", True, "Avoidable: make up the missed payments by September 30, 2025"),
        ("2025-03-31", "2025-06-30", False, "Cure period: ended by June 30, 2025 at the latest"),
    ],
)
def test_a_missed_payment_gives_the_cure_deadline(missed, cure, possible, line, capsys):
    # Without --offset-date, the deemed distribution is dated at the end of the cure period.
    argv = ["--balance", "8000", "--age", "40", "--event", "default", "--missed-payment-date", missed, "--federal-rate", "22"]
    assert run([*argv, "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cure_deadline"] == cure and data["cure_possible"] is possible
    assert data["tax_year"] == int(cure[:4]) and data["rollover_eligible"] is False
    assert run(argv, today=TODAY) == 0
    assert line in capsys.readouterr().out


def test_social_security_benefits_flag(capsys):
    argv = ["--balance", "15000", "--age", "64", "--event", "separation", "--offset-date", "2026-06-01",
            "--filing-status", "single", "--income", "15000", "--social-security", "20000"]
    assert run([*argv, "--json"], today=dt.date(2026, 7, 1)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["social_security_made_taxable"] == "9600.00"
    assert data["federal_income_tax"] == "2572.00"
    assert run(argv, today=dt.date(2026, 7, 1)) == 0
    assert "$9,600.00" in capsys.readouterr().out
    assert run([*BASE, "--federal-rate", "22", "--json"], today=TODAY) == 0
    assert json.loads(capsys.readouterr().out)["social_security_made_taxable"] is None


def test_governmental_457b_flag(capsys):
    assert run([*BASE, "--federal-rate", "22", "--governmental-457b", "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["early_withdrawal_penalty"] == "0.00" and data["penalty_exception"] == "governmental_457b"


def test_a_separation_month_settles_the_year_and_the_12_months(capsys):
    argv = ["--balance", "15000", "--age", "56", "--event", "separation", "--federal-rate", "22",
            "--offset-date", "2026-03-15", "--separation-date", "2025-09", "--json"]
    assert run(argv, today=dt.date(2026, 3, 20)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["distribution_type"] == "qualified_plan_loan_offset" and data["rollover_deadline"] == "2027-10-15"
    assert data["penalty_exception"] == "separation_at_55"  # 55 or 56 in 2025, the month's year
    assert any("You left your job in September 2025" in n for n in data["notes"])
    argv[argv.index("2025-09")] = "2024-12"
    assert run(argv, today=dt.date(2026, 3, 20)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["distribution_type"] == "plan_loan_offset" and data["rollover_deadline"] == "2026-05-14"
    assert any("after you left your job in December 2024" in n for n in data["notes"])


def test_california_without_a_rate_is_worked_out_by_its_brackets_on_the_federal_brackets(capsys):
    argv = ["--balance", "18500", "--age", "34", "--event", "separation", "--offset-date", "2025-06-01",
            "--filing-status", "single", "--income", "52000", "--state", "CA"]
    assert run([*argv, "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state_income_tax"] == "1255.04" and data["state_additional_tax"] == "462.50"
    assert data["state_marginal_rate"] == "8" and data["state_brackets_year"] == 2025
    assert any(n.startswith("California income tax by its 2025 tax rate schedules") for n in data["notes"])
    assert run(argv, today=TODAY) == 0
    assert "State bracket" in capsys.readouterr().out
    # A flat federal rate: no filing status, so the rate is still needed.
    assert run([*BASE, "--federal-rate", "22", "--state", "CA", "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state_income_tax"] == "0.00" and data["state_brackets_year"] is None


def test_a_maryland_rate_is_said_to_count_the_county_tax_only_if_it_includes_it(capsys):
    assert run([*BASE, "--federal-rate", "22", "--state", "MD", "--state-rate", "7.95", "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state_income_tax"] == "1590.00"
    assert any(n.startswith("Maryland's counties tax it too") for n in data["notes"])
    assert "This estimate counts the local income tax only if the 7.95% you gave includes it." in data["notes"]
    assert run(["--help"], today=TODAY) == 0
    assert "include any local income tax" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(("flag", "value"), [("--missed-payment-date", "2025-5"), ("--missed-payment-date", "2025-05")])
def test_a_missed_payment_month_is_enough_on_the_command_line(flag, value, capsys):
    argv = ["--balance", "8000", "--age", "40", "--event", "default", flag, value, "--federal-rate", "22"]
    assert run([*argv, "--json"], today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cure_deadline"] == "2025-09-30"
    assert any("your first missed payment was due in (May 2025)" in n for n in data["notes"])


def test_a_one_digit_month_reads_for_the_separation_date_too(capsys):
    argv = ["--balance", "8000", "--age", "40", "--event", "separation", "--separation-date", "2025-9",
            "--offset-date", "2025-10-01", "--federal-rate", "22", "--json"]
    assert run(argv, today=TODAY) == 0
    data = json.loads(capsys.readouterr().out)
    assert any("You left your job in September 2025" in n for n in data["notes"])


def test_chart_flag_writes_the_chats_chart_in_english(tmp_path, capsys):
    """`--chart PATH` writes the chart the chat sends with a breakdown (issue 24), worded in English."""
    from calculator import OffsetInput, estimate
    from calculator.chart import ENGLISH, chart_spec

    out = tmp_path / "chart.png"
    assert run([*BASE, "--federal-rate", "22", "--chart", str(out)], today=TODAY) == 0
    assert "Rollover: possible until" in capsys.readouterr().out  # the text is printed as without --chart
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") >= 800
    b = estimate(OffsetInput(balance=20000, age=40, event="separation", offset_date=dt.date(2025, 6, 1),
                             federal_rate=22), today=TODAY)
    spec = chart_spec(b, ENGLISH)
    assert spec.title == "Where your $20,000 goes"
    assert [s.label for s in spec.legend] == ["Federal tax", "10% additional tax", "Left after tax"]
    assert spec.bars[1].label == "If you roll it all over by October 15, 2026"


def test_chart_flag_to_a_path_that_cannot_be_written_is_one_line_and_status_2(tmp_path, capsys):
    assert run([*BASE, "--federal-rate", "22", "--chart", str(tmp_path / "no" / "such" / "chart.png")], today=TODAY) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --chart: cannot write") and err.count("\n") == 1
